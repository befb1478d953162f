import { generateKeyPairSync, sign } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { buildCertificationRequest } from '@theqa/ca';
import { createLogger } from '@theqa/http-shell';
import { TrustServicesModule } from '@theqa/trust-services';
import { testInstallation } from '@theqa/testing';
import { startAuthorityRuntime } from '../src/authority-runtime';
import { loadConfiguration } from '../src/composition/configuration';
import { PlatformServices } from '../src/composition/platform-services';
import { createPlatformApp } from '../src/platform';

/**
 * `POST /ca/certificates` answers the same through the node:http fast path and through the Nest
 * controller: two servers on one CA, one with the platform's fast paths attached and one without,
 * sent the same requests. Express adds an ETag to what it answers; the fast path does not, which is
 * how the test knows which one answered.
 */
describe('the issuance fast path and the Nest route agree', () => {
  const token = 'fast-path-parity-token-0123456789abcdef';
  let services: PlatformServices;
  let authority: Awaited<ReturnType<typeof startAuthorityRuntime>>;
  const apps: NestExpressApplication[] = [];
  let fast: string;
  let nest: string;
  const logLines: Array<Record<string, unknown>> = [];
  const csrs: string[] = [];
  const csr = () => csrs.pop() ?? 'out of CSRs';

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _enc, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) logLines.push(JSON.parse(line));
        done();
      },
    });
    const logger = createLogger({ level: 'info', destination: sink });
    const config = loadConfiguration({ ...process.env, THEQA_CA_API_TOKEN: token, PUBLIC_BASE_URL: testInstallation().publicBaseUrl });
    services = await PlatformServices.open(config, { logger, actor: 'test', applicationName: 'theqa-test', poolSize: 4 });
    const ca = await services.authority();
    const issuanceToken = services.issuanceApiToken();
    const { registry } = await services.externalSystems();
    authority = await startAuthorityRuntime({ ca, issuanceToken, registry, config, logger });
    const listen = async (withFastPaths: boolean) => {
      const app = await createPlatformApp(services.database, logger, [TrustServicesModule.forRoot(ca, issuanceToken, registry)]);
      apps.push(app);
      if (withFastPaths) authority.attachFastPaths(app.getHttpServer() as Server);
      await app.listen(0, '127.0.0.1');
      return `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/ca/certificates`;
    };
    fast = await listen(true);
    nest = await listen(false);
    for (let i = 0; i < 40; i++) {
      const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const der = await buildCertificationRequest({
        publicKeySpki: publicKey.export({ type: 'spki', format: 'der' }),
        signatureAlgorithm: 'ecdsa-with-SHA256',
        sign: (data) => sign('sha256', data, { key: privateKey, dsaEncoding: 'der' }),
      });
      csrs.push(der.toString('base64'));
    }
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await authority?.stop();
    await services?.close();
  });

  const send = async (url: string, body: string, headers: Record<string, string>) => {
    const res = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers }, body });
    const text = await res.text();
    const json = text ? JSON.parse(text) : undefined;
    // What differs by nature between two answers: ids, serials, the certificate itself, the clock.
    for (const key of ['instance', 'error_id', 'serial', 'certificate', 'not_before', 'not_after']) if (json && key in json) json[key] = `<${key}>`;
    return {
      status: res.status,
      type: res.headers.get('content-type'),
      language: res.headers.get('content-language'),
      requestId: Boolean(res.headers.get('x-request-id')),
      servedBy: res.headers.get('etag') ? 'nest' : 'fast',
      json,
    };
  };
  const both = async (body: string, headers: Record<string, string> = {}) => {
    const [a, b] = await Promise.all([send(fast, body, headers), send(nest, body, headers)]);
    expect(b.servedBy).toBe('nest');
    const { servedBy, ...fastAnswer } = a;
    const { servedBy: _nest, ...nestAnswer } = b;
    expect(fastAnswer).toEqual(nestAnswer);
    return { ...fastAnswer, servedBy };
  };
  const valid = () => ({ csr: csr(), profile: 'device-authentication', identity: { civil_number: '12345678', given_name: 'Salim', surname: 'Al Harthy' } });

  it('issues the same certificate fields with 201, and the fast path served it', async () => {
    const answer = await both(JSON.stringify(valid()));
    expect(answer).toMatchObject({ status: 201, type: 'application/json; charset=utf-8', servedBy: 'fast' });
    expect(answer.json).toMatchObject({ issuer: 'citizen-authentication-ca', profile: 'device-authentication', subject: expect.stringContaining('PNOOM-12345678') });
    expect(logLines).toContainEqual(expect.objectContaining({ msg: 'request', method: 'POST', url: '/ca/certificates', status: 201, req_id: expect.any(String) }));
  });

  it.each([
    ['garbage CSR', () => JSON.stringify({ ...valid(), csr: 'garbage' }), {}],
    ['garbage CSR, in Arabic', () => JSON.stringify({ ...valid(), csr: 'garbage' }), { 'accept-language': 'ar' }],
    ['unknown profile', () => JSON.stringify({ ...valid(), profile: 'no-such-profile' }), {}],
    ['missing fields', () => JSON.stringify({ profile: 'device-authentication' }), {}],
    ['an unknown field', () => JSON.stringify({ ...valid(), admin: true }), {}],
    ['a bad civil number, in Arabic', () => JSON.stringify({ ...valid(), identity: { civil_number: 'x', given_name: 'A', surname: 'B' } }), { 'accept-language': 'ar' }],
    ['a bad card expiry', () => JSON.stringify({ ...valid(), card_expiry: 'soon' }), {}],
    ['an array', () => JSON.stringify([valid()]), {}],
    ['a JSON string (strict JSON refuses it)', () => '"x"', {}],
    ['malformed JSON', () => '{"csr": ', {}],
    ['an empty body', () => '', {}],
  ])('%s: the same problem, from the fast path', async (_label, body, headers) => {
    const answer = await both(body(), headers);
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.type).toContain('application/problem+json');
    expect(answer.servedBy).toBe('fast');
  });

  it.each([
    ['no token', { authorization: '' }],
    ['a wrong token', { authorization: 'Bearer not-the-token' }],
    ['another scheme', { authorization: `Basic ${Buffer.from(`x:${token}`).toString('base64')}` }],
  ])('%s: refused with 401 by the fast path, as the Nest route refuses it', async (_label, headers) => {
    const answer = await both(JSON.stringify(valid()), headers);
    expect(answer).toMatchObject({ status: 401, servedBy: 'fast', json: { type: 'urn:theqa:problem:unauthorized' } });
  });

  it.each([
    ['bearer', `bearer ${token}`],
    ['BEARER', `BEARER ${token}`],
  ])('the scheme is case-insensitive (RFC 9110): %s is accepted on both', async (_label, authorization) => {
    const answer = await both(JSON.stringify(valid()), { authorization });
    expect(answer).toMatchObject({ status: 201, servedBy: 'fast' });
    expect((await send(`${fast}?via=nest`, JSON.stringify(valid()), { authorization })).status).toBe(201);
  });

  it("takes the subject from the civil registry: the registry's full name, with or without names given", async () => {
    const named = await both(JSON.stringify(valid()));
    expect(named.json.subject).toContain('Salim Nasser Ali Al Harthy');
    const unnamed = await both(JSON.stringify({ ...valid(), identity: { civil_number: '12345678' } }));
    expect(unnamed).toMatchObject({ status: 201, servedBy: 'fast' });
    expect(unnamed.json.subject).toBe(named.json.subject);
  });

  it('refuses a qualified certificate for names the civil registry does not record, naming the field only', async () => {
    const answer = await both(JSON.stringify({ ...valid(), profile: 'qualified-signing', identity: { civil_number: '12345678', given_name: 'Salim', surname: 'Test' } }));
    expect(answer).toMatchObject({ status: 422, servedBy: 'fast', json: { type: 'urn:theqa:problem:names-disagree', errors: [{ field: 'identity.surname' }] } });
    expect(JSON.stringify(answer.json)).not.toContain('Al Harthy');
  });

  it('refuses a person the civil registry does not hold, even with names', async () => {
    const answer = await both(JSON.stringify({ ...valid(), identity: { civil_number: '90012399', given_name: 'Aisha', surname: 'Al Balushi' } }));
    expect(answer).toMatchObject({ status: 404, servedBy: 'fast', json: { type: 'urn:theqa:problem:person-unknown' } });
  });

  it.each([
    ['another media type', { 'content-type': 'text/plain' }],
    ['another charset', { 'content-type': 'application/json; charset=latin1' }],
  ])('%s: left to the Nest route, which answers as before', async (_label, headers) => {
    const answer = await both(JSON.stringify(valid()), headers);
    expect(answer.servedBy).toBe('nest');
    expect(answer.status).toBeGreaterThanOrEqual(400);
  });
});
