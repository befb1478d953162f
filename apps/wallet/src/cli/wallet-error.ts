/** A failure the citizen can act on; `code` is the server's problem code when the server refused. */
export class WalletError extends Error {
  constructor(
    message: string,
    readonly code = 'wallet-error',
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'WalletError';
  }
}

/** A field the server's answer must carry; without it the server speaks another protocol version. */
export function expected<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new WalletError(`the platform's answer lacks ${what}: is it the same version as this wallet?`, 'protocol-mismatch');
  return value;
}
