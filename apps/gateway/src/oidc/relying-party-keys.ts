import { createHash } from 'node:crypto';
import Provider from 'oidc-provider';
import type { ClientPublicJwk, RelyingParty, RemoteJwks } from '@theqa/relying-parties';

/**
 * A relying party's public keys as the gateway uses them: the registered set, or the set at its JWKS
 * URI through the platform's one RemoteJwks (its timeout, size limit, address policy and cache). The
 * provider itself never fetches a URL a relying party gave: see RegistryClientAdapter.
 */
export class RelyingPartyKeys {
  constructor(private readonly remote?: Pick<RemoteJwks, 'keys'>) {}

  async of(rp: RelyingParty, kid?: string): Promise<ClientPublicJwk[]> {
    if (rp.authMethod !== 'private_key_jwt') return [];
    if (rp.jwks) return rp.jwks.keys;
    if (!rp.jwksUri) return [];
    if (!this.remote) throw new Error(`${rp.clientId} publishes its keys at a JWKS URI, and the gateway was built without RemoteJwks`);
    return this.remote.keys(rp.jwksUri, { kid });
  }
}

/**
 * The key id the current request's client assertion (or signed request object) names, read from its
 * header without verifying it: oidc-provider verifies it next, with the keys this lets the gateway
 * fetch again when the relying party has rotated them (RemoteJwks limits how often).
 */
export function keyIdOfCurrentRequest(): string | undefined {
  const params = Provider.ctx?.oidc?.params as Record<string, unknown> | undefined;
  for (const jwt of [params?.client_assertion, params?.request]) {
    if (typeof jwt !== 'string') continue;
    try {
      const header = JSON.parse(Buffer.from(jwt.slice(0, Math.max(0, jwt.indexOf('.'))), 'base64url').toString('utf8')) as { kid?: unknown };
      if (typeof header.kid === 'string' && header.kid.length <= 200) return header.kid;
    } catch {
      // Not a JWT: oidc-provider refuses it itself.
    }
  }
  return undefined;
}

/** A short fingerprint of a key set: it changes when the set does. */
export function keySetVersion(keys: readonly ClientPublicJwk[]): string {
  return createHash('sha256').update(JSON.stringify(keys)).digest('base64url').slice(0, 16);
}
