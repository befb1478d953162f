import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import Provider, { type Configuration } from 'oidc-provider';

export const ACR_MEDIUM = 'urn:theqa:loa:medium';
export const ACR_HIGH = 'urn:theqa:loa:high';

/** The persons the stand-in knows: the login name typed into devInteractions' form picks one. */
export const PERSONS: Record<string, { acr: string; claims: Record<string, unknown> }> = {
  salim: {
    acr: ACR_HIGH,
    claims: {
      civil_number: '12345678',
      full_name_ar: 'سالم بن سعيد البلوشي',
      full_name_en: 'Salim Said Al Balushi <script>alert(1)</script>',
      date_of_birth: '1988-03-14',
      nationality: 'OMN',
      occupation: { ar: 'مهندس', en: 'Engineer' },
      passport_number: 'P1234567',
    },
  },
  maryam: {
    acr: ACR_MEDIUM,
    claims: { civil_number: '87654321', full_name_ar: 'مريم بنت علي الحارثية', full_name_en: 'Maryam Ali Al Harthi', date_of_birth: '1995-11-02', nationality: 'OMN' },
  },
};

export interface StandInProvider {
  issuer: string;
  provider: Provider;
  /** What the provider saw, for the test's assertions. */
  seen: {
    pushedRequests: number;
    authorizationCodes: Array<{ dpopJkt?: string; acr?: string }>;
    accessTokens: Array<{ jkt?: string; accountId?: string }>;
    grants: Array<{ clientAuthMethod?: string; clientAssertionType?: unknown; dpop: boolean }>;
    endSessions: number;
  };
  close(): Promise<void>;
}

/**
 * A real oidc-provider configured like the gateway (PAR required for this client, DPoP with nonces,
 * PKCE required, private_key_jwt with ES256, pairwise subjects, the two acr values, the claims
 * parameter, userinfo, RP-initiated logout), mounted at `/oidc` on a loopback port. Its login and
 * consent pages are devInteractions'; only the login step's result is completed here so that it
 * carries the person's acr, as the gateway's own login does.
 */
export async function startStandInProvider(options: { port: number; clientJwk: Record<string, unknown>; rpBaseUrl: string; clientId: string }): Promise<StandInProvider> {
  const issuer = `http://127.0.0.1:${options.port}/oidc`;
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'stand-in-signing', alg: 'ES256', use: 'sig' };
  const claimNames = [...new Set(Object.values(PERSONS).flatMap((p) => Object.keys(p.claims)))];
  const pairwiseSalt = randomBytes(16).toString('hex');

  const configuration: Configuration = {
    clients: [
      {
        client_id: options.clientId,
        client_name: 'Naql (demo)',
        redirect_uris: [`${options.rpBaseUrl}/callback`],
        post_logout_redirect_uris: [`${options.rpBaseUrl}/`],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'private_key_jwt',
        token_endpoint_auth_signing_alg: 'ES256',
        id_token_signed_response_alg: 'ES256',
        jwks: { keys: [options.clientJwk as never] },
        subject_type: 'pairwise',
        dpop_bound_access_tokens: true,
        require_pushed_authorization_requests: true,
      },
    ],
    jwks: { keys: [signingKey as never] },
    findAccount: (_ctx, id) => {
      const person = PERSONS[id];
      if (!person) return undefined;
      return { accountId: id, claims: () => ({ sub: id, ...person.claims }) };
    },
    claims: { openid: ['sub'], acr: null, auth_time: null, sid: null, ...Object.fromEntries(claimNames.map((c) => [c, null])) },
    acrValues: [ACR_MEDIUM, ACR_HIGH],
    subjectTypes: ['public', 'pairwise'],
    pairwiseIdentifier: (_ctx, accountId, client) =>
      createHash('sha256').update(`${client.sectorIdentifier}|${accountId}|${pairwiseSalt}`).digest('base64url'),
    clientAuthMethods: ['private_key_jwt'],
    enabledJWA: {
      clientAuthSigningAlgValues: ['ES256'],
      idTokenSigningAlgValues: ['ES256'],
      dPoPSigningAlgValues: ['ES256'],
    },
    pkce: { required: () => true },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    features: {
      devInteractions: { enabled: true },
      claimsParameter: { enabled: true },
      dPoP: { enabled: true, nonceSecret: randomBytes(32) },
      pushedAuthorizationRequests: { enabled: true },
      rpInitiatedLogout: { enabled: true },
      userinfo: { enabled: true },
    },
    renderError: (ctx, out) => {
      ctx.type = 'json';
      ctx.body = out;
    },
  };

  // devInteractions and the default TTLs announce themselves loudly; that is expected of a stand-in.
  const { warn, info } = console;
  const quiet = (print: (...args: unknown[]) => void) => (...args: unknown[]) => {
    if (!/^oidc-provider (WARNING|NOTICE)/.test(String(args[0]))) print(...args);
  };
  console.warn = quiet(warn);
  console.info = quiet(info);
  const provider = new Provider(issuer, configuration);

  const seen: StandInProvider['seen'] = { pushedRequests: 0, authorizationCodes: [], accessTokens: [], grants: [], endSessions: 0 };
  provider.on('pushed_authorization_request.success', () => (seen.pushedRequests += 1));
  provider.on('authorization_code.saved', (code: { dpopJkt?: string; acr?: string }) => seen.authorizationCodes.push({ dpopJkt: code.dpopJkt, acr: code.acr }));
  provider.on('access_token.saved', (token: { jkt?: string; accountId?: string }) => seen.accessTokens.push({ jkt: token.jkt, accountId: token.accountId }));
  provider.on('grant.success', (ctx: any) =>
    seen.grants.push({
      clientAuthMethod: ctx.oidc.client?.clientAuthMethod,
      clientAssertionType: ctx.oidc.params?.client_assertion_type ?? ctx.oidc.body?.client_assertion_type,
      dpop: Boolean(ctx.get('DPoP')),
    }),
  );
  provider.on('end_session.success', () => (seen.endSessions += 1));
  provider.on('server_error', (_ctx: unknown, error: Error) => warn('stand-in provider server_error', error));

  const app = express();
  // The login step of devInteractions, completed with the person's acr (devInteractions' own handler sets none).
  app.post('/oidc/interaction/:uid', async (req, res, next) => {
    try {
      const details = await provider.interactionDetails(req, res);
      if (details.prompt.name !== 'login') return next();
      express.urlencoded({ extended: false })(req, res, async (error?: unknown) => {
        if (error) return next(error);
        const login = String((req.body as Record<string, unknown>).login ?? '');
        const person = PERSONS[login];
        if (!person) return res.status(400).send('unknown person');
        await provider.interactionFinished(req, res, { login: { accountId: login, acr: person.acr, amr: ['pop', 'pin'] } }, { mergeWithLastSubmission: false });
      });
    } catch (error) {
      next(error);
    }
  });
  app.use('/oidc', provider.callback());

  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  if (port !== options.port) throw new Error('unexpected port');
  return {
    issuer,
    provider,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        console.warn = warn;
        console.info = info;
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
