import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { buildDeviceKeyRequest, decodeQrPayload, pinProofMessage, toBase64url, toPem, upgradeScanSigningBytes, DEVICE_PROTOCOL_VERSION } from '@theqa/device-protocol';
import type { RegistryPerson } from '@theqa/integrations';
import { EnrolmentHarness, TestDevice } from '../enrolment/enrolment-harness';

/**
 * The renewal of a HIGH identity's signing key through the platform's routes and the composition
 * root's Upgrades, on the test run's database (PGlite, or PostgreSQL under tools/ci/with-postgres.sh):
 * a new device of a person already HIGH (no signing key) and a device whose certificate was revoked are
 * offered it, a device that signs is not; 100 completions sent at once record one key; the replaced
 * certificate is revoked. The CLI wallet's way through a PIN reset: signing-key-renewal-cli.e2e.spec.ts.
 */
describe('renewing the signing key of a HIGH identity', () => {
  const harness = new EnrolmentHarness({ poolSize: 12 });
  let persons: RegistryPerson[];
  const upgrades = () => harness.identity.upgrades;
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });
  const pinProof = (civilNumber: string) => createHash('sha256').update(pinProofMessage(civilNumber, '739104')).digest('base64url');
  const csrOf = async () => {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const spki = pair.publicKey.export({ type: 'spki', format: 'der' });
    return toPem('CERTIFICATE REQUEST', await buildDeviceKeyRequest(spki, (data) => sign('sha256', data, { key: pair.privateKey as KeyObject, dsaEncoding: 'ieee-p1363' })));
  };
  const signingCertificates = async (civilNumber: string) =>
    (await harness.database.dataSource.query(`SELECT serial_hex, status, revocation_reason FROM ca_certificate WHERE civil_number = $1 AND profile = 'qualified-signing'`, [civilNumber])) as Array<{
      serial_hex: string;
      status: string;
      revocation_reason: number | null;
    }>;
  const recordedKey = async (serial: string) => (await harness.database.dataSource.query(`SELECT certificate_serial FROM device_signing_key WHERE device = $1`, [serial]))[0]?.certificate_serial as string | undefined;

  /** Begun for the device (as the portal begins it) and walked by its wallet to the signing-key step. */
  const toSigningKey = async (person: RegistryPerson, device: TestDevice) => {
    const begun = await upgrades().begin({ civilNumber: person.civil_number, device: device.serial });
    const unsigned = { v: DEVICE_PROTOCOL_VERSION, request: decodeQrPayload(begun.qrPayload).request, device: device.serial } as const;
    const scan = { ...unsigned, signature: toBase64url(sign('sha256', upgradeScanSigningBytes(unsigned), { key: device.privateKey, dsaEncoding: 'ieee-p1363' })) };
    const token: string = (await harness.http().post('/identity/upgrades/claim').send(scan).expect(201)).body.journey_token;
    await harness.http().post('/identity/upgrades/current/face').set(auth(token)).send({ selfie: await harness.selfieOf(person.civil_number) }).expect(200);
    await harness.http().post('/identity/upgrades/current/otp').set(auth(token)).send({ code: await harness.latestCode(person.phone_number, 'upgrade-otp') }).expect(200);
    const atKey = await harness.http().post('/identity/upgrades/current/terms').set(auth(token)).send({ version: '2026-01' }).expect(200);
    return { begun, token, atKey: atKey.body };
  };
  const complete = (person: RegistryPerson, token: string, csr: string) => harness.http().post('/identity/upgrades/current/signing-key').set(auth(token)).send({ csr, pin_proof: pinProof(person.civil_number) });
  /** Registered and upgraded to HIGH on its first device. */
  const highPerson = async (person: RegistryPerson) => {
    const device = new TestDevice('739104');
    await harness.register(person, device);
    const { token } = await toSigningKey(person, device);
    const done = await complete(person, token, await csrOf()).expect(201);
    return { device, certificate: done.body.certificate_serial as string };
  };

  beforeAll(async () => {
    await harness.open();
    persons = harness.persons(); // ordinary persons 48 and 49 are this suite's
  }, 120_000);
  afterAll(() => harness.close());

  it('a new device of a person already HIGH is offered the renewal, the device that signs is not; 100 completions at once record one key', async () => {
    const person = persons[48];
    const { device: first, certificate: firstCertificate } = await highPerson(person);
    const second = new TestDevice('739104');
    await harness.register(person, second);

    const states = Object.fromEntries((await upgrades().deviceSigningKeys(person.civil_number)).map((s) => [s.device.serial, s.signingKey]));
    expect(states).toEqual({ [first.serial]: 'usable', [second.serial]: 'missing' });
    await expect(upgrades().begin({ civilNumber: person.civil_number, device: first.serial })).rejects.toMatchObject({ code: 'already-high' });

    const { begun, token, atKey } = await toSigningKey(person, second);
    expect(begun.renewal).toBe(true);
    expect(atKey).toMatchObject({ step: 'signing-key', purpose: 'renewal' });
    const csr = await csrOf();
    const answers = await Promise.all(Array.from({ length: 100 }, () => complete(person, token, csr)));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    const winner = answers.find((a) => a.status === 201)!.body;
    expect(winner).toMatchObject({ step: 'done', assurance: 'high', purpose: 'renewal' });

    expect(await recordedKey(second.serial)).toBe(winner.certificate_serial);
    expect(await recordedKey(first.serial)).toBe(firstCertificate);
    // Of the certificates issued in the race, only the recorded one stands.
    const certificates = await signingCertificates(person.civil_number);
    const standing = certificates.filter((c) => c.status === 'good').map((c) => c.serial_hex).sort();
    expect(standing).toEqual([firstCertificate, winner.certificate_serial].sort());
    // One renewal in the audit log (the race's other certificates fill the activity with their issue and revocation).
    const renewed = await harness.database.dataSource.query(`SELECT details FROM audit_log WHERE action = 'signing-key.renewed' AND details LIKE $1`, [`%${second.serial}%`]);
    expect(renewed).toHaveLength(1);
    expect(renewed[0].details).toContain(winner.certificate_serial);
    expect((await harness.database.dataSource.query(`SELECT assurance FROM identity WHERE civil_number = $1`, [person.civil_number]))[0].assurance).toBe('high');
  }, 180_000);

  it('a device whose signing certificate was revoked is offered the renewal; the new key replaces the old on that device', async () => {
    const person = persons[49];
    const { device, certificate: old } = await highPerson(person);
    await harness.ca.revocation.revoke({ serialHex: old, reason: 'keyCompromise', actor: 'test' });
    expect(await upgrades().deviceSigningKeys(person.civil_number)).toEqual([expect.objectContaining({ signingKey: 'unusable' })]);
    const { begun, token } = await toSigningKey(person, device);
    expect(begun.renewal).toBe(true);
    const done = await complete(person, token, await csrOf()).expect(201);
    expect(await recordedKey(device.serial)).toBe(done.body.certificate_serial);
    expect(await upgrades().deviceSigningKeys(person.civil_number)).toEqual([expect.objectContaining({ signingKey: 'usable' })]);
    const certificates = Object.fromEntries((await signingCertificates(person.civil_number)).map((c) => [c.serial_hex, [c.status, c.revocation_reason]]));
    // Revoked as it was (keyCompromise, 1), not again; the new one good.
    expect(certificates).toEqual({ [old]: ['revoked', 1], [done.body.certificate_serial]: ['good', null] });
    const [renewed] = (await harness.identity.activity.list(person.civil_number, { limit: 5 })).filter((e) => e.event === 'signing-key.renewed');
    expect(renewed.details).toMatchObject({ replaced: old, replaced_revoked: true });
  }, 120_000);
});
