import { createPublicKey, timingSafeEqual, verify, constants } from 'node:crypto';
import type { ClientPublicJwk, RelyingParty } from './relying-party';
import type { RemoteJwks } from './remote-jwks';

/** Where the ids of accepted client assertions are kept until they expire, so that each is used once. */
export interface ClientAssertionUses {
  /** False when this client already used this id (a replay). */
  use(clientId: string, jti: string, expiresAt: Date): Promise<boolean>;
}

export interface ClientAuthenticationOptions {
  /** The active relying party with this client id. */
  findActive(clientId: string): Promise<RelyingParty | undefined>;
  /** The client_secret_basic secret of a relying party (derived under the key store's MAC key). */
  clientSecret(rp: RelyingParty): Promise<string>;
  uses: ClientAssertionUses;
  /** The keys of relying parties registered with a JWKS URI (RemoteJwks); without it, such a client cannot authenticate. */
  remoteJwks?: Pick<RemoteJwks, 'keys'>;
  /** What a client assertion's `aud` must name: the API's URL. */
  audience: string;
  clock?: () => Date;
}

export class ClientAuthenticationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClientAuthenticationError';
  }
}

/** A client assertion lives at most five minutes (as the gateway's token endpoint has it). */
const MAX_ASSERTION_SECONDS = 300;
const CLOCK_SKEW_SECONDS = 30;
const ALGORITHMS: Record<string, { hash: string; ec?: true; pss?: true }> = {
  ES256: { hash: 'sha256', ec: true },
  ES384: { hash: 'sha384', ec: true },
  RS256: { hash: 'sha256' },
  PS256: { hash: 'sha256', pss: true },
};

/**
 * A relying party calling one of the platform's APIs authenticates with its gateway credentials, as
 * registered: client_secret_basic as `Authorization: Basic` (RFC 6749 §2.3.1), or private_key_jwt as
 * `Authorization: Bearer <client assertion>` (RFC 7523 claims: iss = sub = client id, aud = the API's
 * URL, exp at most five minutes ahead, a jti used once), signed with a key of its registered JWKS
 * or of the set at its registered JWKS URI (RemoteJwks: an unknown kid fetches the set again, rarely).
 * Every failure is the same error to the caller; the message says what was wrong, for the log.
 */
export async function authenticateClient(authorization: string | undefined, options: ClientAuthenticationOptions): Promise<RelyingParty> {
  const match = /^(basic|bearer)\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match) throw new ClientAuthenticationError('no client credentials: send Authorization: Basic (client_secret_basic) or Bearer <client assertion> (private_key_jwt)');
  return match[1].toLowerCase() === 'basic' ? basic(match[2], options) : assertion(match[2], options);
}

async function basic(credentials: string, options: ClientAuthenticationOptions): Promise<RelyingParty> {
  const decoded = Buffer.from(credentials, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 1) throw new ClientAuthenticationError('Basic credentials are client_id:client_secret, base64');
  const clientId = formDecode(decoded.slice(0, colon));
  const secret = formDecode(decoded.slice(colon + 1));
  const rp = clientId === undefined ? undefined : await options.findActive(clientId);
  if (!rp || rp.authMethod !== 'client_secret_basic') throw new ClientAuthenticationError('no active client_secret_basic client with this id');
  const expected = Buffer.from(await options.clientSecret(rp));
  const given = Buffer.from(secret ?? '');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new ClientAuthenticationError('the client secret is wrong');
  return rp;
}

async function assertion(jwt: string, options: ClientAuthenticationOptions): Promise<RelyingParty> {
  const parts = jwt.split('.');
  if (parts.length !== 3) throw new ClientAuthenticationError('the client assertion is not a compact JWS');
  const header = json(parts[0]);
  const claims = json(parts[1]);
  if (!header || !claims) throw new ClientAuthenticationError('the client assertion is not JSON');
  const algorithm = typeof header.alg === 'string' ? ALGORITHMS[header.alg] : undefined;
  if (!algorithm) throw new ClientAuthenticationError(`the client assertion's alg must be one of ${Object.keys(ALGORITHMS).join(', ')}`);
  const clientId = claims.iss;
  if (typeof clientId !== 'string' || claims.sub !== clientId) throw new ClientAuthenticationError('the client assertion needs iss = sub = the client id');
  const rp = await options.findActive(clientId);
  if (!rp || rp.authMethod !== 'private_key_jwt') throw new ClientAuthenticationError('no active private_key_jwt client with this id');
  const kid = typeof header.kid === 'string' ? header.kid : undefined;
  const keys = (await registeredKeys(rp, kid, options)).filter((key) => header.kid === undefined || key.kid === header.kid);
  const signed = Buffer.from(`${parts[0]}.${parts[1]}`);
  const signature = Buffer.from(parts[2], 'base64url');
  const verifies = keys.some((jwk) => {
    try {
      const key = createPublicKey({ key: jwk, format: 'jwk' });
      if (algorithm.ec) return key.asymmetricKeyType === 'ec' && verify(algorithm.hash, signed, { key, dsaEncoding: 'ieee-p1363' }, signature);
      if (key.asymmetricKeyType !== 'rsa') return false;
      return verify(algorithm.hash, signed, algorithm.pss ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST } : key, signature);
    } catch {
      return false;
    }
  });
  if (!verifies) throw new ClientAuthenticationError("the client assertion's signature does not verify with the registered keys");
  const now = Math.floor((options.clock ?? (() => new Date()))().getTime() / 1000);
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.includes(options.audience)) throw new ClientAuthenticationError(`the client assertion's aud must be ${options.audience}`);
  if (typeof claims.exp !== 'number' || claims.exp <= now - CLOCK_SKEW_SECONDS) throw new ClientAuthenticationError('the client assertion has expired');
  if (claims.exp > now + MAX_ASSERTION_SECONDS + CLOCK_SKEW_SECONDS) throw new ClientAuthenticationError(`a client assertion lives at most ${MAX_ASSERTION_SECONDS} seconds`);
  if (typeof claims.iat === 'number' && claims.iat > now + CLOCK_SKEW_SECONDS) throw new ClientAuthenticationError('the client assertion is issued in the future');
  if (typeof claims.jti !== 'string' || claims.jti.length < 8 || claims.jti.length > 200) throw new ClientAuthenticationError('the client assertion needs a jti (8 to 200 characters)');
  if (!(await options.uses.use(clientId, claims.jti, new Date((claims.exp + CLOCK_SKEW_SECONDS) * 1000)))) {
    throw new ClientAuthenticationError('this client assertion was already used');
  }
  return rp;
}

async function registeredKeys(rp: RelyingParty, kid: string | undefined, options: ClientAuthenticationOptions): Promise<ClientPublicJwk[]> {
  if (rp.jwks) return rp.jwks.keys;
  if (!rp.jwksUri || !options.remoteJwks) throw new ClientAuthenticationError(`${rp.clientId} has no keys this API can read`);
  try {
    return await options.remoteJwks.keys(rp.jwksUri, { kid });
  } catch (error) {
    throw new ClientAuthenticationError(`the keys at ${rp.clientId}'s JWKS URI cannot be used: ${(error as Error).message}`);
  }
}

function json(segment: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function formDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}
