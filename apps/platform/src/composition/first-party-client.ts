import type { DataSource } from 'typeorm';
import type { Bilingual } from '@theqa/kernel';
import { AuditedRelyingPartyEvents, PostgresRelyingPartyStore, type PostgresAuditLog } from '@theqa/persistence';
import { RelyingPartyRegistry, type ClientJwks } from '@theqa/relying-parties';

/** What differs between the platform's own web apps (the portal, the console) as clients of the gateway. */
export interface FirstPartyClient {
  clientId: string;
  name: Bilingual;
  redirectUri: string;
  postLogoutRedirectUri: string;
  claims: readonly string[];
  purpose: Bilingual;
  acrValues: ReadonlyArray<'medium' | 'high'>;
}

/**
 * A first-party app's registration at the gateway, brought in line with the configuration at every
 * start: private_key_jwt with the app's key, PAR required, no CIBA. Loopback http redirect URIs are
 * allowed in development and when the platform itself is served on a loopback host.
 */
export async function ensureFirstPartyClient(
  context: { dataSource: DataSource; audit: PostgresAuditLog; publicBaseUrl: string; development: boolean; publicJwks: ClientJwks },
  client: FirstPartyClient,
  actor: string,
) {
  const host = new URL(context.publicBaseUrl).hostname;
  const loopback = host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
  const registry = new RelyingPartyRegistry({
    store: new PostgresRelyingPartyStore(context.dataSource),
    events: new AuditedRelyingPartyEvents(context.audit),
    allowLoopbackHttp: context.development || loopback,
  });
  return registry.ensure(
    {
      clientId: client.clientId,
      name: client.name,
      redirectUris: [client.redirectUri],
      postLogoutRedirectUris: [client.postLogoutRedirectUri],
      claims: [...client.claims],
      purpose: client.purpose,
      acrValues: [...client.acrValues],
      authMethod: 'private_key_jwt',
      jwks: context.publicJwks,
      ciba: false,
      requirePushedAuthorizationRequests: true,
    },
    actor,
  );
}
