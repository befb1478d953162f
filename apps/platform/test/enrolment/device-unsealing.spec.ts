import type { RegistryPerson } from '@theqa/integrations';
import { EnrolmentHarness, TestDevice } from './enrolment-harness';

/**
 * Server-assisted unsealing (issue 11, docs/security/pin.md): a wallet that seals its device key in a
 * file asks the server for the unsealing secret with an `unseal` challenge, answered with the PIN and
 * signed by its unseal key. The server counts that PIN like any other and releases the secret only
 * for a right one. Through the platform's HTTP routes on the test run's database.
 */
describe('server-assisted unsealing of a wallet’s device key', () => {
  const harness = new EnrolmentHarness();
  let persons: RegistryPerson[];
  const nextPerson = () => persons.shift()!;
  const challenge = async (serial: string, purpose: string) => (await harness.http().post(`/devices/${serial}/challenges`).send({ purpose }).expect(201)).body.payload as string;
  /** An unseal answer as the wallet sends it: the PIN's proof, signed by the unseal key (or, to test refusals, another). */
  const unsealAnswer = async (device: TestDevice, civilNumber: string, pin: string, key = device.unsealKey!.privateKey) =>
    device.answer(await challenge(device.serial, 'unseal'), { pin_proof: device.pinProof(civilNumber, pin) }, key);

  beforeAll(async () => {
    await harness.open();
    persons = harness.persons().slice(26, 32); // no other suite registers these (EnrolmentHarness.persons)
  });
  afterAll(() => harness.close());

  it('the secret comes with the registration and again for each right PIN; a wrong PIN earns nothing and counts; three block', async () => {
    const person = nextPerson();
    const device = new TestDevice('739104', { unsealing: true });
    const registered = await harness.register(person, device);
    expect(registered.unsealing_secret).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const opened = await harness.http().post('/devices/unseal').send(await unsealAnswer(device, person.civil_number, device.pin)).expect(200);
    expect(opened.body).toEqual({ v: 'theqa-device/1', device: device.serial, unsealing_secret: registered.unsealing_secret });
    expect(opened.headers['cache-control']).toBe('no-store');

    const wrong = await harness.http().post('/devices/unseal').send(await unsealAnswer(device, person.civil_number, '618204')).expect(403);
    expect(wrong.body).toMatchObject({ code: 'pin-wrong', attempts_left: 2 });
    expect(JSON.stringify(wrong.body)).not.toContain(registered.unsealing_secret);
    await harness.http().post('/devices/unseal').send(await unsealAnswer(device, person.civil_number, '618205')).expect(403);
    expect((await harness.http().post('/devices/unseal').send(await unsealAnswer(device, person.civil_number, '618206')).expect(423)).body.code).toBe('pin-blocked');
    const blocked = await harness.http().post('/devices/unseal').send(await unsealAnswer(device, person.civil_number, device.pin)).expect(423);
    expect(blocked.body.code).toBe('pin-blocked');
    expect(JSON.stringify(blocked.body)).not.toContain(registered.unsealing_secret);
    const events = (await harness.identity.activity.list(person.civil_number)).map((e) => e.event);
    expect(events.filter((e) => e === 'pin.wrong')).toHaveLength(3);
    expect(events.filter((e) => e === 'pin.blocked')).toHaveLength(1);
  });

  it('only the unseal key asks, only once per challenge, and only at /devices/unseal', async () => {
    const person = nextPerson();
    const device = new TestDevice('739104', { unsealing: true });
    await harness.register(person, device);
    const payload = await challenge(device.serial, 'unseal');
    const genuine = device.answer(payload, { pin_proof: device.pinProof(person.civil_number) }, device.unsealKey!.privateKey);

    // Signed by the device key, or by a stranger's key: refused, and the challenge is not spent.
    const byDeviceKey = device.answer(payload, { pin_proof: device.pinProof(person.civil_number) });
    expect((await harness.http().post('/devices/unseal').send(byDeviceKey).expect(400)).body.code).toBe('answer-invalid');
    const stranger = new TestDevice('739104', { unsealing: true });
    stranger.serial = device.serial;
    expect((await harness.http().post('/devices/unseal').send(stranger.answer(payload, { pin_proof: device.pinProof(person.civil_number) }, stranger.unsealKey!.privateKey)).expect(400)).body.code).toBe('answer-invalid');
    // The general answers route does not settle an unseal challenge (it would release nothing).
    expect((await harness.http().post('/devices/answers').send(genuine).expect(400)).body.code).toBe('answer-invalid');
    // Nor does the unseal key sign anything else.
    const check = device.answer(await challenge(device.serial, 'pin-check'), { pin_proof: device.pinProof(person.civil_number) }, device.unsealKey!.privateKey);
    expect((await harness.http().post('/devices/answers').send(check).expect(400)).body.code).toBe('answer-invalid');

    await harness.http().post('/devices/unseal').send(genuine).expect(200);
    expect((await harness.http().post('/devices/unseal').send(genuine).expect(409)).body.code).toBe('challenge-used');
  });

  it('a device without an unseal key (the web wallet keeps its own key) never gets a secret, even signing with its device key', async () => {
    const person = nextPerson();
    const device = new TestDevice();
    const registered = await harness.register(person, device);
    expect(registered.unsealing_secret).toBeUndefined();
    const [row] = await harness.database.dataSource.query(`SELECT unseal_key_spki, unseal_mac_key FROM identity_device WHERE serial = $1`, [device.serial]);
    expect(row).toEqual({ unseal_key_spki: null, unseal_mac_key: null });
    const answer = device.answer(await challenge(device.serial, 'unseal'), { pin_proof: device.pinProof(person.civil_number) });
    const refused = await harness.http().post('/devices/unseal').send(answer).expect(400);
    expect(refused.body.code).toBe('answer-invalid');
    expect(JSON.stringify(refused.body)).not.toContain('unsealing_secret');
    await harness.http().post('/devices/answers').send(device.answer(await challenge(device.serial, 'pin-check'), { pin_proof: device.pinProof(person.civil_number) })).expect(200);
  });

  it('refuses an unseal key that is not a P-256 public key, or is the device key itself', async () => {
    const person = nextPerson();
    const device = new TestDevice('739104', { unsealing: true });
    const { token } = await harness.journeyTo(person, 'device-key', device);
    const auth = { authorization: `Bearer ${token}` };
    for (const unseal_key of ['not-a-key', device.spki.subarray(0, 60).toString('base64url'), device.spki.toString('base64url')]) {
      const refused = await harness.http().post('/enrolment/journeys/current/device-key').set(auth).send({ csr: await device.csr(), unseal_key }).expect(400);
      expect(refused.body.code).toBe('request-invalid');
    }
    const done = await harness.http().post('/enrolment/journeys/current/device-key').set(auth).send(await device.keyRequest()).expect(201);
    expect(done.body.unsealing_secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('a PIN reset with a new key and unseal key gives a new secret; the old unseal key asks in vain', async () => {
    const person = nextPerson();
    const device = new TestDevice('739104', { unsealing: true });
    const first = await harness.register(person, device);
    const oldUnsealKey = device.unsealKey!.privateKey;
    const started = await harness.http().post('/enrolment/pin-reset').send({ civil_number: person.civil_number, device: device.serial }).expect(201);
    const auth = { authorization: `Bearer ${started.body.journey_token}` };
    await harness.http().post('/enrolment/pin-reset/current/face').set(auth).send({ selfie: await harness.selfieOf(person.civil_number) }).expect(200);
    await harness.http().post('/enrolment/pin-reset/current/otp').set(auth).send({ code: await harness.latestCode(person.phone_number, 'pin-reset-otp') }).expect(200);
    device.pin = '860274';
    const replacement = new TestDevice(device.pin, { unsealing: true });
    const withoutCsr = await harness.http().post('/enrolment/pin-reset/current/pin').set(auth).send({ pin_proof: device.pinProof(person.civil_number), unseal_key: replacement.unsealKey!.spki.toString('base64url') }).expect(400);
    expect(withoutCsr.body.code).toBe('request-invalid');
    const reset = await harness.http().post('/enrolment/pin-reset/current/pin').set(auth).send({ pin_proof: device.pinProof(person.civil_number), ...(await replacement.keyRequest()) }).expect(200);
    expect(reset.headers['cache-control']).toBe('no-store');
    expect(reset.body.unsealing_secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(reset.body.unsealing_secret).not.toBe(first.unsealing_secret);

    replacement.serial = device.serial;
    expect((await harness.http().post('/devices/unseal').send(await unsealAnswer(replacement, person.civil_number, device.pin, oldUnsealKey)).expect(400)).body.code).toBe('answer-invalid');
    const opened = await harness.http().post('/devices/unseal').send(await unsealAnswer(replacement, person.civil_number, device.pin)).expect(200);
    expect(opened.body.unsealing_secret).toBe(reset.body.unsealing_secret);
  });

  it('no table of the database holds an unsealing secret', async () => {
    const person = nextPerson();
    const device = new TestDevice('739104', { unsealing: true });
    const { unsealing_secret } = await harness.register(person, device);
    const secret = Buffer.from(unsealing_secret!, 'base64url');
    const needles = [unsealing_secret!, secret.toString('hex'), secret.toString('base64')];
    const tables: Array<{ table_name: string }> = await harness.database.dataSource.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
    );
    expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(['identity_device', 'device_challenge', 'audit_log']));
    for (const { table_name } of tables) {
      const rows: Array<{ row: string }> = await harness.database.dataSource.query(`SELECT (t.*)::text AS row FROM "${table_name}" t`);
      for (const { row } of rows) for (const needle of needles) expect({ table_name, found: row.includes(needle) }).toEqual({ table_name, found: false });
    }
  });
});
