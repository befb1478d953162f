import { HttpCivilRegistry, HttpFaceMatcher, HttpSmsGateway, IntegrationError } from '@theqa/integrations';
import { impostorSelfieFor, selfieOf } from '../face/selfies';
import { SyntheticCivilRegistry } from '../registry/synthetic-civil-registry';
import { TEST_PERSONS } from '../registry/test-persons';
import { InMemorySmsOutbox } from '../sms/in-memory-sms-outbox';
import { startStandInServices, type StandInServices } from './stand-in-services';

// The production adapters end to end against the stand-ins behind the same wire contract.
const TOKEN = 'stand-in-token';
const FAST = { token: TOKEN, timeoutMs: 2000, retries: 1, backoffMs: 5 };

describe('the stand-in services with the production HTTP adapters', () => {
  const synthetic = new SyntheticCivilRegistry({ referenceDate: '2026-01-01' });
  const outbox = new InMemorySmsOutbox();
  let services: StandInServices;
  let registry: HttpCivilRegistry;
  let faces: HttpFaceMatcher;
  let sms: HttpSmsGateway;

  beforeAll(async () => {
    services = await startStandInServices({ token: TOKEN, registry: synthetic, outbox });
    registry = new HttpCivilRegistry({ ...FAST, baseUrl: services.urls.civilRegistry });
    faces = new HttpFaceMatcher({ ...FAST, baseUrl: services.urls.faceMatcher });
    sms = new HttpSmsGateway({ ...FAST, baseUrl: services.urls.sms });
  });
  afterAll(() => services.close());

  it('serves every synthetic person’s record as the registry holds it, and no one else', async () => {
    for (const person of synthetic.listPersons().slice(0, 12)) {
      await expect(registry.findPerson(person.civil_number)).resolves.toEqual(person);
    }
    await expect(registry.findPerson(TEST_PERSONS.deceased)).resolves.toMatchObject({ card_status: 'cancelled', date_of_death: expect.stringMatching(/^\d{4}-/) });
    await expect(registry.findPerson('99999999')).resolves.toBeUndefined();
  });

  it('answers card status: valid, expired, cancelled, and unknown for a serial not issued', async () => {
    for (const role of ['demo', 'expiredCard', 'cancelledCard'] as const) {
      const person = (await synthetic.findPerson(TEST_PERSONS[role]))!;
      await expect(registry.cardStatus(person.civil_number, person.card_serial_number)).resolves.toEqual(await synthetic.cardStatus(person.civil_number, person.card_serial_number));
    }
    await expect(registry.cardStatus(TEST_PERSONS.demo, 'ZZ0000000')).resolves.toMatchObject({ status: 'unknown', cardExpiryDate: null });
    await expect(registry.cardStatus('99999999', 'ZZ0000000')).resolves.toMatchObject({ status: 'unknown' });
  });

  it('serves the photo whose hash the record carries', async () => {
    const photo = await registry.photo(TEST_PERSONS.demo);
    const person = (await synthetic.findPerson(TEST_PERSONS.demo))!;
    expect(photo).toMatchObject({ mediaType: 'image/png', sha256: person.photo.sha256 });
    expect(photo!.bytes.equals(synthetic.photoBytes(TEST_PERSONS.demo)!)).toBe(true);
    await expect(registry.photo('99999999')).resolves.toBeUndefined();
  });

  it('matches the person’s own selfie, not an impostor’s, and names an unreadable image', async () => {
    const photo = (await registry.photo(TEST_PERSONS.doctor))!.bytes;
    await expect(faces.compare(photo, selfieOf(synthetic, TEST_PERSONS.doctor))).resolves.toMatchObject({ match: true, score: expect.any(Number) });
    await expect(faces.compare(photo, impostorSelfieFor(synthetic, TEST_PERSONS.doctor))).resolves.toMatchObject({ match: false });
    const unreadable = await faces.compare(photo, Buffer.from('not a png')).catch((e: unknown) => e);
    expect(unreadable).toBeInstanceOf(IntegrationError);
    expect(unreadable).toMatchObject({ code: 'image-unreadable', details: { image: 'selfie' } });
  });

  it('sends an SMS into the outbox, once per idempotency key however often it is repeated', async () => {
    const id = await sms.send({ to: '+96891000008', text: 'رمز التحقق: 271828', purpose: 'enrolment-otp' });
    await expect(outbox.latestFor('+96891000008')).resolves.toMatchObject({ id, text: 'رمز التحقق: 271828', purpose: 'enrolment-otp', encoding: 'ucs-2' });
    const repeat = (key: string, text: string) =>
      fetch(`${services.urls.sms}/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', 'idempotency-key': `"${key}"` },
        body: JSON.stringify({ to: '+96891000007', text, purpose: 'notice' }),
      });
    const first = await repeat('key-42', 'hello');
    const again = await repeat('key-42', 'hello');
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((await again.json()).id).toBe((await first.json()).id);
    await expect(outbox.list('+96891000007')).resolves.toHaveLength(1);
    const reused = await repeat('key-42', 'another text');
    expect(reused.status).toBe(422);
    expect((await reused.json()).type).toBe('urn:theqa:sms:idempotency-key-reused');
    const keyless = await fetch(`${services.urls.sms}/messages`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: '{}' });
    expect(keyless.status).toBe(400);
  });

  it('refuses what the real gateway refuses, as the adapter reports it', async () => {
    // The adapter checks first; a request that reached the server anyway is answered with a problem.
    const refused = await fetch(`${services.urls.sms}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', 'idempotency-key': 'k-1' },
      body: JSON.stringify({ to: '+447700900123', text: 'x', purpose: 'notice' }),
    });
    expect(refused.status).toBe(422);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    expect(await refused.json()).toMatchObject({ type: 'urn:theqa:sms:phone-number-invalid', status: 422 });
  });

  it('demands the token: a wrong one is rejected (401), never taken for an unknown person', async () => {
    const intruder = new HttpCivilRegistry({ ...FAST, token: 'wrong-token', baseUrl: services.urls.civilRegistry });
    await expect(intruder.findPerson(TEST_PERSONS.demo)).rejects.toMatchObject({ code: 'registry-rejected', details: { status: 401, problem: { type: 'urn:theqa:problem:unauthorized' } } });
    const lost = new HttpCivilRegistry({ ...FAST, baseUrl: services.urls.civilRegistry.replace('/civil-registry/v1', '/registry') });
    await expect(lost.findPerson(TEST_PERSONS.demo)).rejects.toMatchObject({ code: 'registry-rejected', details: { status: 404 } });
  });

  it('reads the Bearer scheme in any case (RFC 9110), the token exactly', async () => {
    const asked = (authorization: string) => fetch(`${services.urls.civilRegistry}/persons/${TEST_PERSONS.demo}`, { headers: { authorization } }).then((res) => res.status);
    expect(await asked(`bearer ${TOKEN}`)).toBe(200);
    expect(await asked(`BEARER ${TOKEN}`)).toBe(200);
    expect(await asked(`Bearer ${TOKEN.toUpperCase()}`)).toBe(401);
  });

  it('is unavailable once closed', async () => {
    const other = await startStandInServices();
    const url = other.urls.civilRegistry;
    await other.close();
    await expect(new HttpCivilRegistry({ ...FAST, baseUrl: url }).findPerson(TEST_PERSONS.demo)).rejects.toMatchObject({ code: 'registry-unavailable', retryable: true });
  });
});
