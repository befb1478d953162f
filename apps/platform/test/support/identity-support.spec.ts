import { randomBytes, sign } from 'node:crypto';
import * as pkijs from 'pkijs';
import { answerSigningBytes, DEVICE_PROTOCOL_VERSION, loginScanSigningBytes, toBase64url, type DeviceAnswer } from '@theqa/device-protocol';
import type { Gateway } from '@theqa/gateway';
import { IdentityError, type IdentitySupport } from '@theqa/identity';
import type { RegistryPerson } from '@theqa/integrations';
import type { LoginSubject } from '@theqa/login';
import { EnrolmentHarness, TestDevice } from '../enrolment/enrolment-harness';

/**
 * The support desk's actions on real identities, through the composition root's services: the
 * gateway's login service (QR scan, the device's answer), the CA's ledger, revocation and OCSP.
 * Registry persons: ordinary 95–99 (this suite).
 */
describe('identity support (suspend, restore, require a PIN reset)', () => {
  const harness = new EnrolmentHarness({ poolSize: 8 });
  let support: IdentitySupport;
  let gateway: Gateway;
  let people: RegistryPerson[];
  const admin = 'admin:90000001';

  beforeAll(async () => {
    await harness.open();
    support = await harness.services.identitySupport();
    gateway = await harness.services.gateway();
    people = harness.persons();
  }, 180_000);
  afterAll(() => harness.close());

  const subject: LoginSubject = {
    clientId: 'support-suite-rp',
    relyingParty: { ar: 'خدمة الاختبار', en: 'Test service' },
    claims: ['civil_number'],
    purpose: { ar: 'اختبار', en: 'Testing' },
    acr: 'medium',
  };

  /** A QR login up to the device's challenge: the request made, the code shown, the device's scan. */
  async function scanned(device: TestDevice) {
    const request = await gateway.logins.startQr(subject, randomBytes(12).toString('base64url'));
    const unsigned = { v: DEVICE_PROTOCOL_VERSION, request: request.id, device: device.serial } as const;
    const signature = toBase64url(sign('sha256', loginScanSigningBytes(unsigned), { key: device.privateKey, dsaEncoding: 'ieee-p1363' }));
    const { payload } = await gateway.logins.scan({ ...unsigned, signature });
    return { request, payload };
  }

  function approval(device: TestDevice, civilNumber: string, payload: string, code: string): DeviceAnswer {
    const unsigned = { v: DEVICE_PROTOCOL_VERSION, challenge: payload, device: device.serial, decision: 'approve', pin_proof: device.pinProof(civilNumber), code } as const;
    return { ...unsigned, signature: toBase64url(sign('sha256', answerSigningBytes(unsigned), { key: device.privateKey, dsaEncoding: 'ieee-p1363' })) };
  }

  async function login(device: TestDevice, civilNumber: string) {
    const { request, payload } = await scanned(device);
    return gateway.logins.answer(approval(device, civilNumber, payload, request.code as string));
  }

  const failure = (work: Promise<unknown>) => work.then(() => undefined, (error: unknown) => error as { code?: string; details?: Record<string, unknown> });

  /** What OCSP says of a certificate now: good, revoked or on hold (revoked with reason certificateHold). */
  async function ocsp(serialHex: string): Promise<'good' | 'revoked' | 'on-hold'> {
    const record = await harness.ca.ledger.find(serialHex);
    const issuer = harness.ca.authorities.get(record!.issuer).certificateDer;
    const request = new pkijs.OCSPRequest();
    await request.createForCertificate(pkijs.Certificate.fromBER(new Uint8Array(record!.der!)), { hashAlgorithm: 'SHA-1', issuerCertificate: pkijs.Certificate.fromBER(new Uint8Array(issuer)) });
    const response = pkijs.OCSPResponse.fromBER(new Uint8Array(await harness.ca.ocsp.respond(Buffer.from(request.toSchema(true).toBER()))));
    const basic = pkijs.BasicOCSPResponse.fromBER(response.responseBytes!.response.valueBlock.valueHex);
    const status = basic.tbsResponseData.responses[0].certStatus as { idBlock: { tagNumber: number }; valueBlock: { value: Array<{ idBlock: { tagNumber: number }; valueBlock: { value: Array<{ valueBlock: { valueDec: number } }> } }> } };
    if (status.idBlock.tagNumber === 0) return 'good';
    const reason = status.valueBlock.value.find((v) => v.idBlock.tagNumber === 0);
    return reason?.valueBlock.value[0]?.valueBlock.valueDec === 6 ? 'on-hold' : 'revoked';
  }

  const auditCount = async (action: string, subject: string) => {
    await harness.services.audit.flush();
    const [row] = await harness.database.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = $1 AND subject = $2`, [action, subject]);
    return Number(row.n);
  };

  it('suspend: logins refused through the gateway, grants and portal sessions ended, good certificates held (OCSP: on hold); restore releases only those', async () => {
    const person = people[95];
    const civil = person.civil_number;
    const phone = new TestDevice();
    const tablet = new TestDevice('582047');
    const first = await harness.register(person, phone);
    const second = await harness.register(person, tablet);
    const phoneCertificate = (await harness.identity.identities.device(first.device.serial))!.certificateSerial;
    const tabletCertificate = (await harness.identity.identities.device(second.device.serial))!.certificateSerial;
    expect(await login(phone, civil)).toMatchObject({ status: 'approved' });

    // A CA officer held the tablet's certificate for a reason of their own: the suspension must not take it over.
    await harness.ca.revocation.hold({ serialHex: tabletCertificate, actor: 'admin:ca-officer', comment: 'investigation' });
    // A grant at a relying party with a token, and a portal session of the phone: both must end.
    await harness.database.dataSource.query(
      `INSERT INTO oidc_model (kind, id, payload, grant_id, expires_at) VALUES ('Grant', $1, $2, NULL, now() + interval '1 hour'), ('AccessToken', $3, '{}', $1, now() + interval '1 hour')`,
      [`grant-${civil}`, JSON.stringify({ accountId: civil, clientId: subject.clientId }), `token-${civil}`],
    );
    await harness.database.dataSource.query(
      `INSERT INTO portal_session (id_sha256, civil_number, device, acr, csrf_token, expires_at) VALUES ($1, $2, $3, 'medium', $4, now() + interval '1 hour')`,
      [randomBytes(32), civil, phone.serial, randomBytes(32).toString('base64url')],
    );
    // …and a portal session opened with the ID card (no device): it must end too.
    await harness.database.dataSource.query(
      `INSERT INTO portal_session (id_sha256, civil_number, device, acr, csrf_token, expires_at) VALUES ($1, $2, NULL, 'high', $3, now() + interval '1 hour')`,
      [randomBytes(32), civil, randomBytes(32).toString('base64url')],
    );
    // A login the phone had scanned before the suspension and approves after it.
    const underWay = await scanned(phone);

    const suspended = await support.suspend(civil, { reason: 'Reported stolen identity card', actor: admin });
    expect(suspended).toMatchObject({ changed: true, heldCertificates: [phoneCertificate], failedCertificates: [], grantsEnded: 1, sessionsEnded: 2 });
    const [{ n: sessionsLeft }] = await harness.database.dataSource.query(`SELECT count(*)::int AS n FROM portal_session WHERE civil_number = $1`, [civil]);
    expect(Number(sessionsLeft)).toBe(0);
    expect(await ocsp(phoneCertificate)).toBe('on-hold');
    expect(await ocsp(tabletCertificate)).toBe('on-hold');
    const [{ n: left }] = await harness.database.dataSource.query(`SELECT count(*)::int AS n FROM oidc_model WHERE id IN ($1, $2)`, [`grant-${civil}`, `token-${civil}`]);
    expect(Number(left)).toBe(0);

    // Logins refused: the approval under way is denied, a new scan is refused, a push reaches no device.
    expect(await gateway.logins.answer(approval(phone, civil, underWay.payload, underWay.request.code as string))).toMatchObject({ status: 'denied', denial: 'identity-suspended' });
    expect(await failure(scanned(phone))).toMatchObject({ name: 'IdentityError', code: 'identity-suspended' });
    await gateway.logins.startPush(subject, randomBytes(12).toString('base64url'), civil, 'support-suite-browser');
    const [pushed] = await harness.identity.activity.list(civil, { limit: 1 });
    expect(pushed).toMatchObject({ event: 'login.push-sent', details: { devices: 0 } });
    expect((await (await harness.services.signing()).requests.signerProblem(civil))?.code).toBe('signer-unknown');
    // The upgrade refuses it too.
    expect(await failure(harness.identity.upgrades.begin({ civilNumber: civil, device: phone.serial }))).toMatchObject({ code: 'identity-suspended' });

    const looked = await support.lookUp(civil);
    expect(looked).toMatchObject({
      identity: { status: 'suspended', assurance: 'medium', suspension: { reason: 'Reported stolen identity card', suspendedBy: admin, heldCertificates: [phoneCertificate] } },
      pin: { state: 'ok', failures: 0, attemptsLeft: 3 },
    });
    expect(looked!.devices.map((d) => d.serial).sort()).toEqual([phone.serial, tablet.serial].sort());
    const certificate = (serial: string) => looked!.certificates.find((c) => c.serialHex === serial);
    expect(certificate(phoneCertificate)).toMatchObject({ status: 'on-hold', profile: 'device-authentication', heldBySuspension: true, device: phone.serial, revocationReason: 'certificateHold' });
    expect(certificate(tabletCertificate)).toMatchObject({ status: 'on-hold', heldBySuspension: false, device: tablet.serial });
    expect(looked!.events.find((e) => e.event === 'identity.suspended')?.description.title).toEqual({ ar: 'أُوقفت الهوية الرقمية', en: 'Digital identity suspended' });

    const restored = await support.restore(civil, { actor: admin, reason: 'card found' });
    expect(restored).toMatchObject({ changed: true, releasedCertificates: [phoneCertificate], failedCertificates: [] });
    expect(await ocsp(phoneCertificate)).toBe('good');
    expect(await ocsp(tabletCertificate)).toBe('on-hold');
    expect(await login(phone, civil)).toMatchObject({ status: 'approved' });
    expect(await support.restore(civil, { actor: admin })).toMatchObject({ changed: false, releasedCertificates: [] });
    expect(await auditCount('identity.suspended', civil)).toBe(1);
    expect(await auditCount('identity.restored', civil)).toBe(1);
    const [entry] = await harness.identity.activity.list(civil, { limit: 5 }).then((all) => all.filter((e) => e.event === 'identity.restored'));
    expect(entry).toMatchObject({ details: { released_certificates: [phoneCertificate], reason: 'card found' } });
  }, 120_000);

  it('100 suspends at once: one suspension, each certificate held once; 100 restores: released once', async () => {
    const person = people[96];
    const civil = person.civil_number;
    const device = new TestDevice();
    await harness.register(person, device);
    const serial = (await harness.identity.identities.device(device.serial))!.certificateSerial;

    const suspends = await Promise.all(Array.from({ length: 100 }, () => support.suspend(civil, { reason: 'fraud investigation', actor: admin })));
    expect(suspends.filter((s) => s.changed)).toHaveLength(1);
    expect(suspends.flatMap((s) => s.heldCertificates)).toEqual([serial]);
    const rows = await harness.database.dataSource.query(`SELECT held_certificates FROM identity_suspension WHERE civil_number = $1`, [civil]);
    expect(rows).toHaveLength(1);
    expect(await auditCount('certificate.held', serial)).toBe(1);
    expect(await ocsp(serial)).toBe('on-hold');

    const restores = await Promise.all(Array.from({ length: 100 }, () => support.restore(civil, { actor: admin })));
    expect(restores.filter((r) => r.changed)).toHaveLength(1);
    expect(restores.flatMap((r) => r.releasedCertificates)).toEqual([serial]);
    expect(await auditCount('certificate.released', serial)).toBe(1);
    expect(await ocsp(serial)).toBe('good');
  }, 120_000);

  it('require a PIN reset: login refused with the reason until the reset (face match, SMS code), then it works', async () => {
    const person = people[97];
    const civil = person.civil_number;
    const device = new TestDevice();
    await harness.register(person, device);

    expect(await support.requirePinReset(civil, { reason: 'Person called: PIN seen by someone', actor: admin })).toMatchObject({ changed: true, pin: { state: 'reset-required', attemptsLeft: 0 } });
    expect(await support.requirePinReset(civil, { reason: 'again', actor: admin })).toMatchObject({ changed: false });
    expect((await support.lookUp(civil))?.pin.state).toBe('reset-required');

    const { request, payload } = await scanned(device);
    const refused = await failure(gateway.logins.answer(approval(device, civil, payload, request.code as string)));
    expect(refused).toBeInstanceOf(IdentityError);
    expect(refused).toMatchObject({ code: 'pin-blocked', details: { reason: 'reset-required' } });
    expect(await gateway.logins.find(request.id)).toMatchObject({ status: 'denied', denial: 'pin-blocked' });

    const started = await harness.http().post('/enrolment/pin-reset').send({ civil_number: civil, device: device.serial }).expect(201);
    const auth = { authorization: `Bearer ${started.body.journey_token}` };
    await harness.http().post('/enrolment/pin-reset/current/face').set(auth).send({ selfie: await harness.selfieOf(civil) }).expect(200);
    await harness.http().post('/enrolment/pin-reset/current/otp').set(auth).send({ code: await harness.latestCode(person.phone_number, 'pin-reset-otp') }).expect(200);
    device.pin = '604718';
    await harness.http().post('/enrolment/pin-reset/current/pin').set(auth).send({ pin_proof: device.pinProof(civil) }).expect(200);

    expect((await support.lookUp(civil))?.pin).toEqual({ state: 'ok', failures: 0, attemptsLeft: 3 });
    expect(await login(device, civil)).toMatchObject({ status: 'approved' });
    expect(await auditCount('pin.reset-required', civil)).toBe(1);
  }, 120_000);

  it('refuses what is not a request: a malformed civil number, no reason, nobody', async () => {
    expect(await failure(support.suspend('12ab', { reason: 'x', actor: admin }))).toMatchObject({ code: 'request-invalid' });
    expect(await failure(support.suspend(people[98].civil_number, { reason: '  ', actor: admin }))).toMatchObject({ code: 'request-invalid', details: { field: 'reason' } });
    expect(await failure(support.suspend(people[98].civil_number, { reason: 'x'.repeat(501), actor: admin }))).toMatchObject({ code: 'request-invalid' });
    // Person 98 has no digital identity.
    expect(await failure(support.suspend(people[98].civil_number, { reason: 'x', actor: admin }))).toMatchObject({ code: 'identity-unknown' });
    expect(await failure(support.requirePinReset(people[98].civil_number, { reason: 'x', actor: admin }))).toMatchObject({ code: 'identity-unknown' });
    expect(await support.lookUp(people[98].civil_number)).toBeUndefined();
  });
});
