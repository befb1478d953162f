import { createHmac, generateKeyPairSync, randomBytes } from 'node:crypto';
import http from 'node:http';
import Provider, { interactionPolicy, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { SyntheticCivilRegistry } from '@theqa/dev-standins';
import { ACR_VALUES } from '@theqa/kernel';
import { claimNamesOf, claimsParameterOf } from '@theqa/login';

/**
 * The in-run reference of `npm run bench -- login`, as its own process: bare oidc-provider on plain
 * node:http, configured for the same protocol as the gateway (PAR, PKCE S256, private_key_jwt ES256,
 * DPoP, pairwise subjects, the claims parameter, acr values, ES256 ID tokens, the same lifetimes, a
 * login prompt at every authorization) but with its in-memory storage, no Nest/Express, no
 * PostgreSQL, and an interaction that logs the person named by login_hint in at once: no login pages,
 * no device approval, no consent records. The ratio to it is the price of everything the platform
 * adds to the library's own code flow.
 *
 * Started by bench/login.bench.ts with BENCH_LOGIN_REFERENCE (JSON: port, clientId, redirectUri,
 * publicJwk, claims); writes "ready" on stdout when it listens.
 */
interface ReferenceConfig {
  port: number;
  clientId: string;
  redirectUri: string;
  publicJwk: Record<string, unknown>;
  claims: string[];
  acr: string;
}

async function main(): Promise<void> {
  const config = JSON.parse(process.env.BENCH_LOGIN_REFERENCE ?? '') as ReferenceConfig;
  const issuer = `http://127.0.0.1:${config.port}`;
  const registry = new SyntheticCivilRegistry();
  const signing = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });
  const pairwiseSecret = randomBytes(32);

  // As the gateway's policy (apps/gateway/src/oidc/login-policy.ts): every authorization request is a login.
  const policy = interactionPolicy.base();
  policy.get('login')?.checks.add(
    new interactionPolicy.Check('every_login', 'every authorization request logs in', 'login_required', (ctx) =>
      ctx.oidc.result?.login ? interactionPolicy.Check.NO_NEED_TO_PROMPT : interactionPolicy.Check.REQUEST_PROMPT,
    ),
  );

  const configuration: Configuration = {
    clients: [
      {
        client_id: config.clientId,
        token_endpoint_auth_method: 'private_key_jwt',
        jwks: { keys: [config.publicJwk] },
        redirect_uris: [config.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        id_token_signed_response_alg: 'ES256',
        subject_type: 'pairwise',
      },
    ],
    jwks: { keys: [{ ...signing, alg: 'ES256', use: 'sig', kid: 'reference-1' }] as never },
    cookies: { keys: [randomBytes(32).toString('base64url')], long: { httpOnly: true, sameSite: 'lax', signed: true }, short: { httpOnly: true, sameSite: 'lax', signed: true } },
    findAccount: async (_ctx: KoaContextWithOIDC, accountId: string) => ({
      accountId,
      async claims() {
        const person = (await registry.findPerson(accountId)) as unknown as Record<string, unknown> | undefined;
        return { sub: accountId, ...Object.fromEntries(config.claims.map((c) => [c, person?.[c] ?? null])) };
      },
    }),
    claims: { openid: ['sub'], acr: null, auth_time: null, sid: null, identity: config.claims },
    acrValues: ACR_VALUES,
    responseTypes: ['code'],
    subjectTypes: ['pairwise'],
    pairwiseIdentifier: async (_ctx: KoaContextWithOIDC, accountId: string, client: { sectorIdentifier?: string }) =>
      createHmac('sha256', pairwiseSecret).update(`${client.sectorIdentifier ?? ''}\n${accountId}`).digest('base64url'),
    pkce: { required: () => true },
    clientAuthMethods: ['private_key_jwt'],
    enabledJWA: { idTokenSigningAlgValues: ['ES256'], clientAuthSigningAlgValues: ['ES256'], dPoPSigningAlgValues: ['ES256'] },
    features: {
      devInteractions: { enabled: false },
      pushedAuthorizationRequests: { enabled: true },
      dPoP: { enabled: true },
      claimsParameter: { enabled: true },
      userinfo: { enabled: true },
    },
    interactions: { policy: [...policy], url: (_ctx: KoaContextWithOIDC, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    issueRefreshToken: async () => false,
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AuthorizationCode: 60, AccessToken: 600, IdToken: 600, PushedAuthorizationRequest: 90 },
  } as unknown as Configuration;

  const provider = new Provider(issuer, configuration);
  const callback = provider.callback();
  const server = http.createServer((req, res) => {
    if (!req.url?.startsWith('/interaction/')) return void callback(req, res);
    // The whole login: the person of login_hint, approved at once, the requested claims granted.
    (async () => {
      const details = await provider.interactionDetails(req, res);
      const accountId = String(details.params.login_hint ?? '');
      const clientId = String(details.params.client_id);
      const grant = (details.grantId ? await provider.Grant.find(details.grantId) : undefined) ?? new provider.Grant({ accountId, clientId });
      grant.addOIDCScope(String(details.params.scope ?? 'openid'));
      grant.addOIDCClaims(claimNamesOf(claimsParameterOf(details.params.claims)));
      const grantId = await grant.save();
      await provider.interactionFinished(req, res, { login: { accountId, acr: config.acr, amr: ['hwk', 'pin'], remember: false, ts: Math.floor(Date.now() / 1000) }, consent: { grantId } }, { mergeWithLastSubmission: false });
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(error instanceof Error ? error.message : String(error));
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(config.port, '127.0.0.1', resolve));
  process.stdout.write('ready\n');
  process.on('SIGTERM', () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`login reference OP failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
