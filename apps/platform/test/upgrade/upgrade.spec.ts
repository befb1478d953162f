import { createHash, generateKeyPairSync, sign, X509Certificate, type KeyObject } from 'node:crypto';
import {
  buildDeviceKeyRequest,
  decodeQrPayload,
  pinProofMessage,
  toBase64url,
  toPem,
  upgradeScanSigningBytes,
  DEVICE_PROTOCOL_VERSION,
} from '@theqa/device-protocol';
import { TEST_PERSONS } from '@theqa/dev-standins';
import { IDENTITY_ERRORS, IdentityError, type UpgradeBegun } from '@theqa/identity';
import type { CardStatusReport, CivilRegistry, RegistryPerson } from '@theqa/integrations';
import { EnrolmentHarness, TestDevice } from '../enrolment/enrolment-harness';

/**
 * The upgrade to HIGH (issue 13) through the platform's routes and the composition root's Upgrades,
 * on the test run's database: `begin` called as the portal calls it, the wallet's side spoken from the
 * device protocol's specification (keys made here with node:crypto). Refusals, order, and the race
 * for one QR code. The CLI wallet's whole journey is upgrade-cli.e2e.spec.ts.
 */
describe('the upgrade to HIGH', () => {
  const harness = new EnrolmentHarness({ poolSize: 12 });
  let persons: RegistryPerson[];
  const nextPerson = () => persons.shift()!;
  const upgrades = () => harness.identity.upgrades;
  const events = async (civilNumber: string) => (await harness.identity.activity.list(civilNumber, { limit: 100 })).map((e) => e.event);
  const refusal = (work: Promise<unknown>) => work.then(() => undefined, (error: unknown) => error as IdentityError);
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });
  const identityRow = async (civilNumber: string) => (await harness.database.dataSource.query(`SELECT assurance FROM identity WHERE civil_number = $1`, [civilNumber]))[0];
  const signingKeyRow = async (serial: string) => (await harness.database.dataSource.query(`SELECT * FROM device_signing_key WHERE device = $1`, [serial]))[0];

  /** A registered person with a device of the test's (its keys made here). */
  const registered = async (options: { unsealing?: boolean } = {}) => {
    const person = nextPerson();
    const device = new TestDevice('739104', options);
    await harness.register(person, device);
    return { person, device };
  };
  /** The wallet's signed scan of the portal's code. */
  const scanOf = (device: TestDevice, qrPayload: string, key: KeyObject = device.privateKey, serial = device.serial) => {
    const unsigned = { v: DEVICE_PROTOCOL_VERSION, request: decodeQrPayload(qrPayload).request, device: serial } as const;
    return { ...unsigned, signature: toBase64url(sign('sha256', upgradeScanSigningBytes(unsigned), { key, dsaEncoding: 'ieee-p1363' })) };
  };
  const claim = (body: unknown) => harness.http().post('/identity/upgrades/claim').send(body as object);
  const newKey = () => {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    return { privateKey: pair.privateKey, spki: pair.publicKey.export({ type: 'spki', format: 'der' }) };
  };
  /** The CSR of a key (by default a new P-256 key, as a wallet makes its signing key): `spki` signed by `privateKey`. */
  const csrOf = async (key: { privateKey: KeyObject; spki: Buffer } = newKey()) =>
    toPem('CERTIFICATE REQUEST', await buildDeviceKeyRequest(key.spki, (data) => sign('sha256', data, { key: key.privateKey, dsaEncoding: 'ieee-p1363' })));
  const pinProof = (civilNumber: string, pin = '739104') => createHash('sha256').update(pinProofMessage(civilNumber, pin)).digest('base64url');

  /** Begun for the person's device and walked by the wallet up to (not through) `until`. */
  const upgradeTo = async (person: RegistryPerson, device: TestDevice, until: 'face' | 'otp' | 'terms' | 'signing-key') => {
    const begun = await upgrades().begin({ civilNumber: person.civil_number, device: device.serial });
    const claimed = await claim(scanOf(device, begun.qrPayload)).expect(201);
    const token: string = claimed.body.journey_token;
    const steps: Array<[string, () => Promise<unknown>]> = [
      ['face', async () => harness.http().post('/identity/upgrades/current/face').set(auth(token)).send({ selfie: await harness.selfieOf(person.civil_number) }).expect(200)],
      ['otp', async () => harness.http().post('/identity/upgrades/current/otp').set(auth(token)).send({ code: await harness.latestCode(person.phone_number, 'upgrade-otp') }).expect(200)],
      ['terms', async () => harness.http().post('/identity/upgrades/current/terms').set(auth(token)).send({ version: (await harness.http().get('/enrolment/terms')).body.version }).expect(200)],
    ];
    for (const [step, run] of steps) {
      if (step === until) break;
      await run();
    }
    return { begun, token };
  };

  beforeAll(async () => {
    await harness.open();
    persons = harness.persons().slice(100, 116); // the upgrade's persons (EnrolmentHarness.persons): 100–115 here
  }, 120_000);
  afterAll(() => harness.close());

  describe('a MEDIUM identity, its own device', () => {
    let person: RegistryPerson;
    let device: TestDevice;

    beforeAll(async () => ({ person, device } = await registered()));

    it('begins: a QR code of kind upgrade naming the platform, the journey waiting for its scan', async () => {
      const begun = await upgrades().begin({ civilNumber: person.civil_number, device: device.serial });
      expect(begun).toMatchObject({ journeyId: expect.stringMatching(/^[0-9a-f-]{36}$/), step: 'scan', device: device.serial, resumed: false });
      const qr = decodeQrPayload(begun.qrPayload);
      expect(qr).toMatchObject({ kind: 'upgrade', server: new URL(harness.services.config.server.publicBaseUrl).origin });
      expect(Math.abs(Date.parse(qr.expires_at) - begun.expiresAt.getTime())).toBeLessThan(1000);
      expect(begun.expiresAt.getTime() - Date.now()).toBeGreaterThan(60_000);
      const status = await upgrades().status(begun.journeyId, person.civil_number);
      expect(status).toMatchObject({ step: 'scan', status: 'open', device: device.serial });
      expect(status.next.en).toContain(device.serial);
      expect(status.next.ar).toContain(device.serial);
      expect(await events(person.civil_number)).toContain('upgrade.started');
    });

    it('each step only in its turn; the whole journey makes the identity HIGH with a qualified signing certificate for a new key', async () => {
      const begun = await upgrades().begin({ civilNumber: person.civil_number, device: device.serial });
      expect(begun.resumed).toBe(true);
      const claimed = await claim(scanOf(device, begun.qrPayload)).expect(201);
      expect(claimed.headers['cache-control']).toBe('no-store');
      expect(claimed.body).toMatchObject({ step: 'face', device: device.serial, journey_token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), attempts_left: 3 });
      const token = claimed.body.journey_token as string;

      // Out of turn: the terms before the face, the key before the code.
      const early = await harness.http().post('/identity/upgrades/current/terms').set(auth(token)).send({ version: '2026-01' }).expect(409);
      expect(early.body).toMatchObject({ code: 'step-out-of-order', expected_step: 'face' });
      expect(early.headers['content-type']).toContain('application/problem+json');
      expect((await harness.http().post('/identity/upgrades/current/signing-key').set(auth(token)).send({ csr: await csrOf(), pin_proof: pinProof(person.civil_number) }).expect(409)).body.code).toBe('step-out-of-order');

      const face = await harness.http().post('/identity/upgrades/current/face').set(auth(token)).send({ selfie: await harness.selfieOf(person.civil_number) }).expect(200);
      expect(face.body).toMatchObject({ step: 'otp', phone_on_record: expect.stringMatching(/^\+968 9•+/), message: { ar: expect.any(String), en: expect.any(String) } });
      expect((await harness.http().get('/identity/upgrades/current').set(auth(token)).expect(200)).body).toMatchObject({ step: 'otp', device: device.serial });
      expect((await upgrades().status(begun.journeyId, person.civil_number)).step).toBe('otp');
      const code = await harness.http().post('/identity/upgrades/current/otp').set(auth(token)).send({ code: await harness.latestCode(person.phone_number, 'upgrade-otp') }).expect(200);
      expect(code.body).toMatchObject({ step: 'terms', terms: { version: '2026-01', ar: expect.any(String), en: expect.any(String) } });
      expect((await harness.http().post('/identity/upgrades/current/terms').set(auth(token)).send({ version: '2025-01' }).expect(409)).body.code).toBe('terms-version');
      await harness.http().post('/identity/upgrades/current/terms').set(auth(token)).send({ version: '2026-01' }).expect(200);

      const signingKey = newKey();
      const done = await harness.http().post('/identity/upgrades/current/signing-key').set(auth(token)).send({ csr: await csrOf(signingKey), pin_proof: pinProof(person.civil_number) }).expect(201);
      expect(done.headers['cache-control']).toBe('no-store');
      expect(done.body).toMatchObject({ step: 'done', assurance: 'high', civil_number: person.civil_number, certificate_serial: expect.stringMatching(/^[0-9A-F]{16,40}$/) });
      const certificate = new X509Certificate(done.body.certificate);
      expect(certificate.issuer).toContain('Citizen Signing CA');
      expect(certificate.subject).toContain(`PNOOM-${person.civil_number}`);
      expect(certificate.publicKey.export({ type: 'spki', format: 'der' })).toEqual(signingKey.spki);
      expect(certificate.verify(new X509Certificate(done.body.chain[0]).publicKey)).toBe(true);
      const [{ profile }] = await harness.database.dataSource.query(`SELECT profile FROM ca_certificate WHERE serial_hex = $1`, [done.body.certificate_serial]);
      expect(profile).toBe('qualified-signing');

      expect(await identityRow(person.civil_number)).toEqual({ assurance: 'high' });
      const key = await signingKeyRow(device.serial);
      expect(key.certificate_serial).toBe(done.body.certificate_serial);
      expect(Buffer.from(key.public_key_spki).equals(device.spki)).toBe(false);
      expect(await upgrades().status(begun.journeyId, person.civil_number)).toMatchObject({ status: 'completed', step: 'done', next: { en: expect.stringContaining('Signing requests') } });
      expect(await events(person.civil_number)).toEqual(expect.arrayContaining(['upgrade.started', 'upgrade.claimed', 'upgrade.completed']));
      const [completed] = await harness.identity.activity.list(person.civil_number, { limit: 1 });
      expect(completed).toMatchObject({ event: 'upgrade.completed', device: device.serial, details: { certificate: done.body.certificate_serial } });
      // The token is spent with the journey.
      expect((await harness.http().get('/identity/upgrades/current').set(auth(token)).expect(409)).body.code).toBe('journey-closed');
    });

    it('a second upgrade of the now HIGH identity is refused, saying so in both languages and what to do', async () => {
      const error = await refusal(upgrades().begin({ civilNumber: person.civil_number, device: device.serial }));
      expect(error).toBeInstanceOf(IdentityError);
      expect(error?.code).toBe('already-high');
      expect(IDENTITY_ERRORS['already-high']).toMatchObject({ status: 409, ar: expect.stringContaining('المستوى المرتفع'), next: { en: expect.stringContaining('signing requests') } });
    });
  });

  it('refuses a device that is not the person’s: another’s, an unknown serial, a removed one; and what is not a serial', async () => {
    const { person, device } = await registered();
    const { device: stranger } = await registered();
    for (const serial of [stranger.serial, 'THQ-0000-0000']) {
      expect(await refusal(upgrades().begin({ civilNumber: person.civil_number, device: serial }))).toMatchObject({ code: 'device-not-yours' });
    }
    expect(await refusal(upgrades().begin({ civilNumber: person.civil_number, device: 'not a serial' }))).toMatchObject({ code: 'request-invalid' });
    expect(await refusal(upgrades().begin({ civilNumber: '12', device: device.serial }))).toMatchObject({ code: 'request-invalid' });
    await harness.database.dataSource.query(`UPDATE identity_device SET status = 'revoked' WHERE serial = $1`, [device.serial]);
    expect(await refusal(upgrades().begin({ civilNumber: person.civil_number, device: device.serial }))).toMatchObject({ code: 'device-not-yours' });
    expect(await events(person.civil_number)).not.toContain('upgrade.started');
  });

  describe('the civil registry’s word, as at enrolment', () => {
    /** The registry as the platform's, but this person's record changed (the card expired since, the person died…). */
    const registryWhere = (civilNumber: string, change: Partial<RegistryPerson>, card?: CardStatusReport['status']): CivilRegistry => {
      const base = harness.registry;
      return {
        findPerson: async (n) => {
          const found = await base.findPerson(n);
          return found && n === civilNumber ? { ...found, ...change } : found;
        },
        cardStatus: async (n, serial) => ({ ...(await base.cardStatus(n, serial)), ...(n === civilNumber && card ? { status: card } : {}) }),
        photo: (n) => base.photo(n),
      };
    };
    /** What enrolment answers a card read of this registry person. */
    const enrolmentAnswer = async (civilNumber: string) => {
      const card = (await harness.http().get(`/dev/card/${civilNumber}`).expect(200)).body;
      const answer = await harness.http().post('/enrolment/journeys').send({ card, device: { platform: 'test', name: 'Test phone' } });
      return answer.status === 201 ? 'accepted' : answer.body.code;
    };

    it.each([
      ['a card that expired since registration', TEST_PERSONS.expiredCard, 'card-not-valid'],
      ['a card cancelled since (reported lost)', TEST_PERSONS.cancelledCard, 'card-not-valid'],
      ['a person who died since', TEST_PERSONS.deceased, 'person-deceased'],
    ])('%s: refused with the code enrolment gives the registry’s own such person', async (_label, testPerson, code) => {
      const { person, device } = await registered();
      const like = (await harness.registry.findPerson(testPerson))!;
      const changed = registryWhere(person.civil_number, { card_status: like.card_status, card_expiry_date: like.card_expiry_date, date_of_death: like.date_of_death }, like.card_status);
      const elsewhere = await harness.withOutsideSystems({ registry: changed });
      try {
        expect(await enrolmentAnswer(testPerson)).toBe(code);
        const error = await refusal(elsewhere.identity.upgrades.begin({ civilNumber: person.civil_number, device: device.serial }));
        expect(error).toMatchObject({ code });
        expect(IDENTITY_ERRORS[error!.code].next).toEqual({ ar: expect.any(String), en: expect.any(String) });
        expect(await events(person.civil_number)).not.toContain('upgrade.started');
      } finally {
        await elsewhere.close();
      }
    });

    it('a record that keeps a visitor visa number, on a valid residence card: accepted, as enrolment accepts the registry’s own such person', async () => {
      const { person, device } = await registered();
      const visitor = (await harness.registry.findPerson(TEST_PERSONS.visitorVisa))!;
      expect(visitor.visitor_visa_number).toMatch(/^V/);
      const elsewhere = await harness.withOutsideSystems({ registry: registryWhere(person.civil_number, { visitor_visa_number: visitor.visitor_visa_number }) });
      try {
        expect(await enrolmentAnswer(TEST_PERSONS.visitorVisa)).toBe('accepted');
        expect(await elsewhere.identity.upgrades.begin({ civilNumber: person.civil_number, device: device.serial })).toMatchObject({ step: 'scan', resumed: false });
      } finally {
        await elsewhere.close();
      }
    });

    it('asked again before the certificate: a person who died during the upgrade gets none, and the upgrade fails', async () => {
      const { person, device } = await registered();
      const { begun, token } = await upgradeTo(person, device, 'signing-key');
      const elsewhere = await harness.withOutsideSystems({ registry: registryWhere(person.civil_number, { date_of_death: '2026-01-02' }) });
      try {
        const refused = await elsewhere.http().post('/identity/upgrades/current/signing-key').set(auth(token)).send({ csr: await csrOf(), pin_proof: pinProof(person.civil_number) }).expect(403);
        expect(refused.body.code).toBe('person-deceased');
      } finally {
        await elsewhere.close();
      }
      expect(await signingKeyRow(device.serial)).toBeUndefined();
      expect(await identityRow(person.civil_number)).toEqual({ assurance: 'medium' });
      expect(await upgrades().status(begun.journeyId, person.civil_number)).toMatchObject({ status: 'failed', failure: 'person-deceased' });
    });
  });

  it('a face that does not match: two retries, then the upgrade closes, saying what to do next', async () => {
    const { person, device } = await registered();
    const { begun, token } = await upgradeTo(person, device, 'face');
    const impostor = await harness.impostorSelfieOf(person.civil_number);
    const face = () => harness.http().post('/identity/upgrades/current/face').set(auth(token)).send({ selfie: impostor });
    expect((await face().expect(422)).body).toMatchObject({ code: 'face-mismatch', attempts_left: 2, next: { ar: expect.any(String), en: expect.any(String) } });
    expect((await face().expect(422)).body).toMatchObject({ code: 'face-mismatch', attempts_left: 1 });
    expect((await face().expect(403)).body.code).toBe('face-attempts-exhausted');
    const after = await harness.http().post('/identity/upgrades/current/face').set(auth(token)).send({ selfie: await harness.selfieOf(person.civil_number) }).expect(409);
    expect(after.body).toMatchObject({ code: 'journey-closed', failure: 'face-attempts-exhausted' });
    const status = await upgrades().status(begun.journeyId, person.civil_number);
    expect(status).toMatchObject({ status: 'failed', failure: 'face-attempts-exhausted', next: { en: expect.stringContaining('Start the upgrade again') } });
    expect(await events(person.civil_number)).toContain('upgrade.failed');
    expect(await harness.smsOutbox.latestFor(person.phone_number, 'upgrade-otp')).toBeUndefined();
    // The person may begin again: a new journey, a new code.
    const again = await upgrades().begin({ civilNumber: person.civil_number, device: device.serial });
    expect(again).toMatchObject({ step: 'scan', resumed: false });
    expect(again.journeyId).not.toBe(begun.journeyId);
  });

  it('a wrong SMS code is refused with the attempts left; resends are throttled; the right code goes on', async () => {
    const { person, device } = await registered();
    const { token } = await upgradeTo(person, device, 'otp');
    const right = await harness.latestCode(person.phone_number, 'upgrade-otp');
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
    const otp = (code: string) => harness.http().post('/identity/upgrades/current/otp').set(auth(token)).send({ code });
    expect((await otp(wrong).expect(422)).body).toMatchObject({ code: 'otp-wrong', attempts_left: 2 });
    expect((await otp('12345').expect(400)).body.code).toBe('request-invalid');
    expect((await harness.http().post('/identity/upgrades/current/otp/resend').set(auth(token)).expect(429)).body.code).toBe('otp-resend-too-soon');
    expect((await otp(right).expect(200)).body.step).toBe('terms');
  });

  it('the signing key must be a new key: the device’s login key (however written) and its unseal key are refused, as is a CSR without proof of possession; a wrong PIN is counted', async () => {
    const { person, device } = await registered({ unsealing: true });
    const { begun, token } = await upgradeTo(person, device, 'signing-key');
    const send = (body: Record<string, unknown>) => harness.http().post('/identity/upgrades/current/signing-key').set(auth(token)).send(body);
    const proof = pinProof(person.civil_number);

    const login = await send({ csr: await csrOf({ privateKey: device.privateKey, spki: device.spki }), pin_proof: proof }).expect(422);
    expect(login.body).toMatchObject({ code: 'signing-key-is-login-key', titles: { ar: expect.any(String), en: expect.any(String) }, next: { en: expect.any(String) } });
    // The same key with its point compressed: still the login key.
    const compressed = compressedSpki(device.spki);
    expect(compressed.equals(device.spki)).toBe(false);
    expect((await send({ csr: await csrOf({ privateKey: device.privateKey, spki: compressed }), pin_proof: proof }).expect(422)).body.code).toBe('signing-key-is-login-key');
    expect((await send({ csr: await csrOf(device.unsealKey!), pin_proof: proof }).expect(422)).body.code).toBe('signing-key-is-login-key');
    // A CSR signed by another key than the one it names: no proof of possession.
    const forged = await csrOf({ privateKey: newKey().privateKey, spki: newKey().spki });
    expect((await send({ csr: forged, pin_proof: proof }).expect(400)).body.code).toBe('csr-invalid');
    expect((await send({ csr: 'garbage', pin_proof: proof }).expect(400)).body.code).toBe('csr-invalid');
    expect((await send({ csr: 42, pin_proof: proof }).expect(400)).body.code).toBe('csr-invalid');
    expect((await send({ csr: await csrOf(), pin_proof: 'short' }).expect(400)).body.code).toBe('pin-format');
    expect(await signingKeyRow(device.serial)).toBeUndefined();

    const wrongPin = await send({ csr: await csrOf(), pin_proof: pinProof(person.civil_number, '905173') }).expect(403);
    expect(wrongPin.body).toMatchObject({ code: 'pin-wrong', attempts_left: 2 });
    expect(await events(person.civil_number)).toContain('pin.wrong');
    expect(await identityRow(person.civil_number)).toEqual({ assurance: 'medium' });
    expect((await upgrades().status(begun.journeyId, person.civil_number)).step).toBe('signing-key');

    await send({ csr: await csrOf(), pin_proof: proof }).expect(201);
    expect(await identityRow(person.civil_number)).toEqual({ assurance: 'high' });
  });

  it('100 claims of one QR code at once: exactly one takes the upgrade up; the rest, and a replay, are refused', async () => {
    const { person, device } = await registered();
    const begun = await upgrades().begin({ civilNumber: person.civil_number, device: device.serial });
    const body = scanOf(device, begun.qrPayload);
    const answers = await Promise.all(Array.from({ length: 100 }, () => claim(body)));
    const statuses = answers.map((a) => `${a.status} ${a.body.code ?? a.body.step}`);
    expect(statuses.filter((s) => s === '201 face')).toHaveLength(1);
    expect(statuses.filter((s) => s === '409 upgrade-code-used')).toHaveLength(99);
    expect(new Set(answers.filter((a) => a.status === 201).map((a) => a.body.journey_token)).size).toBe(1);
    expect((await claim(body).expect(409)).body.code).toBe('upgrade-code-used');
    expect((await events(person.civil_number)).filter((e) => e === 'upgrade.claimed')).toHaveLength(1);
  }, 60_000);

  it('only the device picked may claim: the person’s other device is told which one, a stranger’s device learns nothing, a forged scan is refused', async () => {
    const { person, device } = await registered();
    const second = new TestDevice();
    await harness.register(person, second);
    const { device: strangers } = await registered();
    const begun = await upgrades().begin({ civilNumber: person.civil_number, device: device.serial });

    const other = await claim(scanOf(second, begun.qrPayload)).expect(403);
    expect(other.body).toMatchObject({ code: 'upgrade-other-device', device: device.serial });
    const stranger = await claim(scanOf(strangers, begun.qrPayload)).expect(403);
    expect(stranger.body.code).toBe('upgrade-other-device');
    expect(stranger.body.device).toBeUndefined();
    // The picked device's serial, signed by another key.
    expect((await claim(scanOf(device, begun.qrPayload, second.privateKey)).expect(401)).body.code).toBe('device-signature-invalid');
    expect((await claim({ ...scanOf(device, begun.qrPayload), request: 'A'.repeat(22) }).expect(404)).body.code).toBe('upgrade-code-unknown');
    for (const garbage of [{}, [], { v: DEVICE_PROTOCOL_VERSION }, { ...scanOf(device, begun.qrPayload), extra: 1 }, 'text']) {
      const answer = await claim(garbage);
      expect(answer.status).toBe(400);
      expect(answer.headers['content-type']).toContain('application/problem+json');
    }
    // Still waiting for the right device, which then takes it up.
    expect((await claim(scanOf(device, begun.qrPayload)).expect(201)).body.step).toBe('face');
  });

  it('picked up again: unscanned, a fresh code (the old one stops working, another device may be picked); scanned, where it stands; abandoned, over', async () => {
    const { person, device } = await registered();
    const second = new TestDevice();
    await harness.register(person, second);
    const first: UpgradeBegun = await upgrades().begin({ civilNumber: person.civil_number, device: device.serial });
    const renewed = await upgrades().begin({ civilNumber: person.civil_number, device: second.serial });
    expect(renewed).toMatchObject({ journeyId: first.journeyId, resumed: true, step: 'scan', device: second.serial });
    expect(renewed.qrPayload).not.toBe(first.qrPayload);
    expect((await claim(scanOf(device, first.qrPayload)).expect(404)).body.code).toBe('upgrade-code-unknown');
    expect((await claim(scanOf(device, renewed.qrPayload)).expect(403)).body.code).toBe('upgrade-other-device');
    const claimed = await claim(scanOf(second, renewed.qrPayload)).expect(201);
    const token = claimed.body.journey_token as string;

    const resumed = await upgrades().begin({ civilNumber: person.civil_number, device: device.serial });
    expect(resumed).toMatchObject({ journeyId: first.journeyId, resumed: true, step: 'face', device: second.serial, qrPayload: '' });

    expect(await refusal(upgrades().status(first.journeyId, nextPersonCivil(person)))).toMatchObject({ code: 'journey-unknown' });
    expect(await refusal(upgrades().status('not-a-uuid', person.civil_number))).toMatchObject({ code: 'journey-unknown' });
    const abandoned = await upgrades().abandon(first.journeyId, person.civil_number);
    expect(abandoned).toMatchObject({ status: 'failed', failure: 'abandoned', next: { ar: expect.any(String), en: expect.any(String) } });
    expect(await refusal(upgrades().abandon(first.journeyId, person.civil_number))).toMatchObject({ code: 'journey-closed' });
    const after = await harness.http().post('/identity/upgrades/current/face').set(auth(token)).send({ selfie: await harness.selfieOf(person.civil_number) }).expect(409);
    expect(after.body).toMatchObject({ code: 'journey-closed', failure: 'abandoned' });
    expect(await events(person.civil_number)).toContain('upgrade.abandoned');
    const fresh = await upgrades().begin({ civilNumber: person.civil_number, device: device.serial });
    expect(fresh).toMatchObject({ step: 'scan', resumed: false });
    expect(fresh.journeyId).not.toBe(first.journeyId);
  });

  it('begun ten times at once for one person: one upgrade, begun once', async () => {
    const { person, device } = await registered();
    const begun = await Promise.all(Array.from({ length: 10 }, () => upgrades().begin({ civilNumber: person.civil_number, device: device.serial }).catch((error: IdentityError) => error)));
    const journeys = new Set(begun.map((b) => (b instanceof Error ? b.message : b.journeyId)));
    expect([...journeys]).toHaveLength(1);
    expect(begun.filter((b) => !(b instanceof Error) && !b.resumed)).toHaveLength(1);
    const open = await harness.database.dataSource.query(`SELECT id FROM identity_journey WHERE civil_number = $1 AND kind = 'upgrade' AND status = 'open'`, [person.civil_number]);
    expect(open).toEqual([{ id: [...journeys][0] }]);
    expect((await events(person.civil_number)).filter((e) => e === 'upgrade.started')).toHaveLength(1);
  });

  it('answers bad input with problem+json, never a 500', async () => {
    const token = 'A'.repeat(43);
    const routes = ['current/face', 'current/otp', 'current/otp/resend', 'current/terms', 'current/signing-key'];
    for (const route of routes) {
      const missing = await harness.http().post(`/identity/upgrades/${route}`).send({});
      expect([route, missing.status, missing.body.type]).toEqual([route, 401, 'urn:theqa:problem:unauthorized']);
      const unknown = await harness.http().post(`/identity/upgrades/${route}`).set(auth(token)).send({ selfie: 1, code: [], version: {}, csr: null });
      expect([route, unknown.status, unknown.body.code]).toEqual([route, 404, 'journey-unknown']);
    }
    expect((await harness.http().get('/identity/upgrades/current').set(auth(token)).expect(404)).body.code).toBe('journey-unknown');
    const malformed = await harness.http().post('/identity/upgrades/claim').set('content-type', 'application/json').send('{"v":');
    expect(malformed.status).toBe(400);
    expect(malformed.headers['content-type']).toContain('application/problem+json');
    const huge = await harness.http().post('/identity/upgrades/claim').send({ request: 'x'.repeat(2_000_000) });
    expect(huge.status).toBe(413);
    expect(huge.headers['content-type']).toContain('application/problem+json');
  });
});

/** Another registry person's civil number than this one's (for "not this person's journey"). */
function nextPersonCivil(person: RegistryPerson): string {
  return person.civil_number === TEST_PERSONS.demo ? TEST_PERSONS.doctor : TEST_PERSONS.demo;
}

/** A P-256 SubjectPublicKeyInfo with its point compressed (SEC 1 §2.3.3): the same key, other bytes. */
function compressedSpki(spki: Buffer): Buffer {
  const point = spki.subarray(spki.length - 65);
  const compressed = Buffer.concat([Buffer.from([point[64] & 1 ? 0x03 : 0x02]), point.subarray(1, 33)]);
  return Buffer.concat([Buffer.from('3039301306072a8648ce3d020106082a8648ce3d030107032200', 'hex'), compressed]);
}
