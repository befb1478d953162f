import { errors, type Client, type KoaContextWithOIDC } from 'oidc-provider';

/** How far the gateway's clock and a relying party's may disagree (oidc-provider's clockTolerance). */
export const CLOCK_TOLERANCE_SECONDS = 15;

/** The longest a client assertion (private_key_jwt) may live: a stolen one is worth five minutes at most. */
export const CLIENT_ASSERTION_MAX_SECONDS = 300;

/**
 * oidc-provider checks a client assertion's signature, issuer, audience, expiry and single use, but
 * accepts any expiry in the future: an assertion valid for a year is a year-long credential. This step
 * bounds it: it expires within five minutes of now (and of its iat), and was not issued in the future.
 */
export async function boundedClientAssertion(_ctx: KoaContextWithOIDC, claims: Record<string, unknown>, _header: Record<string, unknown>, _client: Client): Promise<void> {
  const now = Math.floor(Date.now() / 1000);
  const { exp, iat } = claims;
  if (typeof exp !== 'number' || exp > now + CLIENT_ASSERTION_MAX_SECONDS + CLOCK_TOLERANCE_SECONDS) {
    throw new errors.InvalidClientAuth(`the client assertion must expire within ${CLIENT_ASSERTION_MAX_SECONDS} seconds`);
  }
  if (iat === undefined) return;
  if (typeof iat !== 'number' || iat > now + CLOCK_TOLERANCE_SECONDS) throw new errors.InvalidClientAuth('the client assertion is issued in the future (iat)');
  if (exp - iat > CLIENT_ASSERTION_MAX_SECONDS) throw new errors.InvalidClientAuth(`the client assertion lives longer than ${CLIENT_ASSERTION_MAX_SECONDS} seconds (exp - iat)`);
}
