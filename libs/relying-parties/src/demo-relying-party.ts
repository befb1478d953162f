import { createHash, createPrivateKey, generateKeyPairSync, randomBytes, type JsonWebKey } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ClientJwks, ClientPublicJwk, RelyingPartyInput } from './relying-party';

/** The development relying party that `npm start` keeps registered (apps/demo-rp plays its part). */
export const DEMO_CLIENT_ID = 'naql-demo';
export const DEMO_REDIRECT_URI = 'http://127.0.0.1:8090/callback';
export const DEMO_POST_LOGOUT_REDIRECT_URI = 'http://127.0.0.1:8090/';
export const DEMO_CLIENT_KEY_FILE = 'client-key.jwk.json';

/** "Naql (demo)": a vehicle-registration portal asking for the identity attributes such a service needs. */
export function demoRelyingParty(jwks: ClientJwks): RelyingPartyInput {
  return {
    clientId: DEMO_CLIENT_ID,
    name: { ar: 'نقل (تجريبي)', en: 'Naql (demo)' },
    redirectUris: [DEMO_REDIRECT_URI],
    postLogoutRedirectUris: [DEMO_POST_LOGOUT_REDIRECT_URI],
    claims: ['civil_number', 'full_name_ar', 'full_name_en', 'date_of_birth', 'nationality', 'gender_en', 'gender_ar'],
    purpose: { ar: 'التحقق من هوية مقدم طلب تسجيل المركبة', en: 'To verify the identity of the vehicle registration applicant' },
    acrValues: ['medium', 'high'],
    authMethod: 'private_key_jwt',
    jwks,
    ciba: true,
  };
}

export interface DemoClientKeys {
  /** EC P-256 with `d`, `kid`, `alg: ES256`, `use: sig`: what the demo RP signs its client assertions with. */
  privateJwk: JsonWebKey & { kid: string };
  /** The public half, as the platform registers it. */
  publicJwks: ClientJwks;
}

/**
 * The demo RP's signing key, shared through a file: the platform registers the public half, the demo
 * RP app reads the private key from the same file. Made once (file 0600 in a 0700 folder) and reused,
 * so restarts keep the registration valid. Creation is atomic: a temporary file is hard-linked into
 * place, which fails if another process got there first, and then that process's key is used.
 */
export async function demoClientKeys(dir: string): Promise<DemoClientKeys> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, DEMO_CLIENT_KEY_FILE);
  try {
    return keysOf(JSON.parse(await fs.readFile(file, 'utf8')), file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const created = newPrivateJwk();
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  await fs.writeFile(temporary, JSON.stringify(created, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
  try {
    await fs.link(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return keysOf(JSON.parse(await fs.readFile(file, 'utf8')), file);
  } finally {
    await fs.rm(temporary, { force: true });
  }
  return keysOf(created, file);
}

function newPrivateJwk(): DemoClientKeys['privateJwk'] {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = privateKey.export({ format: 'jwk' });
  return { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, d: jwk.d, kid: jwkThumbprint(jwk), alg: 'ES256', use: 'sig' };
}

function keysOf(jwk: DemoClientKeys['privateJwk'], file: string): DemoClientKeys {
  if (jwk?.kty !== 'EC' || jwk.crv !== 'P-256' || typeof jwk.d !== 'string' || typeof jwk.kid !== 'string') throw new Error(`${file} is not an EC P-256 private JWK with a kid`);
  createPrivateKey({ key: jwk, format: 'jwk' }); // throws if the file is damaged: better now than at the first login
  const publicJwk: ClientPublicJwk = { kty: 'EC', kid: jwk.kid, crv: 'P-256', x: jwk.x, y: jwk.y, use: 'sig', alg: 'ES256' };
  return { privateJwk: jwk, publicJwks: { keys: [publicJwk] } };
}

/** RFC 7638: SHA-256 over the required public members in lexicographic order, base64url. */
export function jwkThumbprint(jwk: JsonWebKey): string {
  const members = jwk.kty === 'RSA' ? { e: jwk.e, kty: jwk.kty, n: jwk.n } : { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y };
  return createHash('sha256').update(JSON.stringify(members)).digest('base64url');
}
