import { createHash, createPublicKey, generateKeyPairSync, randomBytes, randomUUID, sign, verify, type JsonWebKey, type KeyObject } from 'node:crypto';
import { ACR } from '@theqa/kernel';
import type { BenchHttp } from './login-http';

/** What the relying party asks for, as the demo relying party (apps/demo-rp) asks it. */
export const LOGIN_CLAIMS = ['civil_number', 'full_name_ar', 'full_name_en', 'date_of_birth', 'nationality', 'gender_en', 'gender_ar'] as const;

export interface ProviderEndpoints {
  issuer: string;
  par: string;
  authorization: string;
  token: string;
  userinfo: string;
  jwks: string;
}

/** One login in progress at the relying party: what it keeps between the PAR and the callback. */
export interface PendingLogin {
  authorizationUrl: string;
  state: string;
  nonce: string;
  verifier: string;
  dpop: DpopKey;
}

interface DpopKey {
  privateKey: KeyObject;
  jwk: { kty: string; crv: string; x: string; y: string };
}

export interface VerifiedLogin {
  sub: string;
  idToken: Record<string, unknown>;
  userinfo: Record<string, unknown>;
}

export class LoginCheckFailed extends Error {}

const b64u = (data: string | Buffer) => Buffer.from(data).toString('base64url');

function signJwt(header: Record<string, unknown>, payload: Record<string, unknown>, key: KeyObject): string {
  const input = `${b64u(JSON.stringify(header))}.${b64u(JSON.stringify(payload))}`;
  return `${input}.${sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
}

/**
 * A confidential relying party speaking the protocol the way openid-client does for the demo RP, on
 * raw HTTP so that the load generator stays light: PAR with private_key_jwt (ES256), PKCE S256, a
 * nonce, the claims parameter and a DPoP proof (binding the code to a fresh key per login); the
 * token request with private_key_jwt and DPoP; userinfo with the DPoP-bound access token. It checks
 * what openid-client checks and more: the authorization response's state and iss, the ID token's
 * ES256 signature against the provider's JWKS, iss, aud, azp, exp, iat, nonce, acr, auth_time,
 * at_hash and the requested claims, and userinfo's sub and claims.
 */
export class BenchRelyingParty {
  private idTokenKeys = new Map<string, KeyObject>();

  private constructor(
    private readonly http: BenchHttp,
    readonly clientId: string,
    readonly redirectUri: string,
    private readonly clientKey: KeyObject,
    private readonly kid: string,
    readonly endpoints: ProviderEndpoints,
  ) {}

  /** A fresh client key pair (the public half is what gets registered). */
  static newClientKey(): { privateKey: KeyObject; publicJwk: JsonWebKey & { kid: string; use: 'sig'; alg: 'ES256' } } {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    const kid = createHash('sha256').update(JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y })).digest('base64url');
    return { privateKey, publicJwk: { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, kid, use: 'sig', alg: 'ES256' } };
  }

  /** Discovery and the provider's signing keys, once. */
  static async discover(http: BenchHttp, issuer: string, client: { clientId: string; redirectUri: string; privateKey: KeyObject; kid: string }): Promise<BenchRelyingParty> {
    const answer = await http.request(`${issuer}/.well-known/openid-configuration`);
    if (answer.status !== 200) throw new Error(`discovery at ${issuer} answered ${answer.status}`);
    const meta = JSON.parse(answer.text) as Record<string, string>;
    if (meta.issuer !== issuer) throw new Error(`discovery names issuer ${meta.issuer}, expected ${issuer}`);
    const endpoints: ProviderEndpoints = {
      issuer,
      par: meta.pushed_authorization_request_endpoint,
      authorization: meta.authorization_endpoint,
      token: meta.token_endpoint,
      userinfo: meta.userinfo_endpoint,
      jwks: meta.jwks_uri,
    };
    const rp = new BenchRelyingParty(http, client.clientId, client.redirectUri, client.privateKey, client.kid, endpoints);
    await rp.loadKeys();
    return rp;
  }

  private async loadKeys(): Promise<void> {
    const answer = await this.http.request(this.endpoints.jwks);
    const { keys } = JSON.parse(answer.text) as { keys: Array<JsonWebKey & { kid: string; alg?: string }> };
    this.idTokenKeys = new Map(keys.filter((k) => k.kty === 'EC' && k.crv === 'P-256').map((k) => [k.kid, createPublicKey({ key: k, format: 'jwk' })]));
    if (!this.idTokenKeys.size) throw new Error(`no P-256 key at ${this.endpoints.jwks}`);
  }

  private clientAssertion(): string {
    const now = Math.floor(Date.now() / 1000);
    // aud: the issuer identifier, as openid-client sends it.
    return signJwt({ alg: 'ES256', kid: this.kid }, { iss: this.clientId, sub: this.clientId, aud: this.endpoints.issuer, jti: randomUUID(), iat: now, exp: now + 60 }, this.clientKey);
  }

  private dpopProof(key: DpopKey, method: string, url: string, accessToken?: string): string {
    const payload: Record<string, unknown> = { htm: method, htu: url, jti: randomUUID(), iat: Math.floor(Date.now() / 1000) };
    if (accessToken) payload.ath = createHash('sha256').update(accessToken).digest('base64url');
    return signJwt({ typ: 'dpop+jwt', alg: 'ES256', jwk: key.jwk }, payload, key.privateKey);
  }

  /** PAR: the request goes in the back channel; the browser gets only client_id and request_uri. */
  async start(extra: Record<string, string> = {}): Promise<PendingLogin> {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pub = publicKey.export({ format: 'jwk' });
    const dpop: DpopKey = { privateKey, jwk: { kty: 'EC', crv: 'P-256', x: String(pub.x), y: String(pub.y) } };
    const verifier = randomBytes(32).toString('base64url');
    const state = randomBytes(32).toString('base64url');
    const nonce = randomBytes(32).toString('base64url');
    const wanted = Object.fromEntries(LOGIN_CLAIMS.map((c) => [c, null]));
    const body = new URLSearchParams({
      client_id: this.clientId,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: this.clientAssertion(),
      redirect_uri: this.redirectUri,
      response_type: 'code',
      scope: 'openid',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
      state,
      nonce,
      acr_values: ACR.medium,
      claims: JSON.stringify({ id_token: { acr: { essential: true }, auth_time: { essential: true }, ...wanted }, userinfo: wanted }),
      ui_locales: 'ar en',
      ...extra,
    }).toString();
    const answer = await this.http.request(this.endpoints.par, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', dpop: this.dpopProof(dpop, 'POST', this.endpoints.par) },
      body,
    });
    if (answer.status !== 201) throw new LoginCheckFailed(`PAR answered ${answer.status}: ${answer.text.slice(0, 300)}`);
    const { request_uri } = JSON.parse(answer.text) as { request_uri: string };
    const url = new URL(this.endpoints.authorization);
    url.searchParams.set('client_id', this.clientId);
    url.searchParams.set('request_uri', request_uri);
    return { authorizationUrl: url.toString(), state, nonce, verifier, dpop };
  }

  /** The callback: the code redeemed with DPoP, the ID token verified, userinfo fetched and checked. */
  async finish(login: PendingLogin, callback: string, expected: { claims: Record<string, unknown>; forbiddenSub?: string }, timings?: (step: 'token' | 'userinfo', ms: number) => void): Promise<VerifiedLogin> {
    if (!callback.startsWith(`${this.redirectUri}?`)) throw new LoginCheckFailed(`not back at the redirect URI: ${callback}`);
    const params = new URL(callback).searchParams;
    if (params.get('error')) throw new LoginCheckFailed(`the provider answered ${params.get('error')}: ${params.get('error_description')}`);
    if (params.get('state') !== login.state) throw new LoginCheckFailed('state mismatch');
    if (params.get('iss') !== this.endpoints.issuer) throw new LoginCheckFailed(`iss ${params.get('iss')} in the authorization response`);
    const code = params.get('code');
    if (!code) throw new LoginCheckFailed('no code');

    let t = process.hrtime.bigint();
    const tokenAnswer = await this.http.request(this.endpoints.token, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', dpop: this.dpopProof(login.dpop, 'POST', this.endpoints.token) },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: this.redirectUri,
        code_verifier: login.verifier,
        client_id: this.clientId,
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: this.clientAssertion(),
      }).toString(),
    });
    if (tokenAnswer.status !== 200) throw new LoginCheckFailed(`token endpoint answered ${tokenAnswer.status}: ${tokenAnswer.text.slice(0, 300)}`);
    const tokens = JSON.parse(tokenAnswer.text) as { access_token: string; token_type: string; id_token?: string };
    if (tokens.token_type !== 'DPoP') throw new LoginCheckFailed(`token_type ${tokens.token_type}, not DPoP`);
    if (!tokens.id_token) throw new LoginCheckFailed('no ID token');
    const idToken = this.verifyIdToken(tokens.id_token, login.nonce, tokens.access_token);
    for (const [claim, value] of Object.entries(expected.claims)) {
      if (idToken[claim] !== value) throw new LoginCheckFailed(`ID token ${claim} = ${JSON.stringify(idToken[claim])}, expected ${JSON.stringify(value)}`);
    }
    if (expected.forbiddenSub !== undefined && idToken.sub === expected.forbiddenSub) throw new LoginCheckFailed('the subject is the civil number, not a pairwise identifier');
    timings?.('token', Number(process.hrtime.bigint() - t) / 1e6);

    t = process.hrtime.bigint();
    const userinfoAnswer = await this.http.request(this.endpoints.userinfo, {
      headers: { authorization: `DPoP ${tokens.access_token}`, accept: 'application/json', dpop: this.dpopProof(login.dpop, 'GET', this.endpoints.userinfo, tokens.access_token) },
    });
    if (userinfoAnswer.status !== 200) throw new LoginCheckFailed(`userinfo answered ${userinfoAnswer.status}: ${userinfoAnswer.text.slice(0, 300)}`);
    const userinfo = JSON.parse(userinfoAnswer.text) as Record<string, unknown>;
    if (userinfo.sub !== idToken.sub) throw new LoginCheckFailed('userinfo sub differs from the ID token sub');
    const keys = Object.keys(userinfo).sort();
    const wanted = ['sub', ...LOGIN_CLAIMS].sort();
    if (keys.join() !== wanted.join()) throw new LoginCheckFailed(`userinfo released ${keys.join(', ')}; consented: ${wanted.join(', ')}`);
    for (const [claim, value] of Object.entries(expected.claims)) {
      if (userinfo[claim] !== value) throw new LoginCheckFailed(`userinfo ${claim} = ${JSON.stringify(userinfo[claim])}, expected ${JSON.stringify(value)}`);
    }
    timings?.('userinfo', Number(process.hrtime.bigint() - t) / 1e6);
    return { sub: String(idToken.sub), idToken, userinfo };
  }

  private verifyIdToken(jwt: string, nonce: string, accessToken: string): Record<string, unknown> {
    const [h, p, s] = jwt.split('.');
    const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as { alg?: string; kid?: string };
    if (header.alg !== 'ES256') throw new LoginCheckFailed(`ID token alg ${header.alg}`);
    const key = header.kid ? this.idTokenKeys.get(header.kid) : undefined;
    if (!key) throw new LoginCheckFailed(`ID token kid ${header.kid} is not in the provider's JWKS`);
    if (!verify('sha256', Buffer.from(`${h}.${p}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(s, 'base64url'))) throw new LoginCheckFailed('ID token signature does not verify');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>;
    const now = Math.floor(Date.now() / 1000);
    const aud = claims.aud;
    if (claims.iss !== this.endpoints.issuer) throw new LoginCheckFailed(`ID token iss ${claims.iss}`);
    if (!(aud === this.clientId || (Array.isArray(aud) && aud.includes(this.clientId) && claims.azp === this.clientId))) throw new LoginCheckFailed(`ID token aud ${JSON.stringify(aud)}`);
    if (typeof claims.exp !== 'number' || claims.exp <= now - 5) throw new LoginCheckFailed('ID token expired');
    if (typeof claims.iat !== 'number' || claims.iat > now + 5) throw new LoginCheckFailed('ID token iat in the future');
    if (claims.nonce !== nonce) throw new LoginCheckFailed('ID token nonce mismatch');
    if (claims.acr !== ACR.medium) throw new LoginCheckFailed(`ID token acr ${claims.acr}`);
    if (typeof claims.auth_time !== 'number' || claims.auth_time > now + 5) throw new LoginCheckFailed('ID token auth_time missing');
    if (typeof claims.sub !== 'string' || !claims.sub) throw new LoginCheckFailed('ID token sub missing');
    if (claims.at_hash !== undefined && claims.at_hash !== createHash('sha256').update(accessToken).digest().subarray(0, 16).toString('base64url')) throw new LoginCheckFailed('ID token at_hash mismatch');
    for (const claim of LOGIN_CLAIMS) if (claims[claim] === undefined) throw new LoginCheckFailed(`ID token lacks ${claim}`);
    return claims;
  }
}
