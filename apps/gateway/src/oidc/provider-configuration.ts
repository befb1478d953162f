import type { Account, AdapterFactory, BackchannelAuthenticationRequest, Client, Configuration, KoaContextWithOIDC } from 'oidc-provider';
import { errors } from 'oidc-provider';
import { SCOPE_BUNDLES, type ConsentService } from '@theqa/consent';
import type { CivilRegistry } from '@theqa/integrations';
import { ACR_VALUES, parseCivilNumber, type Language } from '@theqa/kernel';
import { DEVICE_CLAIM, LoginError, type LoginRequests } from '@theqa/login';
import { findAccount, type FirstPartyLogins } from './accounts';
import { admitCibaRequest } from './ciba-admission';
import { boundedClientAssertion, CLOCK_TOLERANCE_SECONDS } from './client-assertion-lifetime';
import { CookieSigner } from './cookie-signer';
import type { GatewaySecrets } from './gateway-secrets';
import type { KeyStoreSigningKey } from './key-store-signing-key';
import { everyLoginOnTheDevice } from './login-policy';
import { loginSubjectOf, LoginRequestRefused } from './login-subject';
import { errorPage, logoutPage, loggedOutPage } from '../interaction/pages/provider-pages';
import type { RelyingPartyReader } from './cached-relying-parties';

// What oidc-provider 9 has at runtime and @types/oidc-provider leaves out.
declare module 'oidc-provider' {
  interface Client {
    /**
     * The host pairwise subjects are computed for: sector_identifier_uri's host, else the first redirect
     * URI's host, or the jwks_uri's for a CIBA-only client (oidc-provider's lib/helpers/sector_identifier.js).
     */
    readonly sectorIdentifier?: string;
  }
}

export interface ProviderDependencies {
  /** Storage of every oidc-provider model: the Client model from the relying-party registry, the rest in PostgreSQL. */
  adapter: AdapterFactory;
  /** oidc-provider's outgoing requests (see registryOnlyFetch). */
  fetch: NonNullable<Configuration['fetch']>;
  signingKey: KeyStoreSigningKey;
  cookieKeys: string[];
  secrets: GatewaySecrets;
  consents: ConsentService;
  registry: CivilRegistry;
  relyingParties: RelyingPartyReader;
  logins: LoginRequests;
  /** The platform's own relying parties, whose ID tokens name the approving device. */
  firstParty?: FirstPartyLogins;
}

/** Short: a login is a two-minute affair; tokens live minutes, not days, and nothing is refreshed. */
export const TTL = {
  Interaction: 600,
  Session: 3600,
  Grant: 3600,
  AuthorizationCode: 60,
  AccessToken: 600,
  IdToken: 600,
  BackchannelAuthenticationRequest: 120,
  PushedAuthorizationRequest: 90,
};

/**
 * The OpenID Provider as the issue sets it out: code flow with PKCE (S256, always), PAR, signed
 * request objects, DPoP, private_key_jwt or client_secret_basic, pairwise subjects, the claims
 * parameter, two acr values, CIBA in poll mode, userinfo, RP-initiated logout, revocation and
 * introspection. Storage goes through the adapter (PostgreSQL); keys come from the key store.
 */
export function providerConfiguration(deps: ProviderDependencies): Configuration {
  return {
    adapter: deps.adapter,
    jwks: { keys: [deps.signingKey] },
    cookies: { keys: new CookieSigner(deps.cookieKeys), long: { httpOnly: true, sameSite: 'lax', signed: true }, short: { httpOnly: true, sameSite: 'lax', signed: true } },
    findAccount: findAccount(deps),
    claims: {
      // acr with every ID token, whether or not the request names it: the assurance of the login is
      // what a relying party decides on (it came through the registered default_acr_values before).
      // The approving device: findAccount gives it to first parties only, so only they ever receive it.
      openid: ['sub', 'acr', DEVICE_CLAIM],
      acr: null,
      amr: null,
      auth_time: null,
      sid: null,
      ...Object.fromEntries(Object.entries(SCOPE_BUNDLES).map(([scope, claims]) => [scope, [...claims]])),
    },
    acrValues: ACR_VALUES,
    // No offline_access, and oidc-provider's default issueRefreshToken (kept, so that discovery does not
    // list the refresh_token grant): nothing is refreshed; a relying party logs the person in again.
    scopes: ['openid'],
    responseTypes: ['code'],
    subjectTypes: ['pairwise'],
    pairwiseIdentifier: (_ctx: KoaContextWithOIDC, accountId: string, client: Client) => deps.secrets.pairwiseSubject(sectorOf(client), accountId),
    pkce: { required: () => true },
    clientAuthMethods: ['private_key_jwt', 'client_secret_basic'],
    clockTolerance: CLOCK_TOLERANCE_SECONDS,
    assertJwtClientAuthClaimsAndHeader: boundedClientAssertion,
    clientDefaults: { grant_types: ['authorization_code'], id_token_signed_response_alg: 'ES256', response_types: ['code'], token_endpoint_auth_method: 'private_key_jwt' },
    extraClientMetadata: { properties: ['urn:theqa:name_ar'] },
    enabledJWA: {
      idTokenSigningAlgValues: ['ES256'],
      requestObjectSigningAlgValues: ['ES256', 'ES384', 'PS256', 'RS256'],
      clientAuthSigningAlgValues: ['ES256', 'ES384', 'PS256', 'RS256'],
      dPoPSigningAlgValues: ['ES256', 'ES384', 'PS256', 'EdDSA'],
    },
    features: {
      devInteractions: { enabled: false },
      externalSigningSupport: { enabled: true, ack: 'experimental-01' },
      // Required per relying party where its registration says so (require_pushed_authorization_requests).
      pushedAuthorizationRequests: { enabled: true },
      requestObjects: { enabled: true },
      dPoP: { enabled: true },
      claimsParameter: { enabled: true },
      userinfo: { enabled: true },
      revocation: { enabled: true },
      introspection: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx: KoaContextWithOIDC, form: string) => {
          ctx.type = 'html';
          ctx.body = logoutPage(languageOf(ctx), form);
        },
        postLogoutSuccessSource: async (ctx: KoaContextWithOIDC) => {
          ctx.type = 'html';
          ctx.body = loggedOutPage(languageOf(ctx));
        },
      },
      ciba: {
        enabled: true,
        deliveryModes: ['poll'],
        // Any civil number is accepted alike, registered or not, active or not: the answer must not tell
        // who has a wallet (never unknown_user_id). A request no device receives simply expires.
        processLoginHint: async (ctx: KoaContextWithOIDC, loginHint?: string) => {
          const civilNumber = parseCivilNumber(loginHint);
          if (!civilNumber) throw new errors.InvalidRequest('login_hint is the civil number (6 to 12 digits)');
          await admitCibaRequest(ctx, deps.logins, civilNumber);
          return civilNumber;
        },
        processLoginHintToken: async () => {
          throw new errors.InvalidRequest('login_hint_token is not supported: send login_hint (the civil number)');
        },
        validateBindingMessage: async (_ctx: KoaContextWithOIDC, bindingMessage?: string) => {
          if (!bindingMessage) throw new errors.InvalidBindingMessage('binding_message is required: the wallet shows it so the person can match the request');
          if (bindingMessage.length > 20 || !/^[\p{L}\p{N} _.:#-]+$/u.test(bindingMessage)) throw new errors.InvalidBindingMessage('binding_message is at most 20 letters, digits, spaces and _ . : # -');
        },
        // Not about a request context at all: the one hook that runs before the request is saved, so
        // the entitlement and the acr are checked here, where a refusal leaves nothing behind.
        validateRequestContext: async (ctx: KoaContextWithOIDC) => {
          const rp = ctx.oidc.client && (await deps.relyingParties.findActive(ctx.oidc.client.clientId));
          if (!rp) throw new errors.InvalidClient('unknown client');
          try {
            loginSubjectOf(rp, ctx.oidc.params ?? {});
          } catch (error) {
            if (error instanceof LoginRequestRefused) throw error.error === 'invalid_scope' ? new errors.InvalidScope(error.description, '') : new errors.InvalidRequest(error.description);
            throw error;
          }
        },
        verifyUserCode: async (_ctx: KoaContextWithOIDC, _account: unknown, userCode?: string) => {
          if (userCode) throw new errors.InvalidRequest('user_code is not supported');
        },
        // The request's own clientId and accountId are optional in its model; the client and account
        // that oidc-provider resolved for it are not.
        triggerAuthenticationDevice: async (ctx: KoaContextWithOIDC, request: BackchannelAuthenticationRequest, account: Account, client: Client) => {
          const rp = await deps.relyingParties.findActive(client.clientId);
          if (!rp) throw new errors.InvalidClient('unknown client');
          const params = request.params ?? {};
          try {
            await deps.logins.startCiba(loginSubjectOf(rp, params), request.jti, account.accountId, String(params.binding_message));
          } catch (error) {
            // The request is already saved and its id answered: a refusal here reaches the relying party
            // at its next poll, as access_denied.
            if (!(error instanceof LoginError)) throw error;
            await ctx.oidc.provider.backchannelResult(request.jti, new errors.AccessDenied(error.message));
          }
        },
      },
    },
    interactions: {
      policy: everyLoginOnTheDevice(),
      url: (_ctx: KoaContextWithOIDC, interaction: { uid: string }) => `/login/${interaction.uid}`,
    },
    fetch: deps.fetch,
    sectorIdentifierUriValidate: () => false,
    ttl: TTL,
    renderError: async (ctx: KoaContextWithOIDC, out: { error?: string; error_description?: string }) => {
      ctx.type = 'html';
      ctx.body = errorPage(languageOf(ctx), out.error, out.error_description);
    },
  };
}

/**
 * The host a pairwise subject is computed for. oidc-provider derives it for every pairwise client (from
 * sector_identifier_uri, else the redirect URIs' host) and refuses a client it cannot derive it for, so
 * it is never missing here; an empty sector would give the same subject at every relying party.
 */
function sectorOf(client: Client): string {
  const sector = client.sectorIdentifier;
  if (!sector) throw new Error(`client ${client.clientId} has no sector identifier for its pairwise subjects`);
  return sector;
}

function languageOf(ctx: KoaContextWithOIDC): Language {
  return ctx.cookies?.get('theqa_lang') === 'en' || ctx.query?.lang === 'en' ? 'en' : 'ar';
}
