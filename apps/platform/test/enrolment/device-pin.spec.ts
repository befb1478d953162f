import { decodeChallenge, encodeChallenge } from '@theqa/device-protocol';
import type { RegistryPerson } from '@theqa/integrations';
import { EnrolmentHarness, TestDevice } from './enrolment-harness';

/**
 * The PIN and device challenges under attack (issue 11): a burst of wrong PINs in parallel, one device
 * spending another's challenge, PINs taken from the phone number on record. Through the platform's
 * HTTP routes on the test run's database (PGlite, or PostgreSQL under tools/ci/with-postgres.sh).
 */
describe('the PIN and device challenges under attack', () => {
  const harness = new EnrolmentHarness({ poolSize: 20 });
  let persons: RegistryPerson[];
  let baseUrl: string;
  const nextPerson = () => persons.shift()!;
  const challenge = async (serial: string, purpose: string) => (await harness.http().post(`/devices/${serial}/challenges`).send({ purpose }).expect(201)).body.payload as string;
  const events = async (civilNumber: string) => (await harness.identity.activity.list(civilNumber, { limit: 100 })).map((e) => e.event);
  const post = (path: string, body: unknown) =>
    fetch(`${baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: await r.json() }));

  beforeAll(async () => {
    await harness.open();
    persons = harness.persons().slice(20, 23); // no other suite registers these (EnrolmentHarness.persons)
    // A real socket: the burst below arrives as 200 separate HTTP requests, as from outside.
    await harness.app.listen(0, '127.0.0.1');
    baseUrl = (await harness.app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(() => harness.close());

  it('200 wrong PINs at once: exactly 3 are evaluated, the block is audited once, and the right PIN is then refused with 423', async () => {
    const person = nextPerson();
    const device = new TestDevice();
    await harness.register(person, device);
    // The challenges straight from the service (a limit on asking for challenges is not what is tested
    // here); the answers below go over HTTP, all at once.
    const payloads: string[] = [];
    for (let i = 0; i < 200; i++) payloads.push((await harness.identity.challenges.issue(device.serial, 'pin-check')).payload);
    const answers = payloads.map((payload, i) => device.answer(payload, { pin_proof: device.pinProof(person.civil_number, String(200001 + i * 7)) }));

    const results = await Promise.all(answers.map((answer) => post('/devices/answers', answer)));

    const codes = results.map((r) => `${r.status} ${r.body.code}`);
    expect(codes.filter((c) => c === '403 pin-wrong')).toHaveLength(2);
    expect(codes.filter((c) => c === '423 pin-blocked')).toHaveLength(198);
    const happened = await events(person.civil_number);
    expect(happened.filter((e) => e === 'pin.wrong')).toHaveLength(3);
    expect(happened.filter((e) => e === 'pin.blocked')).toHaveLength(1);
    const [row] = await harness.database.dataSource.query(`SELECT pin_failures, pin_blocked_at FROM identity WHERE civil_number = $1`, [person.civil_number]);
    expect(Number(row.pin_failures)).toBe(3);
    expect(row.pin_blocked_at).not.toBeNull();

    const right = await post('/devices/answers', device.answer(await challenge(device.serial, 'pin-check'), { pin_proof: device.pinProof(person.civil_number) }));
    expect(right).toMatchObject({ status: 423, body: { code: 'pin-blocked', type: 'urn:theqa:problem:pin-blocked' } });
  });

  it('a device cannot spend the challenge of another device: the owner’s genuine answer still goes through', async () => {
    const person = nextPerson();
    const owner = new TestDevice();
    const other = new TestDevice();
    await harness.register(person, owner);
    await harness.register(person, other);
    const payload = await challenge(owner.serial, 'pin-check');

    // The other device signs the owner's challenge, as itself…
    const foreign = await harness.http().post('/devices/answers').send(other.answer(payload, { pin_proof: other.pinProof(person.civil_number) })).expect(400);
    expect(foreign.body.code).toBe('answer-invalid');
    // …or re-encodes it under its own serial, keeping the challenge's id.
    const relabelled = encodeChallenge({ ...decodeChallenge(payload), device: other.serial }).payload;
    expect((await harness.http().post('/devices/answers').send(other.answer(relabelled, { pin_proof: other.pinProof(person.civil_number) })).expect(400)).body.code).toBe('answer-invalid');

    const genuine = await harness.http().post('/devices/answers').send(owner.answer(payload, { pin_proof: owner.pinProof(person.civil_number) })).expect(200);
    expect(genuine.body).toMatchObject({ purpose: 'pin-check', device: owner.serial });
  });

  it('refuses a PIN made of six digits of the phone number on record, the national number included', async () => {
    const person = nextPerson();
    const device = new TestDevice();
    const { token } = await harness.journeyTo(person, 'pin', device);
    const auth = { authorization: `Bearer ${token}` };
    const digits = person.phone_number.replace(/\D/g, '');
    const national = digits.slice(3); // +968 and eight digits
    expect(national).toHaveLength(8);
    for (const pin of [national.slice(0, 6), national.slice(1, 7), digits.slice(2, 8)]) {
      const refused = await harness.http().post('/enrolment/journeys/current/pin').set(auth).send({ pin_proof: device.pinProof(person.civil_number, pin) });
      expect({ pin, status: refused.status, code: refused.body.code }).toEqual({ pin, status: 422, code: 'pin-trivial' });
    }
  });
});
