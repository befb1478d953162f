import { webcrypto } from 'node:crypto';
import * as oidc from 'openid-client';
import { ACR, assuranceOfAcr, type AssuranceLevel, type Language } from '@theqa/kernel';
import { DEVICE_CLAIM } from '@theqa/login';
import type { LoginTransaction } from '@theqa/portal-sessions';
import { LoginFailed, LoginRefused } from './login-errors';

/** The claims a first-party app asks for: who the person is, in both scripts. */
export const FIRST_PARTY_CLAIMS = ['civil_number', 'full_name_en', 'full_name_ar'] as const;

/** The refusal of an ID-card login by an app that does not accept one (LoginRefused's code). */
export const CARD_LOGIN_NOT_ACCEPTED = 'card-login-not-accepted';

/** A finished login: what the ID token says. */
export interface FirstPartyLogin {
  civilNumber: string;
  /** The wallet's device that approved the login; none for a login with the ID card (when the app accepts one). */
  device?: string;
  acr: AssuranceLevel;
  names: { ar?: string; en?: string };
  idToken: string;
}

export interface FirstPartyClientOptions {
  /** The gateway's issuer: `<public base URL>/oidc`. */
  issuer: string;
  clientId: string;
  privateJwk: JsonWebKey & { kid: string };
  redirectUri: string;
  postLogoutRedirectUri: string;
  timeoutSeconds?: number;
  /**
   * The one assurance the app accepts (the console: HIGH), asked for with `acr_values` and as an
   * essential acr claim, so that the gateway refuses anything lower on its own page. Absent: any.
   */
  acr?: AssuranceLevel;
  /**
   * Whether a login no wallet device approved — with the ID card, at high assurance — is accepted
   * (the portal). Absent: an ID token without the device claim is refused (the console's sessions
   * belong to a device).
   */
  acceptsCardLogins?: boolean;
}

/**
 * A first-party app (the portal, the console) as a relying party of the gateway, through the same
 * provider, over HTTP, as any relying party: pushed authorization request, PKCE (S256),
 * private_key_jwt, the ID token checked against the provider's published keys. It runs in the
 * platform's process, but it is told nothing the provider does not tell every relying party — except,
 * as a first party, which device approved the login.
 */
export class FirstPartyOidcClient {
  private configuration?: Promise<oidc.Configuration>;

  constructor(private readonly options: FirstPartyClientOptions) {}

  /** Where to send the browser, and what to keep until it comes back. */
  async begin(lang: Language): Promise<{ url: URL; transaction: LoginTransaction }> {
    const provider = await this.provider();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const wanted = Object.fromEntries(FIRST_PARTY_CLAIMS.map((claim) => [claim, claim === 'civil_number' ? { essential: true } : null]));
    const acr = this.options.acr;
    let url: URL;
    try {
      url = await oidc.buildAuthorizationUrlWithPAR(provider, {
        redirect_uri: this.options.redirectUri,
        scope: 'openid',
        response_type: 'code',
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
        // The callback checks the acr again: the gateway's refusal is the person's explanation, not the guard.
        ...(acr ? { acr_values: ACR[acr] } : {}),
        claims: JSON.stringify({ id_token: { ...wanted, auth_time: { essential: true }, ...(acr ? { acr: { essential: true, value: ACR[acr] } } : {}) } }),
        ui_locales: lang === 'ar' ? 'ar en' : 'en ar',
      });
    } catch (error) {
      throw new LoginFailed(`the pushed authorization request failed: ${describe(error)}`, { cause: error });
    }
    return { url, transaction: { state, nonce, codeVerifier, lang } };
  }

  /** The gateway's answer at the redirect URI, checked against the transaction and turned into a login. */
  async finish(currentUrl: URL, transaction: LoginTransaction): Promise<FirstPartyLogin> {
    const provider = await this.provider();
    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    try {
      tokens = await oidc.authorizationCodeGrant(provider, currentUrl, {
        pkceCodeVerifier: transaction.codeVerifier,
        expectedState: transaction.state,
        expectedNonce: transaction.nonce,
        idTokenExpected: true,
      });
    } catch (error) {
      if (error instanceof oidc.AuthorizationResponseError) throw new LoginRefused(error.error);
      throw new LoginFailed(`the token request failed: ${describe(error)}`, { cause: error });
    }
    const claims = tokens.claims();
    const civilNumber = claims?.civil_number;
    const device = claims?.[DEVICE_CLAIM];
    const acr = assuranceOfAcr(claims?.acr);
    // No device: a login with the ID card, which the gateway approves at high assurance only.
    const cardLogin = device === undefined && this.options.acceptsCardLogins === true && acr === 'high';
    // An app whose sessions belong to a device refuses a card login with a reason the person can act on.
    if (claims && tokens.id_token && typeof civilNumber === 'string' && device === undefined && acr === 'high' && !cardLogin) throw new LoginRefused(CARD_LOGIN_NOT_ACCEPTED);
    if (!claims || !tokens.id_token || typeof civilNumber !== 'string' || (typeof device !== 'string' && !cardLogin) || !acr) {
      throw new LoginFailed(`the ID token lacks the civil number, the device (${DEVICE_CLAIM}) or the acr: is ${this.options.clientId} a first-party client of the gateway?`);
    }
    const name = (value: unknown) => (typeof value === 'string' && value ? value : undefined);
    return { civilNumber, ...(typeof device === 'string' ? { device } : {}), acr, names: { ar: name(claims.full_name_ar), en: name(claims.full_name_en) }, idToken: tokens.id_token };
  }

  /** The gateway's RP-initiated logout for this ID token, if the provider offers one. */
  async endSessionUrl(idToken: string, lang: Language): Promise<URL | undefined> {
    const provider = await this.provider();
    if (!provider.serverMetadata().end_session_endpoint) return undefined;
    return oidc.buildEndSessionUrl(provider, { id_token_hint: idToken, post_logout_redirect_uri: this.options.postLogoutRedirectUri, ui_locales: lang === 'ar' ? 'ar en' : 'en ar' });
  }

  /** Discovery once per process; a failure is not kept, so the next login tries again. */
  private provider(): Promise<oidc.Configuration> {
    this.configuration ??= (async () => {
      const issuer = new URL(this.options.issuer);
      const { d, x, y, kty, crv, kid } = this.options.privateJwk;
      const key = await webcrypto.subtle.importKey('jwk', { kty, crv, x, y, d }, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
      try {
        return await oidc.discovery(issuer, this.options.clientId, undefined, oidc.PrivateKeyJwt({ key: key as CryptoKey, kid }), {
          // The platform's own gateway: plain HTTP only where the platform itself is served so (development, tests).
          execute: issuer.protocol === 'http:' ? [oidc.allowInsecureRequests] : [],
          timeout: this.options.timeoutSeconds ?? 10,
        });
      } catch (error) {
        throw new LoginFailed(`discovery of ${issuer.href} failed: ${describe(error)}`, { cause: error });
      }
    })();
    this.configuration.catch(() => {
      this.configuration = undefined;
    });
    return this.configuration;
  }
}

function describe(error: unknown): string {
  if (error instanceof oidc.ResponseBodyError) return `${error.error}${error.error_description ? `: ${error.error_description}` : ''} (HTTP ${error.status})`;
  if (error instanceof Error) return `${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}`;
  return String(error);
}
