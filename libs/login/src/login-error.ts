/** Why a login request was refused; each maps to one OAuth error at the gateway. */
export type LoginErrorCode =
  | 'request-invalid'
  | 'login-unknown'
  | 'login-expired'
  | 'login-used'
  | 'login-decided'
  | 'device-mismatch'
  | 'scan-invalid'
  | 'rate-limited';

export class LoginError extends Error {
  constructor(
    readonly code: LoginErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'LoginError';
  }
}
