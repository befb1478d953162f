import { errors, type KoaContextWithOIDC } from 'oidc-provider';
import { LoginError, type LoginRequests } from '@theqa/login';

/**
 * Too many CIBA requests from this relying party or address, or to this civil number: 429 with
 * Retry-After, and `slow_down`, the OAuth error that already means "back off" to a CIBA client.
 */
class TooManyBackchannelRequests extends errors.OIDCProviderError {
  constructor(description: string) {
    super(429, 'slow_down');
    Object.assign(this, { error_description: description });
  }
}

/**
 * The caller's address as the platform's HTTP shell decides it (Express's `trust proxy`: only a proxy
 * on loopback may name another), not as any client may claim it in X-Forwarded-For.
 */
function callerAddress(ctx: KoaContextWithOIDC): string {
  return (ctx.req as { ip?: string }).ip ?? ctx.ip;
}

/**
 * A CIBA request is admitted before it is saved (oidc-provider's processLoginHint): limited per
 * relying party, per caller's address and per civil number, in PostgreSQL (LoginRequests.admitCiba).
 */
export async function admitCibaRequest(ctx: KoaContextWithOIDC, logins: LoginRequests, civilNumber: string): Promise<void> {
  try {
    await logins.admitCiba({ clientId: ctx.oidc.client?.clientId ?? '', civilNumber, address: callerAddress(ctx) });
  } catch (error) {
    if (!(error instanceof LoginError) || error.code !== 'rate-limited') throw error;
    ctx.set('retry-after', String(error.details.retry_after ?? 60));
    throw new TooManyBackchannelRequests('too many backchannel authentication requests: wait and try again');
  }
}
