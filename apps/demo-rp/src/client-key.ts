import { createPrivateKey, webcrypto } from 'node:crypto';
import fs from 'node:fs';

/** The demo cannot start: its key file is missing or unusable, or its cookie key cannot be made. */
export class DemoRpKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DemoRpKeyError';
  }
}

/** A private P-256 JWK as the key file holds it. */
export interface ClientPrivateJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
  d: string;
  kid: string;
  alg?: string;
}

/**
 * Reads the client's private key file (written by the platform's development seeding, or by whoever
 * registered the client) and checks it is a private P-256 JWK with a `kid`. Synchronous, so that a
 * missing or broken file stops the start with a message naming the file.
 */
export function readClientKeyFile(file: string, clientId: string): ClientPrivateJwk {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new DemoRpKeyError(
        `the client key file ${file} does not exist. It holds the private P-256 JWK of the client "${clientId}" and is ` +
          'written when the platform seeds the demo relying party (start the platform first: npm start), ' +
          'or set DEMO_RP_KEY_FILE to the key registered for this client.',
      );
    }
    throw new DemoRpKeyError(`the client key file ${file} cannot be read (${code ?? String(error)})`);
  }
  let jwk: Record<string, unknown>;
  try {
    jwk = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new DemoRpKeyError(`the client key file ${file} is not JSON: it must hold one private P-256 JWK`);
  }
  const problems: string[] = [];
  if (!jwk || typeof jwk !== 'object' || Array.isArray(jwk)) throw new DemoRpKeyError(`the client key file ${file} must hold one JWK object`);
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256') problems.push('kty must be "EC" and crv "P-256"');
  for (const member of ['x', 'y', 'd'] as const) {
    if (typeof jwk[member] !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(jwk[member] as string)) problems.push(`"${member}" must be a 32-byte base64url value${member === 'd' ? ' (the file must hold the private key)' : ''}`);
  }
  if (typeof jwk.kid !== 'string' || jwk.kid.length === 0) problems.push('"kid" is required (the gateway finds the public key by it)');
  if (jwk.alg !== undefined && jwk.alg !== 'ES256') problems.push(`"alg" must be ES256 when present (got ${JSON.stringify(jwk.alg)})`);
  if (problems.length) throw new DemoRpKeyError(`the client key file ${file} is not a usable private P-256 JWK: ${problems.join('; ')}`);
  const key = { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, d: jwk.d } as { kty: string; crv: string; x: string; y: string; d: string };
  try {
    createPrivateKey({ key, format: 'jwk' });
  } catch {
    throw new DemoRpKeyError(`the client key file ${file} does not hold a valid P-256 key (the point is not on the curve or d does not match)`);
  }
  return { ...(key as Omit<ClientPrivateJwk, 'kid'>), kid: jwk.kid as string, ...(jwk.alg ? { alg: 'ES256' } : {}) };
}

/** The key as WebCrypto wants it for signing client assertions (not extractable). */
export async function importClientKey(jwk: ClientPrivateJwk): Promise<{ key: webcrypto.CryptoKey; kid: string }> {
  const key = await webcrypto.subtle.importKey(
    'jwk',
    { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, d: jwk.d },
    { name: 'ECDSA', namedCurve: 'P-256' },
    false,
    ['sign'],
  );
  return { key, kid: jwk.kid };
}
