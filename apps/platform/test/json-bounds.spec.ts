import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createLogger } from '@theqa/http-shell';
import { IdentityModule, TrustServicesModule } from '@theqa/trust-services';
import { testInstallation } from '@theqa/testing';
import { startAuthorityRuntime } from '../src/authority-runtime';
import { loadConfiguration } from '../src/composition/configuration';
import { PlatformServices } from '../src/composition/platform-services';
import { createPlatformApp } from '../src/platform';

/**
 * JSON bodies cost bounded work wherever they are accepted: on the issuance fast path (node:http), on
 * the Nest routes behind it, and on the enrolment API. A body nested thousands of levels deep, or with
 * tens of thousands of members, is refused at once with a 400 problem, and an unauthenticated body is
 * refused before anyone reads it.
 */
describe('bounded JSON bodies', () => {
  const token = 'json-bounds-test-token-0123456789abcdef';
  let services: PlatformServices;
  let authority: Awaited<ReturnType<typeof startAuthorityRuntime>>;
  const apps: NestExpressApplication[] = [];
  /** With the platform's node:http fast paths in front, as `npm start` serves; and Nest alone. */
  let fast: string;
  let nest: string;
  const logLines: Array<Record<string, unknown>> = [];

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _enc, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) logLines.push(JSON.parse(line));
        done();
      },
    });
    const logger = createLogger({ level: 'info', destination: sink });
    const config = loadConfiguration({ ...process.env, THEQA_CA_API_TOKEN: token, PUBLIC_BASE_URL: testInstallation().publicBaseUrl });
    services = await PlatformServices.open(config, { logger, actor: 'test', applicationName: 'theqa-test', poolSize: 3 });
    const ca = await services.authority();
    const issuanceToken = services.issuanceApiToken();
    const registry = (await services.externalSystems()).registry;
    authority = await startAuthorityRuntime({ ca, issuanceToken, registry, config, logger });
    const identity = await services.identity();
    const listen = async (withFastPaths: boolean) => {
      const app = await createPlatformApp(services.database, logger, [TrustServicesModule.forRoot(ca, issuanceToken, registry), IdentityModule.forRoot(identity, {})]);
      apps.push(app);
      if (withFastPaths) authority.attachFastPaths(app.getHttpServer() as Server);
      await app.listen(0, '127.0.0.1');
      return `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    };
    fast = await listen(true);
    nest = await listen(false);
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await authority?.stop();
    await services?.close();
  });

  /** 3,001 objects, one inside the other: what overflowed the validation pipe's stack. */
  const deep = `${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}`;
  /** A plausible issuance request padded with 50,000 unknown members (about 850 KB). */
  const wide = () => {
    const padding = Array.from({ length: 50_000 }, (_, i) => `"k${String(i).padStart(5, '0')}":"vvvv"`).join(',');
    return `{"csr":"MII","profile":"device-authentication","identity":{"civil_number":"12345678"},${padding}}`;
  };

  const post = async (url: string, body: string, headers: Record<string, string> = {}) => {
    const started = performance.now();
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    const text = await res.text();
    return { status: res.status, type: res.headers.get('content-type') ?? '', json: text ? JSON.parse(text) : undefined, ms: performance.now() - started };
  };
  const bearer = { authorization: `Bearer ${token}` };
  // The fast path takes the ordinary request only: a query string leaves it to the Nest route.
  const routes = () => [
    ['the issuance fast path', `${fast}/ca/certificates`, bearer],
    ['the Nest issuance route', `${nest}/ca/certificates`, bearer],
    ['the Nest issuance route behind the fast path', `${fast}/ca/certificates?via=nest`, bearer],
    ['the enrolment API', `${fast}/enrolment/journeys`, {}],
  ] as const;

  it('JSON nested 3,000 levels deep is a 400 problem everywhere, and nothing is logged as an error', async () => {
    for (const [where, url, headers] of routes()) {
      const answer = await post(url, deep, headers);
      expect({ where, status: answer.status, type: answer.type }).toEqual({ where, status: 400, type: expect.stringContaining('application/problem+json') });
      expect({ where, problem: answer.json.type }).toEqual({ where, problem: 'urn:theqa:problem:body-too-complex' });
    }
    const errors = logLines.filter((line) => Number(line.level) >= 50);
    expect(errors).toEqual([]);
    expect(JSON.stringify(logLines)).not.toMatch(/RangeError|Maximum call stack/);
  });

  it('50,000 members are refused at once with a 400 problem, authenticated or not', async () => {
    const body = wide();
    for (const [where, url, headers] of routes()) {
      const answer = await post(url, body, headers);
      expect({ where, status: answer.status, problem: answer.json.type }).toEqual({ where, status: 400, problem: 'urn:theqa:problem:body-too-complex' });
      // Validation of this body took about 3 s before; reading and counting it takes milliseconds.
      expect({ where, fast: answer.ms < 1_000 }).toEqual({ where, fast: true });
    }
  });

  it('an unauthenticated issuance request is refused with 401 before its body is read', async () => {
    const body = wide();
    for (const authorization of [undefined, 'Bearer not-the-token', 'Basic YWRtaW46YWRtaW4=']) {
      const answer = await post(`${fast}/ca/certificates`, body, authorization ? { authorization } : {});
      expect({ authorization, status: answer.status, problem: answer.json.type }).toEqual({ authorization, status: 401, problem: 'urn:theqa:problem:unauthorized' });
      expect(answer.ms).toBeLessThan(1_000);
    }
    // On the Nest route too (a guard, before the validation pipe): an ordinary body gets 401, not 400.
    const ordinary = JSON.stringify({ csr: 'MII', profile: 'device-authentication', identity: { civil_number: '12345678' }, unknown: true });
    expect((await post(`${nest}/ca/certificates`, ordinary)).status).toBe(401);
  });
});
