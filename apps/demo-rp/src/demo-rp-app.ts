import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { webcrypto } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import * as oidc from 'openid-client';
import { importClientKey, readClientKeyFile } from './client-key';
import { DemoRpConfigError, isLoopbackHost, postLogoutRedirectUri, redirectUri, type DemoRpConfig } from './demo-rp-config';
import { ACR, assuranceOfAcr, satisfies, type AssuranceLevel, type Language } from '@theqa/kernel';
import { failurePage, homePage, langOf, resultPage, STYLESHEET, type Failure } from './pages';
import { CookieSealer, loadOrCreateCookieKey, SealedValueError } from './sealed-cookie';

/** Lifetime of a login transaction (PAR request to callback). */
const TRANSACTION_SECONDS = 600;
/** Lifetime of the logout cookie (the ID token kept only for `id_token_hint`). */
const SESSION_SECONDS = 3600;
/** One cookie per login in progress, named after its state, so two tabs can log in at once. */
const TRANSACTION_COOKIE_PREFIX = 'naql_tx_';
const SESSION_COOKIE = 'naql_session';
/** Browsers keep cookies up to about 4 KiB; a bigger ID token is not kept (logout then goes without a hint). */
const MAX_COOKIE_VALUE = 3800;
const STATE_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;

export interface DemoRpOptions {
  /** Where operational messages go (one line each); stderr by default. Never shown to users. */
  log?: (line: string) => void;
  /** Timeout of each request to the provider, in seconds (default 10). */
  providerTimeoutSeconds?: number;
}

export interface RunningDemoRp {
  /** Where the server listens (the public address is `config.baseUrl`). */
  url: string;
  close(): Promise<void>;
}

export interface DemoRp {
  app: express.Express;
  start(): Promise<RunningDemoRp>;
}

/** What the transaction cookie carries from `POST /login` to `GET /callback`. */
interface LoginTransaction {
  state: string;
  nonce: string;
  codeVerifier: string;
  /** The DPoP private key (P-256 JWK): the token request must be signed with the key the PAR bound the code to. */
  dpopKey: webcrypto.JsonWebKey;
  acr: AssuranceLevel;
  lang: Language;
}

/**
 * The sample relying party "Naql (demo)": an express app that logs people in with Theqa using
 * openid-client — PAR, PKCE (S256), private_key_jwt (ES256) and DPoP-bound tokens — then shows the
 * released claims and the acr. It keeps no state in memory beyond the provider's discovered metadata:
 * the login transaction travels in a sealed cookie, so any instance sharing the cookie key can finish it.
 *
 * Throws `DemoRpKeyError` when the client key file is missing or unusable (a clear start-up error).
 */
export function createDemoRp(config: DemoRpConfig, options: DemoRpOptions = {}): DemoRp {
  const log = options.log ?? ((line: string) => process.stderr.write(`demo-rp: ${line}\n`));
  const issuerUrl = new URL(config.issuer);
  if (issuerUrl.protocol === 'http:' && !isLoopbackHost(issuerUrl.hostname)) {
    throw new DemoRpConfigError([`DEMO_RP_ISSUER must use https unless the issuer is on this machine (got ${JSON.stringify(config.issuer)})`]);
  }
  // A secret client (client_secret_basic) needs no key file; a key client (private_key_jwt) needs it at start.
  const clientSecret = config.clientSecret;
  const clientJwk = clientSecret === undefined ? readClientKeyFile(config.keyFile, config.clientId) : undefined;
  const sealer = new CookieSealer(loadOrCreateCookieKey(path.dirname(config.keyFile)));
  const secure = config.baseUrl.startsWith('https:');
  const timeout = options.providerTimeoutSeconds ?? 10;

  // Discovery once per process; a failure is not cached, so the next login tries again.
  let configuration: Promise<oidc.Configuration> | undefined;
  const discover = (): Promise<oidc.Configuration> => {
    configuration ??= (async () => {
      // (Without a key, there is a secret: see above.)
      const authentication = clientJwk ? await importClientKey(clientJwk).then(({ key, kid }) => oidc.PrivateKeyJwt({ key: key as CryptoKey, kid })) : oidc.ClientSecretBasic(clientSecret ?? '');
      return oidc.discovery(issuerUrl, config.clientId, undefined, authentication, {
        // Development issuers on loopback speak plain HTTP; anything else must be https (checked above).
        execute: issuerUrl.protocol === 'http:' ? [oidc.allowInsecureRequests] : [],
        timeout,
      });
    })();
    configuration.catch(() => {
      configuration = undefined;
    });
    return configuration;
  };

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(securityHeaders);
  const form = express.urlencoded({ extended: false, limit: '4kb', parameterLimit: 20 });

  const fail = (res: Response, status: number, lang: Language, failure: Failure) => {
    res.status(status).type('html').set('Cache-Control', 'no-store').send(failurePage(lang, failure));
  };

  /** The provider's metadata, or a 502 page already sent. */
  const providerOr502 = async (res: Response, lang: Language): Promise<oidc.Configuration | undefined> => {
    try {
      return await discover();
    } catch (error) {
      log(`discovery of ${config.issuer} failed: ${describe(error)}`);
      fail(res, 502, lang, { code: 'provider_unreachable' });
      return undefined;
    }
  };

  /** Errors of the token and userinfo requests, as a page: the provider's own error code where it gave one. */
  const providerFailure = (res: Response, lang: Language, step: string, error: unknown) => {
    log(`${step} failed: ${describe(error)}`);
    if (error instanceof oidc.AuthorizationResponseError) return fail(res, 400, lang, { code: error.error, description: error.error_description });
    if (error instanceof oidc.ResponseBodyError) return fail(res, 502, lang, { code: error.error, description: error.error_description });
    if (error instanceof oidc.ClientError || error instanceof oidc.WWWAuthenticateChallengeError) {
      return fail(res, 502, lang, { code: 'provider_error', description: error.message });
    }
    return fail(res, 502, lang, { code: 'provider_unreachable' });
  };

  app.get('/health', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok', service: 'demo-rp', issuer: config.issuer, clientId: config.clientId });
  });

  app.get('/demo-rp.css', (_req, res) => {
    res.type('css').set('Cache-Control', 'public, max-age=3600').send(STYLESHEET);
  });

  app.get('/', (req, res) => {
    res.type('html').set('Cache-Control', 'no-store').send(homePage(langOf(req.query.lang), config.claims));
  });

  app.post('/login', form, async (req: Request, res: Response) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const lang = langOf(body.lang);
    const high = body.high === '1' || body.high === 'on';
    const provider = await providerOr502(res, lang);
    if (!provider) return;

    const dpopKeys = await oidc.randomDPoPKeyPair('ES256', { extractable: true });
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const wanted = Object.fromEntries(config.claims.map((claim) => [claim, null]));
    const claims = {
      id_token: { acr: high ? { essential: true, values: [ACR.high] } : { essential: true }, auth_time: { essential: true }, ...wanted },
      userinfo: wanted,
    };
    let authorizationUrl: URL;
    try {
      authorizationUrl = await oidc.buildAuthorizationUrlWithPAR(
        provider,
        {
          redirect_uri: redirectUri(config),
          scope: 'openid',
          response_type: 'code',
          code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
          code_challenge_method: 'S256',
          state,
          nonce,
          acr_values: high ? ACR.high : ACR.medium,
          claims: JSON.stringify(claims),
          ui_locales: lang === 'ar' ? 'ar en' : 'en ar',
        },
        // The PAR carries a DPoP proof too, which binds the authorization code to this key (dpop_jkt).
        { DPoP: oidc.getDPoPHandle(provider, dpopKeys) },
      );
    } catch (error) {
      return providerFailure(res, lang, 'pushed authorization request', error);
    }
    const { kty, crv, x, y, d } = await webcrypto.subtle.exportKey('jwk', dpopKeys.privateKey as webcrypto.CryptoKey);
    const transaction: LoginTransaction = { state, nonce, codeVerifier, dpopKey: { kty, crv, x, y, d }, acr: high ? 'high' : 'medium', lang };
    const name = TRANSACTION_COOKIE_PREFIX + state;
    res.cookie(name, sealer.seal(name, transaction, TRANSACTION_SECONDS), {
      httpOnly: true,
      sameSite: 'lax',
      secure,
      path: '/callback',
      maxAge: TRANSACTION_SECONDS * 1000,
    });
    res.set('Cache-Control', 'no-store').redirect(303, authorizationUrl.href);
  });

  app.get('/callback', async (req: Request, res: Response) => {
    const query = req.query as Record<string, unknown>;
    const state = typeof query.state === 'string' && STATE_PATTERN.test(query.state) ? query.state : undefined;
    const opened = state ? openTransaction(req, state) : ({ failure: 'no_transaction' } as const);
    const lang = 'transaction' in opened ? opened.transaction.lang : langOf(query.lang);
    // Whatever happens next, this transaction is used up.
    if (state) res.clearCookie(TRANSACTION_COOKIE_PREFIX + state, { httpOnly: true, sameSite: 'lax', secure, path: '/callback' });

    if (typeof query.error === 'string') {
      const code = /^[\x21-\x7e]{1,64}$/.test(query.error) ? query.error : 'invalid_error';
      const description = typeof query.error_description === 'string' ? query.error_description.slice(0, 500) : undefined;
      log(`the provider answered the login with ${code}${description ? `: ${description}` : ''}`);
      return fail(res, code === 'access_denied' ? 403 : 400, lang, { code, description });
    }
    if (!('transaction' in opened)) return fail(res, 400, lang, { code: opened.failure });
    const transaction = opened.transaction;

    const provider = await providerOr502(res, lang);
    if (!provider) return;
    const DPoP = oidc.getDPoPHandle(provider, await importDpopKeyPair(transaction.dpopKey));
    const search = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
    const currentUrl = new URL(redirectUri(config) + search);

    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    try {
      tokens = await oidc.authorizationCodeGrant(
        provider,
        currentUrl,
        { pkceCodeVerifier: transaction.codeVerifier, expectedState: transaction.state, expectedNonce: transaction.nonce, idTokenExpected: true },
        undefined,
        { DPoP },
      );
    } catch (error) {
      return providerFailure(res, lang, 'token request', error);
    }
    const idTokenClaims = tokens.claims();
    if (!idTokenClaims) return providerFailure(res, lang, 'token request', new Error('the token response carries no ID token'));
    const acr = idTokenClaims.acr;
    if (!acceptableAcr(transaction.acr, acr)) {
      log(`refused a login at acr ${JSON.stringify(acr)} (${transaction.acr} was required)`);
      return fail(res, 403, lang, { code: 'assurance_too_low', description: `acr: ${acr === undefined ? '(none)' : String(acr)}` });
    }
    let userinfo: Record<string, unknown>;
    try {
      userinfo = await oidc.fetchUserInfo(provider, tokens.access_token, idTokenClaims.sub, { DPoP });
    } catch (error) {
      return providerFailure(res, lang, 'userinfo request', error);
    }

    // The ID token is kept only to name the session at logout (id_token_hint).
    if (tokens.id_token) {
      const sealed = sealer.seal(SESSION_COOKIE, { idToken: tokens.id_token }, SESSION_SECONDS);
      if (sealed.length <= MAX_COOKIE_VALUE) {
        res.cookie(SESSION_COOKIE, sealed, { httpOnly: true, sameSite: 'lax', secure, path: '/logout', maxAge: SESSION_SECONDS * 1000 });
      } else {
        log(`the ID token is too big for a cookie (${sealed.length} characters sealed); logout will go without id_token_hint`);
      }
    }
    res.status(200).type('html').set('Cache-Control', 'no-store').send(resultPage(lang, { idTokenClaims: { ...idTokenClaims }, userinfo: { ...userinfo } }));
  });

  app.post('/logout', form, async (req: Request, res: Response) => {
    const lang = langOf((req.body as Record<string, unknown> | undefined)?.lang);
    let idToken: string | undefined;
    const sealed = readCookies(req).get(SESSION_COOKIE);
    if (sealed) {
      try {
        idToken = sealer.open<{ idToken: string }>(SESSION_COOKIE, sealed).idToken;
      } catch {
        idToken = undefined; // expired or altered: log out without a hint (the provider then asks the user)
      }
    }
    res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure, path: '/logout' });
    const provider = await providerOr502(res, lang);
    if (!provider) return;
    if (!provider.serverMetadata().end_session_endpoint) {
      return res.set('Cache-Control', 'no-store').redirect(303, lang === 'en' ? '/?lang=en' : '/');
    }
    const url = oidc.buildEndSessionUrl(provider, {
      post_logout_redirect_uri: postLogoutRedirectUri(config),
      ...(idToken ? { id_token_hint: idToken } : {}),
      ui_locales: lang === 'ar' ? 'ar en' : 'en ar',
    });
    res.set('Cache-Control', 'no-store').redirect(303, url.href);
  });

  app.use((req: Request, res: Response) => fail(res, 404, langOf(req.query.lang), { code: 'not_found' }));

  // Last resort: a page without details; the details go to the log.
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const status = (error as { status?: number }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return fail(res, status === 413 ? 413 : 400, langOf(req.query.lang), { code: 'bad_request' });
    }
    log(`unexpected error on ${req.method} ${req.path}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    if (res.headersSent) return res.end();
    fail(res, 500, langOf(req.query.lang), { code: 'internal' });
  });

  function openTransaction(req: Request, state: string): { transaction: LoginTransaction } | { failure: 'no_transaction' | 'transaction_invalid' | 'transaction_expired' } {
    const name = TRANSACTION_COOKIE_PREFIX + state;
    const value = readCookies(req).get(name);
    if (!value) return { failure: 'no_transaction' };
    try {
      const transaction = sealer.open<LoginTransaction>(name, value);
      // The cookie is named after the state and sealed under its name; the state inside must agree.
      if (transaction.state !== state) return { failure: 'transaction_invalid' };
      return { transaction };
    } catch (error) {
      if (error instanceof SealedValueError) {
        log(`login transaction cookie refused: ${error.reason}`);
        return { failure: error.reason === 'expired' ? 'transaction_expired' : 'transaction_invalid' };
      }
      throw error;
    }
  }

  return {
    app,
    start: () => listen(app, config),
  };
}

/** Medium logins accept either level; a login that required high accepts only high. */
export function acceptableAcr(required: AssuranceLevel, acr: unknown): boolean {
  const level = assuranceOfAcr(acr);
  return level !== undefined && satisfies(level, required);
}

function securityHeaders(_req: Request, res: Response, next: NextFunction): void {
  // No script at all; styles from our own stylesheet only.
  res.set({
    'Content-Security-Policy': "default-src 'self'; base-uri 'none'; frame-ancestors 'none'; object-src 'none'",
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    // The callback URL carries the authorization code: never let it travel as a Referer.
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
  });
  next();
}

function readCookies(req: Request): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (!cookies.has(name)) cookies.set(name, value);
  }
  return cookies;
}

async function importDpopKeyPair(jwk: webcrypto.JsonWebKey): Promise<oidc.CryptoKeyPair> {
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256' };
  const { kty, crv, x, y, d } = jwk;
  const privateKey = await webcrypto.subtle.importKey('jwk', { kty, crv, x, y, d }, algorithm, false, ['sign']);
  const publicKey = await webcrypto.subtle.importKey('jwk', { kty, crv, x, y }, algorithm, true, ['verify']);
  return { privateKey, publicKey } as unknown as oidc.CryptoKeyPair;
}

function describe(error: unknown): string {
  if (error instanceof oidc.ResponseBodyError) return `${error.error}${error.error_description ? `: ${error.error_description}` : ''} (HTTP ${error.status})`;
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}

function listen(app: express.Express, config: DemoRpConfig): Promise<RunningDemoRp> {
  const server = http.createServer(app);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      const host = config.host.includes(':') ? `[${config.host}]` : config.host;
      resolve({
        url: `http://${host}:${port}`,
        close: () =>
          new Promise<void>((done, failed) => {
            server.close((error) => (error ? failed(error) : done()));
            server.closeIdleConnections();
            setTimeout(() => server.closeAllConnections(), 2000).unref();
          }),
      });
    });
  });
}
