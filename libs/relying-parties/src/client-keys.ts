import { createPublicKey, type JsonWebKey } from 'node:crypto';
import type { ClientJwks, ClientPublicJwk } from './relying-party';
import type { FieldProblem } from './relying-party-error';

export const MAX_CLIENT_KEYS = 5;
const MIN_RSA_BITS = 2048;

/** JWK members that only private (or symmetric) keys have: a JWKS carrying one would leak the RP's key. */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

/** The algorithms each key may be used with, for an `alg` the RP states. */
const ALGORITHMS: Record<string, readonly string[]> = {
  'P-256': ['ES256'],
  'P-384': ['ES384'],
  RSA: ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'],
};

/**
 * The public keys a private_key_jwt client signs its assertions with. Each must import with
 * node:crypto, so the gateway never meets a key it cannot use; only public members are kept.
 */
export function checkClientJwks(field: string, value: unknown, problems: FieldProblem[]): ClientJwks | undefined {
  const keys = (value as { keys?: unknown } | undefined)?.keys;
  if (!value || typeof value !== 'object' || !Array.isArray(keys)) {
    problems.push({ field, problem: 'must be a JWK set: {"keys": [...]}' });
    return undefined;
  }
  if (keys.length === 0 || keys.length > MAX_CLIENT_KEYS) {
    problems.push({ field: `${field}.keys`, problem: `1 to ${MAX_CLIENT_KEYS} keys are required (${keys.length} given)` });
    return undefined;
  }
  const before = problems.length;
  const seen = new Set<string>();
  const checked = keys.map((key: unknown, i) => {
    const at = `${field}.keys[${i}]`;
    const result = checkKey(key);
    if (typeof result === 'string') {
      problems.push({ field: at, problem: result });
      return undefined;
    }
    if (seen.has(result.kid)) problems.push({ field: at, problem: `kid "${result.kid}" is used by another key of the set` });
    seen.add(result.kid);
    return result;
  });
  return problems.length === before ? { keys: checked as ClientPublicJwk[] } : undefined;
}

/** The key's public form, or what is wrong with it. */
function checkKey(key: unknown): ClientPublicJwk | string {
  if (!key || typeof key !== 'object' || Array.isArray(key)) return 'must be a JWK object';
  const jwk = key as Record<string, unknown>;
  const secret = PRIVATE_MEMBERS.filter((m) => m in jwk);
  if (secret.length) return `is a private or secret key (has ${secret.join(', ')}): register only the public key`;
  if (typeof jwk.kid !== 'string' || !jwk.kid.trim() || jwk.kid.length > 200) return 'needs a "kid" (key id), at most 200 characters';
  if (jwk.use !== undefined && jwk.use !== 'sig') return `"use" is ${JSON.stringify(jwk.use)}: client keys are for signatures ("sig")`;
  let family: string;
  if (jwk.kty === 'EC') {
    if (jwk.crv !== 'P-256' && jwk.crv !== 'P-384') return `curve ${JSON.stringify(jwk.crv)} is not accepted: use P-256 or P-384`;
    family = jwk.crv;
  } else if (jwk.kty === 'RSA') {
    family = 'RSA';
  } else {
    return `key type ${JSON.stringify(jwk.kty)} is not accepted: use EC (P-256, P-384) or RSA (at least ${MIN_RSA_BITS} bits)`;
  }
  if (jwk.alg !== undefined && !ALGORITHMS[family].includes(jwk.alg as string)) return `"alg" ${JSON.stringify(jwk.alg)} does not fit a ${family} key (${ALGORITHMS[family].join(', ')})`;
  let bits: number | undefined;
  try {
    bits = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' }).asymmetricKeyDetails?.modulusLength;
  } catch (error) {
    return `does not import as a public key (${(error as Error).message})`;
  }
  if (family === 'RSA' && (bits ?? 0) < MIN_RSA_BITS) return `RSA key of ${bits} bits: at least ${MIN_RSA_BITS} are required`;
  const pub: ClientPublicJwk =
    family === 'RSA'
      ? { kty: 'RSA', kid: jwk.kid, n: jwk.n as string, e: jwk.e as string }
      : { kty: 'EC', kid: jwk.kid, crv: jwk.crv as string, x: jwk.x as string, y: jwk.y as string };
  if (jwk.use) pub.use = 'sig';
  if (jwk.alg) pub.alg = jwk.alg as string;
  return pub;
}
