import { sign } from 'node:crypto';
import { decodeQrPayload, loginScanSigningBytes, toBase64url, upgradeScanSigningBytes, DEVICE_PROTOCOL_VERSION } from '@theqa/device-protocol';
import { IDENTITY_ERRORS, IdentityError, Upgrades, UPGRADE_ELIGIBILITY } from '../src';
import { csrOf, pinProofOf, UpgradeWorld, type TestKeys } from './in-memory-identity';

/**
 * The upgrade's rules on their own (ports in memory, a clock the test moves): who may begin, in which
 * order the checks refuse, what lapses when, the steps' order, and what happens to a certificate whose
 * upgrade could not be recorded. The same journey over HTTP and PostgreSQL: apps/platform/test/upgrade.
 */
describe('Upgrades', () => {
  let world: UpgradeWorld;
  let upgrades: Upgrades;
  const refusal = (work: Promise<unknown>) => work.then(() => undefined, (error: unknown) => error as IdentityError);
  const photo = (civilNumber: string) => Buffer.from(`photo of ${civilNumber}`).toString('base64');
  const scan = (device: TestKeys, qrPayload: string, bytes = upgradeScanSigningBytes) => {
    const unsigned = { v: DEVICE_PROTOCOL_VERSION, request: decodeQrPayload(qrPayload).request, device: device.serial } as const;
    return { ...unsigned, signature: toBase64url(sign('sha256', bytes(unsigned), { key: device.privateKey, dsaEncoding: 'ieee-p1363' })) };
  };
  /** Begun and claimed; walked through `steps` of face, otp, terms. */
  const walk = async (civilNumber: string, device: TestKeys, steps = 0) => {
    const begun = await upgrades.begin({ civilNumber, device: device.serial });
    const token = (await upgrades.claim(scan(device, begun.qrPayload))).journey_token!;
    const run = [
      () => upgrades.face(token, { selfie: photo(civilNumber) }),
      () => upgrades.code(token, { code: world.lastCode(world.persons.get(civilNumber)!.phone_number) }),
      () => upgrades.terms(token, { version: '2026-01' }),
    ];
    for (const step of run.slice(0, steps)) await step();
    return { begun, token };
  };

  beforeEach(() => {
    world = new UpgradeWorld();
    upgrades = new Upgrades(world.dependencies());
  });

  describe('begin: who may upgrade, the checks in their order', () => {
    it('names its checks in the order they run', () => {
      expect(UPGRADE_ELIGIBILITY.map(([name]) => name)).toEqual(['identity_exists', 'identity_active', 'device_is_theirs', 'signing_key_needed', 'may_hold_identity']);
    });

    it('refuses, first failing check first', async () => {
      const { device } = await world.person('30000001');
      const { device: high } = await world.person('30000002', {}, 'high');
      await world.person('30000003', { date_of_death: '2026-02-01' });
      const { device: expired } = await world.person('30000004', { card_expiry_date: '2026-02-28' });
      const { device: cancelled } = await world.person('30000005', { card_status: 'cancelled' });
      world.identities.get('30000003')!.status = 'suspended';
      expect(await refusal(upgrades.begin({ civilNumber: '39999999', device: device.serial }))).toMatchObject({ code: 'identity-unknown' });
      expect(await refusal(upgrades.begin({ civilNumber: '30000003', device: device.serial }))).toMatchObject({ code: 'identity-suspended' });
      // A HIGH identity renews only a device of its own whose signing key is not usable: another's
      // device is not theirs, and theirs with a good key has nothing to renew.
      world.giveSigningKey(high.serial);
      expect(await refusal(upgrades.begin({ civilNumber: '30000002', device: device.serial }))).toMatchObject({ code: 'device-not-yours' });
      expect(await refusal(upgrades.begin({ civilNumber: '30000002', device: high.serial }))).toMatchObject({ code: 'already-high' });
      expect(await refusal(upgrades.begin({ civilNumber: '30000001', device: high.serial }))).toMatchObject({ code: 'device-not-yours' });
      world.identities.get('30000003')!.status = 'active';
      const dead = await world.device('30000003');
      expect(await refusal(upgrades.begin({ civilNumber: '30000003', device: dead.serial }))).toMatchObject({ code: 'person-deceased' });
      expect(await refusal(upgrades.begin({ civilNumber: '30000004', device: expired.serial }))).toMatchObject({ code: 'card-not-valid', details: { card_status: 'expired' } });
      expect(await refusal(upgrades.begin({ civilNumber: '30000005', device: cancelled.serial }))).toMatchObject({ code: 'card-not-valid', details: { card_status: 'cancelled' } });
      expect(world.events.map((e) => e.action)).not.toContain('upgrade.started');
      for (const code of ['already-high', 'device-not-yours', 'card-not-valid', 'person-deceased', 'identity-suspended'] as const) {
        expect({ code, next: IDENTITY_ERRORS[code].next }).toEqual({ code, next: { ar: expect.stringMatching(/[\u0600-\u06FF]/), en: expect.any(String) } });
      }
    });
  });

  describe('what lapses', () => {
    it('a QR code after two minutes: its scan is refused, and begin gives a new one for the same journey', async () => {
      const { device } = await world.person('30000011');
      const begun = await upgrades.begin({ civilNumber: '30000011', device: device.serial });
      expect(begun.expiresAt).toEqual(new Date(world.now.getTime() + 120_000));
      // The portal's page, reloading itself, is shown the same code (not a renewed one) until it lapses.
      world.later(119);
      expect((await upgrades.status(begun.journeyId, '30000011')).qr).toEqual({ payload: begun.qrPayload, expiresAt: begun.expiresAt });
      world.later(2);
      expect(await upgrades.status(begun.journeyId, '30000011')).toMatchObject({ status: 'open', step: 'scan' });
      expect((await upgrades.status(begun.journeyId, '30000011')).qr).toBeUndefined();
      expect(await refusal(upgrades.claim(scan(device, begun.qrPayload)))).toMatchObject({ code: 'upgrade-code-expired' });
      const renewed = await upgrades.begin({ civilNumber: '30000011', device: device.serial });
      expect(renewed).toMatchObject({ journeyId: begun.journeyId, resumed: true, step: 'scan' });
      expect((await upgrades.status(begun.journeyId, '30000011')).qr?.payload).toBe(renewed.qrPayload);
      expect((await upgrades.claim(scan(device, renewed.qrPayload))).step).toBe('face');
      // Scanned, there is no code to show any more.
      expect((await upgrades.status(begun.journeyId, '30000011')).qr).toBeUndefined();
    });

    it('a step after ten minutes: the upgrade fails as step-expired, the status says to start again, and begin starts a new one', async () => {
      const { device } = await world.person('30000012');
      const { begun, token } = await walk('30000012', device);
      world.later(10 * 60 + 1);
      expect(await refusal(upgrades.face(token, { selfie: photo('30000012') }))).toMatchObject({ code: 'step-expired' });
      const status = await upgrades.status(begun.journeyId, '30000012');
      expect(status).toMatchObject({ status: 'failed', failure: 'step-expired', next: { en: expect.stringContaining('Start the upgrade again') } });
      expect(world.eventsOf('30000012')).toContain('upgrade.failed');
      const again = await upgrades.begin({ civilNumber: '30000012', device: device.serial });
      expect(again.resumed).toBe(false);
      expect(again.journeyId).not.toBe(begun.journeyId);
    });

    it('a whole upgrade after thirty minutes, however often its code was renewed: the portal’s status closes it', async () => {
      const { device } = await world.person('30000013');
      const begun = await upgrades.begin({ civilNumber: '30000013', device: device.serial });
      for (let minute = 0; minute < 29; minute += 2) {
        world.later(119);
        await upgrades.begin({ civilNumber: '30000013', device: device.serial });
      }
      world.later(60 * 2);
      expect(await upgrades.status(begun.journeyId, '30000013')).toMatchObject({ status: 'failed', failure: 'journey-expired' });
    });
  });

  it('each step in its turn; the terms come after the code; the result is HIGH with a certificate for the key the device made', async () => {
    const { person, device } = await world.person('30000021');
    const { begun, token } = await walk('30000021', device);
    expect(await refusal(upgrades.code(token, { code: '123456' }))).toMatchObject({ code: 'step-out-of-order', details: { expected_step: 'face' } });
    expect(await refusal(upgrades.signingKey(token, { csr: await csrOf(), pin_proof: pinProofOf('30000021') }))).toMatchObject({ code: 'step-out-of-order' });
    expect((await upgrades.face(token, { selfie: photo('30000021') })).step).toBe('otp');
    expect(world.sms.at(-1)).toMatchObject({ to: person.phone_number, purpose: 'upgrade-otp' });
    expect(await refusal(upgrades.terms(token, { version: '2026-01' }))).toMatchObject({ code: 'step-out-of-order' });
    const terms = await upgrades.code(token, { code: world.lastCode(person.phone_number) });
    expect(terms).toMatchObject({ step: 'terms', terms: { version: '2026-01' } });
    expect((await upgrades.terms(token, { version: '2026-01' })).step).toBe('signing-key');
    const done = await upgrades.signingKey(token, { csr: await csrOf(), pin_proof: pinProofOf('30000021') });
    expect(done).toMatchObject({ step: 'done', assurance: 'high', certificate_serial: world.issued[0] });
    expect(world.identities.get('30000021')!.assurance).toBe('high');
    expect(world.signingKeys).toEqual([expect.objectContaining({ device: device.serial, certificateSerial: world.issued[0] })]);
    expect(world.eventsOf('30000021')).toEqual(['upgrade.started', 'upgrade.claimed', 'upgrade.completed']);
    expect(await upgrades.status(begun.journeyId, '30000021')).toMatchObject({ status: 'completed', next: { ar: expect.stringContaining('طلبات التوقيع') } });
  });

  it('the scan is signed for the upgrade: a login scan’s signature over the same fields does not claim it', async () => {
    const { device } = await world.person('30000031');
    const begun = await upgrades.begin({ civilNumber: '30000031', device: device.serial });
    expect(await refusal(upgrades.claim(scan(device, begun.qrPayload, loginScanSigningBytes)))).toMatchObject({ code: 'device-signature-invalid' });
    expect((await upgrades.claim(scan(device, begun.qrPayload))).step).toBe('face');
  });

  it('a certificate whose upgrade could not be recorded is revoked, and the identity stays MEDIUM', async () => {
    const { device } = await world.person('30000041');
    const { token } = await walk('30000041', device, 3);
    world.failNextCompletion = new IdentityError('journey-busy', 'another request changed this journey');
    expect(await refusal(upgrades.signingKey(token, { csr: await csrOf(), pin_proof: pinProofOf('30000041') }))).toMatchObject({ code: 'journey-busy' });
    expect(world.revoked).toEqual(world.issued);
    expect(world.revoked).toHaveLength(1);
    expect(world.identities.get('30000041')!.assurance).toBe('medium');
  });

  it('a device removed during the upgrade ends it; no certificate is issued', async () => {
    const { device } = await world.person('30000051');
    const { begun, token } = await walk('30000051', device, 3);
    world.devices.get(device.serial)!.status = 'revoked';
    expect(await refusal(upgrades.signingKey(token, { csr: await csrOf(), pin_proof: pinProofOf('30000051') }))).toMatchObject({ code: 'device-revoked' });
    expect(world.issued).toEqual([]);
    expect(await upgrades.status(begun.journeyId, '30000051')).toMatchObject({ status: 'failed', failure: 'device-revoked', next: { en: expect.stringContaining('Pick another') } });
  });

  it('three wrong PINs block the PIN and end the upgrade; the way out is a PIN reset', async () => {
    const { device } = await world.person('30000061');
    const { begun, token } = await walk('30000061', device, 3);
    const csr = await csrOf();
    const wrong = () => upgrades.signingKey(token, { csr, pin_proof: pinProofOf('30000061', '905173') });
    expect(await refusal(wrong())).toMatchObject({ code: 'pin-wrong', details: { attempts_left: 2 } });
    expect(await refusal(wrong())).toMatchObject({ code: 'pin-wrong', details: { attempts_left: 1 } });
    expect(await refusal(wrong())).toMatchObject({ code: 'pin-blocked' });
    expect(world.eventsOf('30000061')).toEqual(expect.arrayContaining(['pin.wrong', 'pin.blocked', 'upgrade.failed']));
    expect(await upgrades.status(begun.journeyId, '30000061')).toMatchObject({ status: 'failed', failure: 'pin-blocked', next: { en: expect.stringContaining('Reset your PIN') } });
    expect(world.issued).toEqual([]);
  });
});

/**
 * A HIGH identity's device without a usable signing key (none recorded, or its certificate revoked or
 * expired) renews it through the same journey; a device whose key is good is not offered.
 */
describe('Upgrades: renewing the signing key of a HIGH identity', () => {
  let world: UpgradeWorld;
  let upgrades: Upgrades;
  const refusal = (work: Promise<unknown>) => work.then(() => undefined, (error: unknown) => error as IdentityError);
  const photo = (civilNumber: string) => Buffer.from(`photo of ${civilNumber}`).toString('base64');
  const scan = (device: TestKeys, qrPayload: string) => {
    const unsigned = { v: DEVICE_PROTOCOL_VERSION, request: decodeQrPayload(qrPayload).request, device: device.serial } as const;
    return { ...unsigned, signature: toBase64url(sign('sha256', upgradeScanSigningBytes(unsigned), { key: device.privateKey, dsaEncoding: 'ieee-p1363' })) };
  };
  const toSigningKeyStep = async (civilNumber: string, device: TestKeys) => {
    const begun = await upgrades.begin({ civilNumber, device: device.serial });
    const token = (await upgrades.claim(scan(device, begun.qrPayload))).journey_token!;
    await upgrades.face(token, { selfie: photo(civilNumber) });
    await upgrades.code(token, { code: world.lastCode(world.persons.get(civilNumber)!.phone_number) });
    const atKey = await upgrades.terms(token, { version: '2026-01' });
    return { begun, token, atKey };
  };

  beforeEach(() => {
    world = new UpgradeWorld();
    upgrades = new Upgrades(world.dependencies());
  });

  it('says which devices have a usable signing key: good is usable; none, revoked or expired is not', async () => {
    const { device: good } = await world.person('30000101', {}, 'high');
    const none = await world.device('30000101');
    const revoked = await world.device('30000101');
    const expired = await world.device('30000101');
    const removed = await world.device('30000101');
    world.giveSigningKey(good.serial);
    world.revoked.push(world.giveSigningKey(revoked.serial));
    world.expired.add(world.giveSigningKey(expired.serial));
    world.devices.get(removed.serial)!.status = 'revoked';
    const states = Object.fromEntries((await upgrades.deviceSigningKeys('30000101')).map((s) => [s.device.serial, s.signingKey]));
    expect(states).toEqual({ [good.serial]: 'usable', [none.serial]: 'missing', [revoked.serial]: 'unusable', [expired.serial]: 'unusable' });
    expect(await refusal(upgrades.begin({ civilNumber: '30000101', device: good.serial }))).toMatchObject({ code: 'already-high' });
    for (const device of [none, revoked, expired]) {
      const begun = await upgrades.begin({ civilNumber: '30000101', device: device.serial });
      expect(begun).toMatchObject({ renewal: true, device: device.serial, step: 'scan' });
      expect(await upgrades.status(begun.journeyId, '30000101')).toMatchObject({ renewal: true, status: 'open' });
    }
    expect(await refusal(upgrades.begin({ civilNumber: '30000101', device: removed.serial }))).toMatchObject({ code: 'device-not-yours' });
    // An upgrade confirmed while MEDIUM and sent once HIGH is refused, not taken as a renewal.
    expect(await refusal(upgrades.begin({ civilNumber: '30000101', device: none.serial, purpose: 'upgrade' }))).toMatchObject({ code: 'already-high' });
    expect(await upgrades.begin({ civilNumber: '30000101', device: none.serial, purpose: 'renewal' })).toMatchObject({ renewal: true });
  });

  it('the same steps; at the end the new key replaces the old for that device, whose certificate is revoked as superseded', async () => {
    const { device } = await world.person('30000111', {}, 'high');
    const old = world.giveSigningKey(device.serial);
    world.expired.add(old);
    const { begun, token, atKey } = await toSigningKeyStep('30000111', device);
    expect(atKey).toMatchObject({ step: 'signing-key', purpose: 'renewal' });
    const done = await upgrades.signingKey(token, { csr: await csrOf(), pin_proof: pinProofOf('30000111') });
    expect(done).toMatchObject({ step: 'done', assurance: 'high', purpose: 'renewal', certificate_serial: world.issued.at(-1) });
    expect(world.recorded.get(device.serial)?.certificateSerial).toBe(done.certificate_serial);
    expect(world.revoked).toEqual([old]);
    expect(world.identities.get('30000111')!.assurance).toBe('high');
    expect(world.eventsOf('30000111')).toEqual(['upgrade.started', 'upgrade.claimed', 'signing-key.renewed']);
    expect(world.events.at(-1)).toMatchObject({ device: device.serial, details: { certificate: done.certificate_serial, replaced: old, replaced_revoked: true } });
    expect(world.events[0]).toMatchObject({ details: { renewal: true } });
    expect(await upgrades.status(begun.journeyId, '30000111')).toMatchObject({ status: 'completed', renewal: true, next: { en: expect.stringContaining('sign again') } });
    // Now usable: not offered again.
    expect(await refusal(upgrades.begin({ civilNumber: '30000111', device: device.serial }))).toMatchObject({ code: 'already-high' });
  });

  it('a MEDIUM identity’s upgrade is no renewal', async () => {
    const { device } = await world.person('30000121');
    const { atKey } = await toSigningKeyStep('30000121', device);
    expect(atKey.purpose).toBe('upgrade');
  });

  it('100 completions sent at once record one key; every other certificate issued on the way is revoked', async () => {
    const { device } = await world.person('30000131', {}, 'high');
    const { token } = await toSigningKeyStep('30000131', device);
    const csr = await csrOf();
    const outcomes = await Promise.allSettled(Array.from({ length: 100 }, () => upgrades.signingKey(token, { csr, pin_proof: pinProofOf('30000131') })));
    const done = outcomes.filter((o) => o.status === 'fulfilled');
    expect(done).toHaveLength(1);
    const winner = (done[0] as PromiseFulfilledResult<{ certificate_serial: string }>).value.certificate_serial;
    expect(world.signingKeys.map((k) => k.certificateSerial)).toEqual([winner]);
    expect(world.recorded.get(device.serial)?.certificateSerial).toBe(winner);
    expect(world.revoked.sort()).toEqual(world.issued.filter((s) => s !== winner).sort());
    for (const o of outcomes) if (o.status === 'rejected') expect((o.reason as IdentityError).code).toMatch(/^(journey-busy|journey-closed)$/);
    expect(world.eventsOf('30000131').filter((e) => e === 'signing-key.renewed')).toHaveLength(1);
  });
});
