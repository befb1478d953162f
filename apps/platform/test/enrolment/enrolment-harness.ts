import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { Writable } from 'node:stream';
import type { CertificateAuthority } from '@theqa/ca-service';
import {
  answerSigningBytes,
  buildDeviceKeyRequest,
  deviceReadQuery,
  deviceReadSigningBytes,
  pinProofMessage,
  toBase64url,
  toPem,
  DEVICE_PROTOCOL_VERSION,
  type DeviceAnswer,
} from '@theqa/device-protocol';
import { createLogger } from '@theqa/http-shell';
import { SyntheticCivilRegistry, TEST_PERSONS } from '@theqa/dev-standins';
import type { CivilRegistry, FaceMatcher, RegistryPerson, SmsGateway } from '@theqa/integrations';
import { PostgresSmsOutbox, type Database } from '@theqa/persistence';
import { IdentityModule, TrustServicesModule, type IdentityServices } from '@theqa/trust-services';
import { testInstallation } from '@theqa/testing';
import { loadConfiguration } from '../../src/composition/configuration';
import { openIdentityServices } from '../../src/composition/identity-services';
import { PlatformServices } from '../../src/composition/platform-services';
import { createPlatformApp } from '../../src/platform';

/** The platform's enrolment routes in this process, wired by its composition root on the test run's database and CA. */
export class EnrolmentHarness {
  services!: PlatformServices;
  database!: Database;
  ca!: CertificateAuthority;
  identity!: IdentityServices;
  smsOutbox!: PostgresSmsOutbox;
  app!: NestExpressApplication;
  readonly registry = new SyntheticCivilRegistry();
  /** Shares another harness's services: closing it closes only its own routes. */
  private shared = false;
  private readonly logger = createLogger({ level: 'error', destination: new Writable({ write: (_chunk, _enc, done) => done() }) });

  /**
   * `poolSize`: database connections (a race test wants many requests in the database at once); `env`:
   * configuration of the test's own (a portal client id, a limit), over the run's environment.
   */
  constructor(private readonly options: { poolSize?: number; env?: NodeJS.ProcessEnv } = {}) {}

  async open(): Promise<void> {
    const config = loadConfiguration({ ...process.env, PUBLIC_BASE_URL: testInstallation().publicBaseUrl, ...this.options.env });
    this.services = await PlatformServices.open(config, { logger: this.logger, actor: 'test', applicationName: 'theqa-test', poolSize: this.options.poolSize ?? 3 });
    this.database = this.services.database;
    this.ca = await this.services.authority();
    this.identity = await this.services.identity();
    this.smsOutbox = new PostgresSmsOutbox(this.database.dataSource);
    this.app = await this.appWith({ development: true });
  }

  /** The platform's routes over the same services; `development: false` is production's route table. */
  async appWith(options: { development: boolean }): Promise<NestExpressApplication> {
    const app = await createPlatformApp(this.database, this.logger, [
      TrustServicesModule.forRoot(this.ca, this.services.issuanceApiToken(), (await this.services.externalSystems()).registry),
      IdentityModule.forRoot(this.identity, { developmentTools: options.development ? await this.services.developmentTools() : undefined }),
    ]);
    await app.init();
    return app;
  }

  /** The same routes on the same services, with other outside systems (the HTTP adapters, a failing registry). */
  async withOutsideSystems(systems: { registry?: CivilRegistry; faces?: FaceMatcher; sms?: SmsGateway }): Promise<EnrolmentHarness> {
    const other = new EnrolmentHarness();
    other.shared = true;
    other.services = this.services;
    other.database = this.database;
    other.ca = this.ca;
    other.smsOutbox = this.smsOutbox;
    const external = { ...(await this.services.externalSystems()), ...systems };
    other.identity = await openIdentityServices({
      dataSource: this.database.dataSource,
      ca: this.ca,
      keyStore: await this.services.keyStore(),
      audit: this.services.audit,
      external,
      publicBaseUrl: this.services.config.server.publicBaseUrl,
    });
    other.app = await other.appWith({ development: true });
    return other;
  }

  async close(): Promise<void> {
    await this.app?.close();
    if (this.shared) return;
    await this.services?.close();
  }

  http() {
    return request(this.app.getHttpServer());
  }

  /**
   * Ordinary registry persons (valid card, alive, not one of the named test persons), each used by one
   * test only. Who takes which (192 in all): enrolment.spec the first 20, device-pin.spec 20–22, the
   * web wallet's signing suite (apps/wallet/test/web-wallet-signing.e2e.spec.ts) 23, production.e2e 24
   * and 25, device-unsealing.spec 26–31, abuse-limits.spec 32–43, the wallet CLI's signing suite
   * (apps/wallet/test/signing.e2e.spec.ts) 44 and 45, the portal's limit on uploads to sign
   * (portal-sign-uploads.spec) 46, the portal's "sign a PDF" suites 60–69, the portal's upgrade pages
   * (apps/portal/test/portal-upgrade.e2e.spec.ts) 70–79, the web wallet's PIN suite 80–84, the
   * administrators' console (apps/admin/test) 85–94, identity support 95–98, the ID card's suites 160–162
   * (card.e2e, login-card.e2e, portal-card.e2e: cards only, each suite its own card reader), the login of a
   * relying party with a JWKS URI (apps/wallet/test/login-jwks-uri.e2e.spec.ts) 99, the console's
   * operations services 163–165 and 50–59, the upgrade's suites (test/upgrade) 100–119, the portal's
   * suites (apps/portal/test) 120–139, the consent receipt and activity suites 140–159, the wallet's
   * login suites the last 26 (166–191). 47–49 are free. The
   * limits per person (ABUSE_LIMITS) count across suites: the shared database keeps the counts of the
   * whole run.
   */
  persons(): RegistryPerson[] {
    const named = new Set<string>(Object.values(TEST_PERSONS));
    return this.registry.listPersons().filter((p) => !named.has(p.civil_number) && p.card_status === 'valid' && !p.date_of_death);
  }

  async latestCode(phone: string, purpose = 'enrolment-otp'): Promise<string> {
    const message = await this.smsOutbox.latestFor(phone, purpose);
    const code = message && /\b(\d{6})\b/.exec(message.text)?.[1];
    if (!code) throw new Error(`no ${purpose} code for ${phone}`);
    return code;
  }

  async selfieOf(civilNumber: string): Promise<string> {
    return (await this.http().get(`/dev/selfie/${civilNumber}`).expect(200)).body.selfie;
  }

  async impostorSelfieOf(civilNumber: string): Promise<string> {
    return (await this.http().get(`/dev/selfie/${civilNumber}?of=impostor`).expect(200)).body.selfie;
  }

  /** Starts a journey and walks it to (but not through) `until`. */
  async journeyTo(person: RegistryPerson, until: 'contact' | 'terms' | 'face' | 'otp' | 'pin' | 'device-key', device = new TestDevice()): Promise<{ token: string; device: TestDevice }> {
    const card = (await this.http().get(`/dev/card/${person.civil_number}`).expect(200)).body;
    const started = await this.http().post('/enrolment/journeys').send({ card, device: { platform: 'test', name: 'Test phone' } }).expect(201);
    const token: string = started.body.journey_token;
    const auth = { authorization: `Bearer ${token}` };
    const steps: Array<[string, () => Promise<unknown>]> = [
      ['contact', () => this.http().post('/enrolment/journeys/current/contact').set(auth).send({ email: 'person@example.com', phone: person.phone_number }).expect(200)],
      ['terms', async () => this.http().post('/enrolment/journeys/current/terms').set(auth).send({ version: (await this.http().get('/enrolment/terms')).body.version }).expect(200)],
      ['face', async () => this.http().post('/enrolment/journeys/current/face').set(auth).send({ selfie: await this.selfieOf(person.civil_number) }).expect(200)],
      ['otp', async () => this.http().post('/enrolment/journeys/current/otp').set(auth).send({ code: await this.latestCode(person.phone_number) }).expect(200)],
      ['pin', () => this.http().post('/enrolment/journeys/current/pin').set(auth).send({ pin_proof: device.pinProof(person.civil_number) }).expect(200)],
    ];
    for (const [step, run] of steps) {
      if (step === until) break;
      await run();
    }
    return { token, device };
  }

  async register(person: RegistryPerson, device = new TestDevice()) {
    const { token } = await this.journeyTo(person, 'device-key', device);
    const done = await this.http().post('/enrolment/journeys/current/device-key').set({ authorization: `Bearer ${token}` }).send(await device.keyRequest()).expect(201);
    device.serial = done.body.device.serial;
    return done.body as { civil_number: string; assurance: string; device: { serial: string }; certificate: string; chain: string[]; unsealing_secret?: string };
  }
}

/** A phone's side of the protocol, written from the specification (device-protocol) and node:crypto. */
export class TestDevice {
  readonly privateKey: KeyObject;
  readonly spki: Buffer;
  serial = '';
  /** A wallet that seals its device key (the CLI's) also holds an unseal key (device-protocol unsealing.ts). */
  unsealKey?: { privateKey: KeyObject; spki: Buffer };

  constructor(
    public pin = '739104',
    options: { unsealing?: boolean } = {},
  ) {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.privateKey = pair.privateKey;
    this.spki = pair.publicKey.export({ type: 'spki', format: 'der' });
    if (options.unsealing) this.newUnsealKey();
  }

  newUnsealKey(): void {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.unsealKey = { privateKey: pair.privateKey, spki: pair.publicKey.export({ type: 'spki', format: 'der' }) };
  }

  /** The device-key step's body: the CSR, and the unseal key when the device has one. */
  async keyRequest(): Promise<{ csr: string; unseal_key?: string }> {
    return { csr: await this.csr(), ...(this.unsealKey ? { unseal_key: this.unsealKey.spki.toString('base64url') } : {}) };
  }

  pinProof(civilNumber: string, pin = this.pin): string {
    return createHash('sha256').update(pinProofMessage(civilNumber, pin)).digest('base64url');
  }

  async csr(): Promise<string> {
    return toPem('CERTIFICATE REQUEST', await buildDeviceKeyRequest(this.spki, (data) => sign('sha256', data, { key: this.privateKey, dsaEncoding: 'ieee-p1363' })));
  }

  /** A notifications read signed by this device (only the device may read its notifications). */
  notificationsPath(after: string, wait = 0, at = new Date()): string {
    const read = { v: DEVICE_PROTOCOL_VERSION, device: this.serial, after, at: at.toISOString() } as const;
    const signature = toBase64url(sign('sha256', deviceReadSigningBytes(read), { key: this.privateKey, dsaEncoding: 'ieee-p1363' }));
    return `/devices/${this.serial}/notifications?${deviceReadQuery(read, signature, wait)}`;
  }

  answer(payload: string, fields: { decision?: 'approve' | 'deny'; pin_proof?: string; new_pin_proof?: string } = {}, key = this.privateKey): DeviceAnswer {
    const unsigned = { v: DEVICE_PROTOCOL_VERSION, challenge: payload, device: this.serial, decision: fields.decision ?? 'approve', pin_proof: fields.pin_proof, new_pin_proof: fields.new_pin_proof } as const;
    const clean = Object.fromEntries(Object.entries(unsigned).filter(([, v]) => v !== undefined)) as typeof unsigned;
    return { ...clean, signature: toBase64url(sign('sha256', answerSigningBytes(clean), { key, dsaEncoding: 'ieee-p1363' })) };
  }
}
