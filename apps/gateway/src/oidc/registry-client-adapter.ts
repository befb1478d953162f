import { clientMetadataOf, type RelyingParty } from '@theqa/relying-parties';
import type { RelyingPartyReader } from './cached-relying-parties';

/**
 * oidc-provider's Client model read from the relying-party registry: a disabled relying party is
 * unknown to the provider within a second (CachedRelyingParties), and a client_secret_basic secret is derived, never
 * stored. Writes are refused: relying parties are registered by administrators, not by the protocol.
 */
export class RegistryClientAdapter {
  constructor(
    private readonly relyingParties: RelyingPartyReader,
    private readonly keysBaseUrl: string,
  ) {}

  async find(clientId: string): Promise<Record<string, unknown> | undefined> {
    const rp = await this.relyingParties.findActive(clientId);
    if (!rp) return undefined;
    const secret = rp.authMethod === 'client_secret_basic' ? await this.relyingParties.clientSecret(rp) : undefined;
    const metadata: Record<string, unknown> = { ...clientMetadataOf(rp, secret) };
    if (rp.ciba) {
      // CIBA with pairwise subjects: oidc-provider wants the keys by reference and a sector
      // identifier URI. The keys are the registry's own (served by registeredKeys below, never
      // fetched over the network), and the sector is the redirect URIs' host, as for every RP.
      delete metadata.jwks;
      metadata.jwks_uri = registeredKeysUrl(this.keysBaseUrl, rp.clientId);
      metadata.sector_identifier_uri = `https://${rp.sectorHost}/`;
    }
    return metadata;
  }

  async upsert(): Promise<void> {
    throw new Error('relying parties are registered with `npx theqa rp register`');
  }

  async destroy(): Promise<void> {
    throw new Error('relying parties are disabled with `npx theqa rp disable`');
  }

  // Clients are never consumed, found by uid or user code, or revoked by grant: these are no-ops by design.
  async consume(): Promise<void> {
    return undefined;
  }
  async findByUid(): Promise<undefined> {
    return undefined;
  }
  async findByUserCode(): Promise<undefined> {
    return undefined;
  }
  async revokeByGrantId(): Promise<void> {
    return undefined;
  }
}

export function registeredKeysUrl(baseUrl: string, clientId: string): string {
  return `${baseUrl}/relying-parties/${encodeURIComponent(clientId)}/jwks.json`;
}

/** A relying party's registered public keys as a JWKS document. */
export function registeredKeys(rp: RelyingParty): { keys: unknown[] } {
  return { keys: rp.authMethod === 'private_key_jwt' ? (rp.jwks?.keys ?? []) : [] };
}

/**
 * The provider's only outgoing "fetch": the registry's keys, answered in process. Anything else (a
 * request_uri by reference, a sector document) is refused, so the gateway makes no outbound calls
 * a relying party could steer.
 */
export function registryOnlyFetch(relyingParties: RelyingPartyReader, keysBaseUrl: string) {
  const prefix = `${keysBaseUrl}/relying-parties/`;
  return async (input: string | URL | Request): Promise<Response> => {
    const href = input instanceof Request ? input.url : String(input);
    const clientId = href.startsWith(prefix) && href.endsWith('/jwks.json') ? decodeURIComponent(href.slice(prefix.length, -'/jwks.json'.length)) : undefined;
    const rp = clientId ? await relyingParties.findActive(clientId) : undefined;
    if (!rp) return new Response('not found', { status: 404 });
    return new Response(JSON.stringify(registeredKeys(rp)), { status: 200, headers: { 'content-type': 'application/json' } });
  };
}
