import { clientMetadataOf, type RelyingParty } from '@theqa/relying-parties';
import type { RelyingPartyReader } from './cached-relying-parties';
import { keySetVersion, type RelyingPartyKeys } from './relying-party-keys';

/**
 * oidc-provider's Client model read from the relying-party registry: a disabled relying party is
 * unknown to the provider within a second (CachedRelyingParties), and a client_secret_basic secret is derived, never
 * stored. Writes are refused: relying parties are registered by administrators, not by the protocol.
 *
 * An RP with a JWKS URI gets its keys inline, read through RelyingPartyKeys (RemoteJwks) at each find,
 * never the URI itself: oidc-provider would fetch it with limits of its own, keep the set at least a
 * minute and refetch only when that minute is over, so a rotated key would fail the next login. Here
 * the kid of the request's client assertion refetches a set that lacks it (at most once a minute), and
 * a changed set is changed metadata, which oidc-provider builds a new client from.
 */
export class RegistryClientAdapter {
  constructor(
    private readonly relyingParties: RelyingPartyReader,
    private readonly keysBaseUrl: string,
    private readonly keys: RelyingPartyKeys,
    /** The kid the current request's client assertion names (keyIdOfCurrentRequest). */
    private readonly requestedKid: () => string | undefined = () => undefined,
  ) {}

  async find(clientId: string): Promise<Record<string, unknown> | undefined> {
    const rp = await this.relyingParties.findActive(clientId);
    if (!rp) return undefined;
    const secret = rp.authMethod === 'client_secret_basic' ? await this.relyingParties.clientSecret(rp) : undefined;
    const metadata: Record<string, unknown> = { ...clientMetadataOf(rp, secret) };
    let version: string | undefined;
    if (rp.jwksUri) {
      delete metadata.jwks_uri;
      // Keys that cannot be fetched are no keys: the client exists, and its assertions fail as invalid_client.
      const keys = await this.keys.of(rp, this.requestedKid()).catch(() => []);
      metadata.jwks = { keys: keys.map((k) => ({ ...k })) };
      version = keySetVersion(keys);
    }
    if (rp.ciba) {
      // CIBA with pairwise subjects: oidc-provider wants the keys by reference and a sector
      // identifier URI. The keys are the registry's own (served by registeredKeys below, never
      // fetched over the network), and the sector is the redirect URIs' host, as for every RP.
      // A published set's version in the URL makes a rotated set a new client with keys to fetch.
      delete metadata.jwks;
      metadata.jwks_uri = registeredKeysUrl(this.keysBaseUrl, rp.clientId) + (version ? `?keys=${version}` : '');
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

/** A relying party's public keys as a JWKS document: registered, or those at its JWKS URI (RemoteJwks). */
export async function registeredKeys(rp: RelyingParty, keys: RelyingPartyKeys): Promise<{ keys: unknown[] }> {
  return { keys: await keys.of(rp) };
}

/**
 * The provider's only outgoing "fetch": the registry's keys, answered in process. Anything else (a
 * request_uri by reference, a sector document) is refused, so the gateway makes no outbound calls
 * a relying party could steer.
 */
export function registryOnlyFetch(relyingParties: RelyingPartyReader, keysBaseUrl: string, keys: RelyingPartyKeys) {
  const prefix = `${keysBaseUrl}/relying-parties/`;
  return async (input: string | URL | Request): Promise<Response> => {
    const href = (input instanceof Request ? input.url : String(input)).replace(/\?keys=[\w-]*$/, '');
    const clientId = href.startsWith(prefix) && href.endsWith('/jwks.json') ? decodeURIComponent(href.slice(prefix.length, -'/jwks.json'.length)) : undefined;
    const rp = clientId ? await relyingParties.findActive(clientId) : undefined;
    if (!rp) return new Response('not found', { status: 404 });
    try {
      return new Response(JSON.stringify(await registeredKeys(rp, keys)), { status: 200, headers: { 'content-type': 'application/json' } });
    } catch {
      return new Response('keys unavailable', { status: 503 });
    }
  };
}
