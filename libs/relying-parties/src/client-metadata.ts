import type { AuthMethod, ClientJwks, RelyingParty } from './relying-party';

export const CIBA_GRANT_TYPE = 'urn:openid:params:grant-type:ciba';

/** oidc-provider client metadata (RFC 7591 / OpenID Connect Registration names) for one relying party. */
export interface ClientMetadata {
  client_id: string;
  client_name: string;
  /** Our extension: the Arabic name for the consent screen (the provider must list it in extraClientMetadata). */
  'urn:theqa:name_ar': string;
  redirect_uris: string[];
  post_logout_redirect_uris: string[];
  response_types: ['code'];
  grant_types: string[];
  token_endpoint_auth_method: AuthMethod;
  jwks?: ClientJwks;
  /** The RP's own JWKS URI (the gateway resolves it through RemoteJwks; see apps/gateway's RegistryClientAdapter). */
  jwks_uri?: string;
  client_secret?: string;
  subject_type: 'pairwise';
  id_token_signed_response_alg: 'ES256';
  backchannel_token_delivery_mode?: 'poll';
  require_pushed_authorization_requests?: true;
}

/**
 * How the gateway presents a registered RP to oidc-provider. Pure: the secret of a
 * client_secret_basic RP is derived by the caller (RelyingPartyRegistry.clientSecret) and passed in.
 * Code flow only, pairwise subjects (per sector host), ES256 ID tokens; CIBA in poll mode when allowed;
 * PAR required when the registration says so.
 * No default_acr_values: oidc-provider would put it in place of an essential acr the request asks
 * for; the gateway applies the registered levels itself (apps/gateway's requiredAssurance).
 */
export function clientMetadataOf(rp: RelyingParty, clientSecret?: string): ClientMetadata {
  const metadata: ClientMetadata = {
    client_id: rp.clientId,
    client_name: rp.name.en,
    'urn:theqa:name_ar': rp.name.ar,
    redirect_uris: [...rp.redirectUris],
    post_logout_redirect_uris: [...rp.postLogoutRedirectUris],
    response_types: ['code'],
    grant_types: rp.ciba ? ['authorization_code', CIBA_GRANT_TYPE] : ['authorization_code'],
    token_endpoint_auth_method: rp.authMethod,
    subject_type: 'pairwise',
    id_token_signed_response_alg: 'ES256',
  };
  if (rp.authMethod === 'private_key_jwt') {
    if (rp.jwks) metadata.jwks = { keys: rp.jwks.keys.map((k) => ({ ...k })) };
    else if (rp.jwksUri) metadata.jwks_uri = rp.jwksUri;
    else throw new Error(`${rp.clientId} uses private_key_jwt but has no keys`);
  } else {
    if (!clientSecret) throw new Error(`${rp.clientId} uses client_secret_basic: its client secret is needed for the metadata`);
    metadata.client_secret = clientSecret;
  }
  if (rp.ciba) metadata.backchannel_token_delivery_mode = 'poll';
  if (rp.requirePushedAuthorizationRequests) metadata.require_pushed_authorization_requests = true;
  return metadata;
}
