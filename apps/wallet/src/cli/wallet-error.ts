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
