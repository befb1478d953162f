import { generateKeyPairSync } from 'node:crypto';
import { clientMetadataOf, type RelyingParty } from './index';

const base: RelyingParty = {
  clientId: 'naql',
  name: { ar: 'نقل', en: 'Naql' },
  redirectUris: ['https://naql.example.om/callback'],
  postLogoutRedirectUris: [],
  claims: ['civil_number'],
  purpose: { ar: 'التحقق', en: 'Verification' },
  acrValues: ['urn:theqa:loa:medium', 'urn:theqa:loa:high'],
  authMethod: 'private_key_jwt',
  jwks: { keys: [{ kty: 'EC', kid: 'k1', crv: 'P-256', ...(({ x, y }) => ({ x, y }))(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' })) }] },
  ciba: true,
  requirePushedAuthorizationRequests: false,
  status: 'active',
  sectorHost: 'naql.example.om',
  createdAt: new Date(),
  updatedAt: new Date(),
};

describe('oidc-provider client metadata', () => {
  it('of a private_key_jwt client with CIBA: code flow, pairwise, ES256, poll mode, and nothing else (no default acr)', () => {
    expect(clientMetadataOf(base)).toEqual({
      client_id: 'naql',
      client_name: 'Naql',
      'urn:theqa:name_ar': 'نقل',
      redirect_uris: ['https://naql.example.om/callback'],
      post_logout_redirect_uris: [],
      response_types: ['code'],
      grant_types: ['authorization_code', 'urn:openid:params:grant-type:ciba'],
      token_endpoint_auth_method: 'private_key_jwt',
      jwks: base.jwks,
      subject_type: 'pairwise',
      id_token_signed_response_alg: 'ES256',
      backchannel_token_delivery_mode: 'poll',
    });
  });

  it('of a client_secret_basic client without CIBA carries the secret it is given, and needs one', () => {
    const rp: RelyingParty = { ...base, authMethod: 'client_secret_basic', jwks: undefined, secretGeneration: 1, ciba: false, acrValues: ['urn:theqa:loa:high'] };
    const metadata = clientMetadataOf(rp, 'the-secret');
    expect(metadata).toMatchObject({ token_endpoint_auth_method: 'client_secret_basic', client_secret: 'the-secret', grant_types: ['authorization_code'] });
    expect(metadata).not.toHaveProperty('default_acr_values');
    expect(metadata).not.toHaveProperty('jwks');
    expect(metadata).not.toHaveProperty('backchannel_token_delivery_mode');
    expect(metadata).not.toHaveProperty('require_pushed_authorization_requests');
    expect(() => clientMetadataOf(rp)).toThrow(/client secret/);
  });

  it('of a relying party registered to require PAR says so to oidc-provider', () => {
    expect(clientMetadataOf({ ...base, requirePushedAuthorizationRequests: true })).toMatchObject({ require_pushed_authorization_requests: true });
  });

  it('is a copy: changing it does not change the record', () => {
    const metadata = clientMetadataOf(base);
    metadata.redirect_uris.push('https://evil.example/');
    metadata.jwks!.keys[0].kid = 'changed';
    expect(base.redirectUris).toEqual(['https://naql.example.om/callback']);
    expect(base.jwks!.keys[0].kid).toBe('k1');
  });
});
