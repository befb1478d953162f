import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { toPem } from '@theqa/ca';
import { fromBase64url, toBase64url } from '@theqa/device-protocol';
import { startStandInServices, TEST_PERSONS, type StandInServices } from '@theqa/dev-standins';
import { HttpCivilRegistry, HttpFaceMatcher, HttpSmsGateway, type CardStatusReport, type CivilRegistry, type RegistryPerson, type RegistryPhoto } from '@theqa/integrations';
import { toolIsAvailable } from '@theqa/testing';
import request from 'supertest';
import { EnrolmentHarness, TestDevice } from './enrolment-harness';

const itWithOpenssl = toolIsAvailable('openssl') ? it : it.skip;

/**
 * Registration (issue 4) through the platform's HTTP routes, on the real database and CA: the happy
 * path checked by openssl, then every refusal the issue lists — each with a clear problem and no
 * identity created.
 */
describe('enrolment', () => {
  const harness = new EnrolmentHarness();
  let persons: RegistryPerson[];
  const nextPerson = () => persons.shift()!;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'theqa-enrolment-'));
  const identityRows = async (civilNumber: string) =>
    (await harness.database.dataSource.query(`SELECT civil_number FROM identity WHERE civil_number = $1`, [civilNumber])).length;

  beforeAll(async () => {
    await harness.open();
    persons = harness.persons();
  });
  afterAll(async () => {
    await harness.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  itWithOpenssl('registers a registry person: MEDIUM, a device serial, a certificate openssl verifies up to the root with PNOOM-<civil number>', async () => {
    const person = nextPerson();
    const done = await harness.register(person);
    expect(done).toMatchObject({ civil_number: person.civil_number, assurance: 'medium', device: { serial: expect.stringMatching(/^THQ-[0-9A-Z]{4}-[0-9A-Z]{4}$/) } });
    fs.writeFileSync(path.join(dir, 'leaf.pem'), done.certificate);
    fs.writeFileSync(path.join(dir, 'issuer.pem'), done.chain[0]);
    fs.writeFileSync(path.join(dir, 'root.pem'), toPem(harness.ca.authorities.get('theqa-root-ca').certificateDer));
    expect(execFileSync('openssl', ['verify', '-x509_strict', '-CAfile', 'root.pem', '-untrusted', 'issuer.pem', 'leaf.pem'], { cwd: dir }).toString()).toContain('leaf.pem: OK');
    const subject = execFileSync('openssl', ['x509', '-in', 'leaf.pem', '-noout', '-subject', '-nameopt', 'RFC2253'], { cwd: dir }).toString();
    expect(subject).toContain(`serialNumber=PNOOM-${person.civil_number}`);
    expect(subject).toContain(`CN=${person.full_name_en}`);

    const [identity] = await harness.database.dataSource.query(`SELECT assurance, status FROM identity WHERE civil_number = $1`, [person.civil_number]);
    expect(identity).toEqual({ assurance: 'medium', status: 'active' });
    const events = (await harness.identity.activity.list(person.civil_number)).map((e) => e.event);
    expect(events).toEqual(expect.arrayContaining(['enrolment.started', 'device.added', 'enrolment.completed']));
    const audited = await harness.database.dataSource.query(`SELECT action FROM audit_log WHERE subject = $1`, [person.civil_number]);
    expect(audited.map((r: { action: string }) => r.action)).toEqual(expect.arrayContaining(['enrolment.started', 'device.added', 'enrolment.completed']));
  });

  it('sends the code to the phone on record, not to the number typed, and says so', async () => {
    const person = nextPerson();
    const { token } = await harness.journeyTo(person, 'contact');
    const contact = await harness.http().post('/enrolment/journeys/current/contact').set({ authorization: `Bearer ${token}` }).send({ email: 'x@example.com', phone: '+96871234500' }).expect(200);
    expect(contact.body.message.en).toContain('phone number on record');
    expect(contact.body.message.ar).toContain('الأحوال المدنية');
    expect(contact.body.phone_on_record).toMatch(new RegExp(`${person.phone_number.slice(-2)}$`));
    await harness.http().post('/enrolment/journeys/current/terms').set({ authorization: `Bearer ${token}` }).send({ version: contact.body.terms.version }).expect(200);
    await harness.http().post('/enrolment/journeys/current/face').set({ authorization: `Bearer ${token}` }).send({ selfie: await harness.selfieOf(person.civil_number) }).expect(200);
    expect(await harness.smsOutbox.latestFor('+96871234500')).toBeUndefined();
    expect(await harness.latestCode(person.phone_number)).toMatch(/^\d{6}$/);
  });

  it('in production the development stand-ins (card chip, camera, SMS outbox) do not exist', async () => {
    const production = await harness.appWith({ development: false });
    try {
      for (const route of ['/dev/sms', '/dev/card/12345678', '/dev/selfie/12345678']) {
        const response = await request(production.getHttpServer()).get(route).expect(404);
        expect(response.headers['content-type']).toContain('application/problem+json');
      }
      await request(production.getHttpServer()).get('/enrolment/terms').expect(200);
    } finally {
      await production.close();
    }
  });

  describe('refuses, with a clear problem and no identity', () => {
    const cardOf = async (civilNumber: string) => (await harness.http().get(`/dev/card/${civilNumber}`).expect(200)).body;
    const start = (card: unknown) => harness.http().post('/enrolment/journeys').send({ card, device: { platform: 'test', name: 'Test phone' } });

    it('tampered card data, a foreign signature and another signer certificate', async () => {
      const person = nextPerson();
      const card = await cardOf(person.civil_number);
      const data = Buffer.from(fromBase64url(card.data)).toString('utf8').replace(person.full_name_en, person.full_name_en.replace(/^./, 'X'));
      const tampered = await start({ ...card, data: toBase64url(Buffer.from(data)) }).expect(400);
      expect(tampered.headers['content-type']).toContain('application/problem+json');
      expect(tampered.body).toMatchObject({ code: 'card-signature-invalid', titles: { ar: expect.any(String), en: expect.any(String) } });
      const other = await cardOf(nextPerson().civil_number);
      await start({ ...card, signature: other.signature }).expect(400);
      const rootDer = harness.ca.authorities.get('theqa-root-ca').certificateDer;
      expect((await start({ ...card, signer_certificate: toBase64url(rootDer) }).expect(400)).body.code).toBe('card-signature-invalid');
      expect((await start({ ...card, format: 'other' }).expect(400)).body.code).toBe('card-data-invalid');
      expect((await start('garbage').expect(400)).body.code).toBe('card-data-invalid');
      expect(await identityRows(person.civil_number)).toBe(0);
    });

    it.each([
      ['a cancelled card', TEST_PERSONS.cancelledCard, 403, 'card-not-valid'],
      ['an expired card', TEST_PERSONS.expiredCard, 403, 'card-not-valid'],
      ['a deceased person', TEST_PERSONS.deceased, 403, 'person-deceased'],
    ])('%s', async (_label, civilNumber, status, code) => {
      const response = await start(await cardOf(civilNumber)).expect(status);
      expect(response.body.code).toBe(code);
      expect(await identityRows(civilNumber)).toBe(0);
      const journeys = await harness.database.dataSource.query(`SELECT 1 FROM identity_journey WHERE civil_number = $1`, [civilNumber]);
      expect(journeys).toHaveLength(0);
    });

    it('a wrong face: two retries, then the journey closes', async () => {
      const person = nextPerson();
      const { token } = await harness.journeyTo(person, 'face');
      const auth = { authorization: `Bearer ${token}` };
      const impostor = await harness.impostorSelfieOf(person.civil_number);
      expect((await harness.http().post('/enrolment/journeys/current/face').set(auth).send({ selfie: impostor }).expect(422)).body).toMatchObject({ code: 'face-mismatch', attempts_left: 2 });
      expect((await harness.http().post('/enrolment/journeys/current/face').set(auth).send({ selfie: impostor }).expect(422)).body).toMatchObject({ code: 'face-mismatch', attempts_left: 1 });
      expect((await harness.http().post('/enrolment/journeys/current/face').set(auth).send({ selfie: impostor }).expect(403)).body.code).toBe('face-attempts-exhausted');
      const after = await harness.http().post('/enrolment/journeys/current/face').set(auth).send({ selfie: await harness.selfieOf(person.civil_number) }).expect(409);
      expect(after.body.code).toBe('journey-closed');
      expect(await harness.smsOutbox.latestFor(person.phone_number)).toBeUndefined();
      expect(await identityRows(person.civil_number)).toBe(0);
      const failed = await harness.identity.activity.list(person.civil_number);
      expect(failed.map((e) => e.event)).toContain('enrolment.failed');
    });

    it('a wrong SMS code three times closes the journey; resends are throttled', async () => {
      const person = nextPerson();
      const { token } = await harness.journeyTo(person, 'otp');
      const auth = { authorization: `Bearer ${token}` };
      const right = await harness.latestCode(person.phone_number);
      const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
      expect((await harness.http().post('/enrolment/journeys/current/otp/resend').set(auth).expect(429)).body.code).toBe('otp-resend-too-soon');
      expect((await harness.http().post('/enrolment/journeys/current/otp').set(auth).send({ code: wrong }).expect(422)).body).toMatchObject({ code: 'otp-wrong', attempts_left: 2 });
      expect((await harness.http().post('/enrolment/journeys/current/otp').set(auth).send({ code: wrong }).expect(422)).body).toMatchObject({ code: 'otp-wrong', attempts_left: 1 });
      expect((await harness.http().post('/enrolment/journeys/current/otp').set(auth).send({ code: wrong }).expect(403)).body.code).toBe('otp-attempts-exhausted');
      expect((await harness.http().post('/enrolment/journeys/current/otp').set(auth).send({ code: right }).expect(409)).body.code).toBe('journey-closed');
      expect(await identityRows(person.civil_number)).toBe(0);
    });

    it('steps out of order, an unknown journey, a missing token', async () => {
      const person = nextPerson();
      const { token, device } = await harness.journeyTo(person, 'contact');
      const auth = { authorization: `Bearer ${token}` };
      const early = await harness.http().post('/enrolment/journeys/current/pin').set(auth).send({ pin_proof: device.pinProof(person.civil_number) }).expect(409);
      expect(early.body).toMatchObject({ code: 'step-out-of-order', expected_step: 'contact' });
      await harness.http().post('/enrolment/journeys/current/device-key').set(auth).send({ csr: await device.csr() }).expect(409);
      await harness.http().post('/enrolment/journeys/current/contact').set({ authorization: `Bearer ${'A'.repeat(43)}` }).send({}).expect(404);
      expect((await harness.http().post('/enrolment/journeys/current/contact').send({}).expect(401)).body.code).toBeUndefined();
      expect(await identityRows(person.civil_number)).toBe(0);
    });

    it('an expired step', async () => {
      const person = nextPerson();
      const { token } = await harness.journeyTo(person, 'terms');
      await harness.database.dataSource.query(`UPDATE identity_journey SET step_expires_at = now() - interval '1 second' WHERE civil_number = $1 AND status = 'open'`, [person.civil_number]);
      const expired = await harness.http().post('/enrolment/journeys/current/terms').set({ authorization: `Bearer ${token}` }).send({ version: '2026-01' }).expect(410);
      expect(expired.body.code).toBe('step-expired');
      await harness.http().post('/enrolment/journeys/current/terms').set({ authorization: `Bearer ${token}` }).send({ version: '2026-01' }).expect(409);
      expect(await identityRows(person.civil_number)).toBe(0);
    });

    it('a trivial PIN, even from a wallet that skips its own check; a CSR that does not verify', async () => {
      const person = nextPerson();
      const device = new TestDevice();
      const { token } = await harness.journeyTo(person, 'pin', device);
      const auth = { authorization: `Bearer ${token}` };
      for (const pin of ['123456', '000000', person.civil_number.slice(-6)]) {
        expect((await harness.http().post('/enrolment/journeys/current/pin').set(auth).send({ pin_proof: device.pinProof(person.civil_number, pin) }).expect(422)).body.code).toBe('pin-trivial');
      }
      expect((await harness.http().post('/enrolment/journeys/current/pin').set(auth).send({ pin_proof: '123456' }).expect(400)).body.code).toBe('pin-format');
      await harness.http().post('/enrolment/journeys/current/pin').set(auth).send({ pin_proof: device.pinProof(person.civil_number) }).expect(200);
      const forged = (await device.csr()).replace(/[A-Za-z](?=[A-Za-z0-9+/=]*\n-----END)/, (c) => (c === 'A' ? 'B' : 'A'));
      expect((await harness.http().post('/enrolment/journeys/current/device-key').set(auth).send({ csr: forged }).expect(400)).body.code).toBe('csr-invalid');
      expect(await identityRows(person.civil_number)).toBe(0);
    });
  });

  describe('device challenges and the PIN', () => {
    const challenge = async (serial: string, purpose: string) => (await harness.http().post(`/devices/${serial}/challenges`).send({ purpose }).expect(201)).body.payload as string;

    it('a reused challenge and a replayed answer are refused; a changed answer does not verify', async () => {
      const person = nextPerson();
      const device = new TestDevice();
      await harness.register(person, device);
      const payload = await challenge(device.serial, 'pin-check');
      const answer = device.answer(payload, { pin_proof: device.pinProof(person.civil_number) });
      await harness.http().post('/devices/answers').send(answer).expect(200);
      expect((await harness.http().post('/devices/answers').send(answer).expect(409)).body.code).toBe('challenge-used');
      const second = await challenge(device.serial, 'pin-check');
      const signed = device.answer(second, { pin_proof: device.pinProof(person.civil_number) });
      expect((await harness.http().post('/devices/answers').send({ ...signed, decision: 'deny' }).expect(400)).body.code).toBe('answer-invalid');
      const stranger = new TestDevice();
      stranger.serial = device.serial;
      expect((await harness.http().post('/devices/answers').send(stranger.answer(second, { pin_proof: device.pinProof(person.civil_number) })).expect(400)).body.code).toBe('answer-invalid');
      // The forged answers spent nothing: the device's own answer still goes through.
      await harness.http().post('/devices/answers').send(signed).expect(200);
    });

    it('three wrong PINs block login and signing; the reset journey (face, SMS code, new PIN) unblocks', async () => {
      const person = nextPerson();
      const device = new TestDevice();
      await harness.register(person, device);
      const tryPin = async (pin: string, expected: number) =>
        (await harness.http().post('/devices/answers').send(device.answer(await challenge(device.serial, 'pin-check'), { pin_proof: device.pinProof(person.civil_number, pin) })).expect(expected)).body;
      expect(await tryPin('111112', 403)).toMatchObject({ code: 'pin-wrong', attempts_left: 2 });
      await tryPin(device.pin, 200); // a correct PIN resets the count
      expect(await tryPin('111112', 403)).toMatchObject({ code: 'pin-wrong', attempts_left: 2 });
      expect(await tryPin('111113', 403)).toMatchObject({ code: 'pin-wrong', attempts_left: 1 });
      const blocked = await tryPin('111114', 423);
      expect(blocked).toMatchObject({ code: 'pin-blocked', titles: { ar: expect.stringContaining('محظور') } });
      expect((await tryPin(device.pin, 423)).code).toBe('pin-blocked');

      const started = await harness.http().post('/enrolment/pin-reset').send({ civil_number: person.civil_number, device: device.serial }).expect(201);
      const auth = { authorization: `Bearer ${started.body.journey_token}` };
      await harness.http().post('/enrolment/pin-reset/current/otp').set(auth).send({ code: '000000' }).expect(409);
      await harness.http().post('/enrolment/pin-reset/current/face').set(auth).send({ selfie: await harness.selfieOf(person.civil_number) }).expect(200);
      await harness.http().post('/enrolment/pin-reset/current/otp').set(auth).send({ code: await harness.latestCode(person.phone_number, 'pin-reset-otp') }).expect(200);
      device.pin = '860274';
      await harness.http().post('/enrolment/pin-reset/current/pin').set(auth).send({ pin_proof: device.pinProof(person.civil_number) }).expect(200);
      await tryPin('739104', 403);
      await tryPin(device.pin, 200);
      const events = (await harness.identity.activity.list(person.civil_number)).map((e) => e.event);
      expect(events).toEqual(expect.arrayContaining(['pin.blocked', 'pin.reset']));
    });

    it('a second device: the first hears of it over its push channel (long-poll), as it would of a PIN blocked', async () => {
      const person = nextPerson();
      const first = new TestDevice();
      await harness.register(person, first);
      const initial = (await harness.http().get(first.notificationsPath('0')).expect(200)).body.notifications;
      const after = initial.length ? Number(initial.at(-1).id) : 0;
      // Sent now (supertest sends on then()), answered only when the notice arrives.
      const asked = Date.now();
      const waiting = harness.http().get(first.notificationsPath(String(after), 20)).then((r) => ({ status: r.status, body: r.body, at: Date.now() }));
      await new Promise((resolve) => setTimeout(resolve, 300));
      const second = new TestDevice();
      await harness.register(person, second);
      const answered = await waiting;
      expect(answered.status).toBe(200);
      expect(answered.at - asked).toBeGreaterThan(300);
      const { notifications } = answered.body;
      expect(notifications[0]).toMatchObject({ payload: { type: 'security-notice', data: { event: 'device.added', device: second.serial }, alert: { ar: expect.stringContaining('جهاز جديد') } } });
      const devices = await harness.identity.identities.devices(person.civil_number);
      expect(devices.map((d) => d.serial).sort()).toEqual([first.serial, second.serial].sort());
      expect((await harness.http().get(`/devices/${first.serial}/notifications?wait=99`).expect(400)).body.titles.ar).toBeTruthy();
    });

    it('only the device itself reads its notifications: unsigned, stale, or signed by another key is 401', async () => {
      const person = nextPerson();
      const device = new TestDevice();
      await harness.register(person, device);
      const unsigned = await harness.http().get(`/devices/${device.serial}/notifications`).expect(401);
      expect(unsigned.body).toMatchObject({ code: 'device-signature-invalid', titles: { ar: expect.any(String) } });
      await harness.http().get(device.notificationsPath('0', 0, new Date(Date.now() - 10 * 60_000))).expect(401);
      const stranger = new TestDevice();
      stranger.serial = device.serial;
      await harness.http().get(stranger.notificationsPath('0')).expect(401);
      // The signature covers `after`: a read signed for one position cannot be moved to another.
      const moved = device.notificationsPath('0').replace('after=0', 'after=5');
      await harness.http().get(moved).expect(401);
      await harness.http().get(device.notificationsPath('0')).expect(200);
    });

    it('a PIN reset for a device of somebody else is refused without saying whose it is', async () => {
      const person = nextPerson();
      const device = new TestDevice();
      await harness.register(person, device);
      const other = nextPerson();
      const refused = await harness.http().post('/enrolment/pin-reset').send({ civil_number: other.civil_number, device: device.serial }).expect(404);
      expect(refused.body.code).toBe('device-unknown');
    });

    it('no table of the database holds the PIN, its proof, or anything derived from it without the key', async () => {
      const person = nextPerson();
      const pin = '739104';
      const device = new TestDevice(pin);
      await harness.register(person, device);
      await harness.http().post('/devices/answers').send(device.answer(await challenge(device.serial, 'pin-check'), { pin_proof: device.pinProof(person.civil_number) })).expect(200);
      const proof = device.pinProof(person.civil_number);
      const needles = [pin, proof, Buffer.from(proof, 'base64url').toString('hex'), Buffer.from(proof, 'base64url').toString('base64')];
      const tables: Array<{ table_name: string }> = await harness.database.dataSource.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
      );
      expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(['identity', 'identity_device', 'identity_journey', 'audit_log', 'sms_outbox']));
      for (const { table_name } of tables) {
        const rows: Array<{ row: string }> = await harness.database.dataSource.query(`SELECT (t.*)::text AS row FROM "${table_name}" t`);
        for (const { row } of rows) for (const needle of needles) expect({ table_name, found: row.includes(needle) }).toEqual({ table_name, found: false });
      }
    });
  });

  describe('outside systems over HTTP (the production adapters)', () => {
    const TOKEN = 'stand-in-token';
    const endpoint = (baseUrl: string) => ({ baseUrl, token: TOKEN, timeoutMs: 3000, retries: 1, backoffMs: 10 });
    let standIns: StandInServices;
    let down: DownSystem;
    let registry: SwitchableRegistry;
    let remote: EnrolmentHarness;

    beforeAll(async () => {
      // The stand-ins "send" into the platform's own outbox, where the harness reads the codes.
      standIns = await startStandInServices({ token: TOKEN, outbox: harness.smsOutbox });
      down = await DownSystem.start();
      registry = new SwitchableRegistry(new HttpCivilRegistry(endpoint(standIns.urls.civilRegistry)));
      remote = await harness.withOutsideSystems({
        registry,
        faces: new HttpFaceMatcher(endpoint(standIns.urls.faceMatcher)),
        sms: new HttpSmsGateway(endpoint(standIns.urls.sms)),
      });
    });
    afterAll(async () => {
      await remote?.close();
      await standIns?.close();
      await down?.close();
    });
    afterEach(() => registry.use(new HttpCivilRegistry(endpoint(standIns.urls.civilRegistry))));

    it('registers a person through the civil registry, face matching and the SMS gateway over HTTP', async () => {
      const person = nextPerson();
      const done = await remote.register(person);
      expect(done).toMatchObject({ civil_number: person.civil_number, assurance: 'medium' });
      const sent = await harness.smsOutbox.list(person.phone_number);
      expect(sent.map((m) => m.purpose)).toEqual(['enrolment-otp']);
    });

    it('answers 503 problem+json with the registry’s Retry-After when the civil registry is unavailable, and creates nothing', async () => {
      const person = nextPerson();
      const card = (await remote.http().get(`/dev/card/${person.civil_number}`).expect(200)).body;
      down.answer(503, { 'retry-after': '7' }, { type: 'urn:example:maintenance', title: 'Scheduled maintenance' });
      registry.use(new HttpCivilRegistry(endpoint(down.url)));
      const refused = await remote.http().post('/enrolment/journeys').send({ card, device: { platform: 'test', name: 'Test phone' } }).expect(503);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.headers['retry-after']).toBe('7');
      expect(refused.body).toMatchObject({ type: 'urn:theqa:problem:external-unavailable', status: 503, code: 'external-unavailable', retry_after: 7 });
      expect(JSON.stringify(refused.body)).not.toContain('maintenance');
      // Seven seconds is longer than the adapter waits (maxRetryDelayMs): it passes the wait on at once.
      expect(down.requests).toBe(1);
      expect(await identityRows(person.civil_number)).toBe(0);
    });

    it('answers 503 with Retry-After when the registry photo cannot be fetched at the face step', async () => {
      const person = nextPerson();
      const { token } = await remote.journeyTo(person, 'face');
      const selfie = await remote.selfieOf(person.civil_number);
      down.answer(504, {}, {});
      registry.use(new PhotoFrom(registry.target, new HttpCivilRegistry({ ...endpoint(down.url), defaultRetryAfterSeconds: 45 })));
      const refused = await remote.http().post('/enrolment/journeys/current/face').set({ authorization: `Bearer ${token}` }).send({ selfie }).expect(503);
      expect(refused.headers['retry-after']).toBe('45');
      expect(refused.body).toMatchObject({ code: 'external-unavailable', retry_after: 45, detail: 'the civil registry is unavailable; try again later' });
    });

    it('answers 502 when the civil registry refuses the platform’s credentials (nothing the citizen can change)', async () => {
      const person = nextPerson();
      const card = (await remote.http().get(`/dev/card/${person.civil_number}`).expect(200)).body;
      registry.use(new HttpCivilRegistry({ ...endpoint(standIns.urls.civilRegistry), token: 'expired-token' }));
      const refused = await remote.http().post('/enrolment/journeys').send({ card, device: { platform: 'test', name: 'Test phone' } }).expect(502);
      expect(refused.body).toMatchObject({ type: 'urn:theqa:problem:external-error', code: 'external-error' });
      expect(refused.headers['retry-after']).toBeUndefined();
    });
  });
});

/** A civil registry whose adapter a test swaps (the stand-ins, then one that is down). */
class SwitchableRegistry implements CivilRegistry {
  constructor(public target: CivilRegistry) {}
  use(target: CivilRegistry): void {
    this.target = target;
  }
  findPerson(civilNumber: string): Promise<RegistryPerson | undefined> {
    return this.target.findPerson(civilNumber);
  }
  cardStatus(civilNumber: string, cardSerial: string): Promise<CardStatusReport> {
    return this.target.cardStatus(civilNumber, cardSerial);
  }
  photo(civilNumber: string): Promise<RegistryPhoto | undefined> {
    return this.target.photo(civilNumber);
  }
}

/** Records and card status from one registry, photos from another. */
class PhotoFrom extends SwitchableRegistry {
  constructor(
    records: CivilRegistry,
    private readonly photos: CivilRegistry,
  ) {
    super(records);
  }
  override photo(civilNumber: string): Promise<RegistryPhoto | undefined> {
    return this.photos.photo(civilNumber);
  }
}

/** An outside system that answers every request with one error status (503 under maintenance, 504 from its proxy). */
class DownSystem {
  requests = 0;
  private reply = { status: 503, headers: {} as Record<string, string>, problem: {} as Record<string, unknown> };

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<DownSystem> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const system = new DownSystem(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`);
    server.on('request', (req, res) => {
      system.requests += 1;
      req.resume();
      res.writeHead(system.reply.status, { 'content-type': 'application/problem+json', ...system.reply.headers });
      res.end(JSON.stringify({ status: system.reply.status, ...system.reply.problem }));
    });
    return system;
  }

  answer(status: number, headers: Record<string, string>, problem: Record<string, unknown>): void {
    this.reply = { status, headers, problem };
    this.requests = 0;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
