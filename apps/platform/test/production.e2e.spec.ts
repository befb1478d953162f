import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { selfieFromPhoto, startStandInServices, SyntheticCivilRegistry, TEST_PERSONS, type StandInServices } from '@theqa/dev-standins';
import { readCardOf } from '@theqa/identity';
import type { RegistryPerson } from '@theqa/integrations';
import { openKeyStore, type KeyStore } from '@theqa/keys';
import { createDataSource, PostgresSmsOutbox } from '@theqa/persistence';
import { freePort, PlatformProcess, productionVariables, testInstallation, WORKSPACE_ROOT } from '@theqa/testing';
import { TestDevice } from './enrolment/enrolment-harness';

/**
 * THEQA_ENV=production as an operator runs it: it refuses the development stand-ins, and on real
 * adapters (here the stand-in services behind the production wire contract, on a local port) a person
 * registers end to end with nothing of development mounted; an outside system that does not answer is
 * a 503 with Retry-After, not a 500.
 */
describe('the platform in production', () => {
  const TOKEN = 'stand-in-Token-0123456789abcdef';
  const installation = testInstallation();
  const registry = new SyntheticCivilRegistry();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'theqa-production-'));
  let dataSource: DataSource;
  let keyStore: KeyStore;
  let standIns: StandInServices;
  const platforms: PlatformProcess[] = [];

  /** Ordinary persons no other suite registers (enrolment takes the first twenty, the login suites the last twenty). */
  const person = (index: number): RegistryPerson => {
    const named = new Set<string>(Object.values(TEST_PERSONS));
    return registry.listPersons().filter((p) => !named.has(p.civil_number) && p.card_status === 'valid' && !p.date_of_death)[index];
  };

  const start = async (env: NodeJS.ProcessEnv): Promise<PlatformProcess> => {
    const port = await freePort();
    const platform = new PlatformProcess(port, { PATH: process.env.PATH, THEQA_DEV_DIR: installation.devDir, PUBLIC_BASE_URL: `http://127.0.0.1:${port}`, LOG_LEVEL: 'warn', ...env });
    platforms.push(platform);
    await platform.start();
    return platform;
  };

  /** The start refused: its exit code and what it said, with nothing but the environment given. */
  const refusedStart = (env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, ['tools/run-ts.cjs', 'apps/platform/src/main.ts'], { cwd: WORKSPACE_ROOT, env: { PATH: process.env.PATH, THEQA_DATA_DIR: path.join(dir, 'never'), ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += String(chunk)));
      child.once('exit', (code) => resolve({ code, stderr }));
    });

  /** What the phone's NFC read of this person's ID card yields: signed by the card-data signer, as a genuine chip's data is. */
  const cardOf = async (platform: PlatformProcess, holder: RegistryPerson) => {
    const certificateDer = Buffer.from(await (await fetch(`${platform.url}/ca/certs/card-data-signer.crt`)).arrayBuffer());
    const signer = await keyStore.findKey('card-data-signer');
    if (!signer) throw new Error('the test run has no card-data signer key');
    return readCardOf(holder, { sign: (data) => signer.sign(data), certificateDer });
  };

  beforeAll(async () => {
    dataSource = createDataSource({ url: installation.databaseUrl, poolSize: 2 });
    await dataSource.initialize();
    keyStore = await openKeyStore(installation.keyStore);
    // The stand-ins "send" into the platform's own outbox table, where the test reads the codes.
    standIns = await startStandInServices({ token: TOKEN, outbox: new PostgresSmsOutbox(dataSource) });
  });

  afterAll(async () => {
    for (const platform of platforms) await platform.stop();
    await standIns?.close();
    await keyStore?.close();
    await dataSource?.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['THEQA_CIVIL_REGISTRY', 'synthetic'],
    ['THEQA_FACE_MATCHER', 'synthetic'],
    ['THEQA_SMS', 'outbox'],
  ])('refuses to start with the development stand-in %s=%s: exit 78, naming it, nothing created', async (name, value) => {
    const { code, stderr } = await refusedStart({ ...productionVariables(), [name]: value });
    expect(code).toBe(78);
    expect(stderr).toContain(`${name} is "${value}", a development stand-in`);
    expect(fs.existsSync(path.join(dir, 'never'))).toBe(false);
  });

  it.each([
    ['missing', undefined],
    ['32 identical characters', 'a'.repeat(32)],
    ['a repeated pattern', 'abcd'.repeat(10)],
    ['too short', 'Short-Token-123'],
  ])('refuses to start with the issuance API token %s: exit 78, naming it, never echoing it', async (_label, value) => {
    const env = productionVariables();
    if (value === undefined) delete env.THEQA_CA_API_TOKEN;
    else env.THEQA_CA_API_TOKEN = value;
    const { code, stderr } = await refusedStart(env);
    expect(code).toBe(78);
    expect(stderr).toContain('THEQA_CA_API_TOKEN');
    if (value !== undefined) expect(stderr).not.toContain(value);
    expect(fs.existsSync(path.join(dir, 'never'))).toBe(false);
  });

  it('registers a person end to end on the HTTP adapters, with no development route mounted', async () => {
    const platform = await start(productionVariables({ externalBaseUrl: standIns.urls, token: TOKEN }));
    const http = () => request(platform.url);
    expect((await http().get('/dev/card/12345678')).status).toBe(404);
    expect((await http().get('/dev/sms')).status).toBe(404);

    const holder = person(24);
    const device = new TestDevice();
    const started = await http().post('/enrolment/journeys').send({ card: await cardOf(platform, holder), device: { platform: 'test', name: 'Test phone' } }).expect(201);
    const auth = { authorization: `Bearer ${started.body.journey_token}` };
    await http().post('/enrolment/journeys/current/contact').set(auth).send({ email: 'person@example.com', phone: holder.phone_number }).expect(200);
    await http().post('/enrolment/journeys/current/terms').set(auth).send({ version: (await http().get('/enrolment/terms')).body.version }).expect(200);
    const photo = await registry.photo(holder.civil_number);
    await http().post('/enrolment/journeys/current/face').set(auth).send({ selfie: selfieFromPhoto(photo!.bytes).toString('base64') }).expect(200);
    const sms = await new PostgresSmsOutbox(dataSource).latestFor(holder.phone_number, 'enrolment-otp');
    await http().post('/enrolment/journeys/current/otp').set(auth).send({ code: /\b(\d{6})\b/.exec(sms?.text ?? '')?.[1] }).expect(200);
    await http().post('/enrolment/journeys/current/pin').set(auth).send({ pin_proof: device.pinProof(holder.civil_number) }).expect(200);
    const done = await http().post('/enrolment/journeys/current/device-key').set(auth).send({ csr: await device.csr() }).expect(201);
    expect(done.body).toMatchObject({ civil_number: holder.civil_number, assurance: 'medium' });
    const [row] = await dataSource.query(`SELECT civil_number FROM identity WHERE civil_number = $1`, [holder.civil_number]);
    expect(row).toEqual({ civil_number: holder.civil_number });
  });

  it('answers 503 problem+json with Retry-After when the civil registry does not answer, and creates nothing', async () => {
    const nowhere = `http://127.0.0.1:${await freePort()}`;
    const platform = await start({ ...productionVariables({ externalBaseUrl: { ...standIns.urls, civilRegistry: `${nowhere}/civil-registry/v1` }, token: TOKEN }), THEQA_INTEGRATION_TIMEOUT_MS: '500' });
    const holder = person(25);
    const refused = await request(platform.url).post('/enrolment/journeys').send({ card: await cardOf(platform, holder), device: { platform: 'test', name: 'Test phone' } });
    expect(refused.status).toBe(503);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(JSON.stringify(refused.body)).not.toMatch(/\bat [\w.<>]+ \(|node_modules/);
    const rows = await dataSource.query(`SELECT count(*)::int AS n FROM identity_journey WHERE civil_number = $1`, [holder.civil_number]);
    expect(rows[0].n).toBe(0);
  });
});
