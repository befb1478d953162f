import { randomUUID } from 'node:crypto';
import { PIN_PROOF_PATTERN, type UpgradeResult, type UpgradeState, type UpgradeStep } from '@theqa/device-protocol';
import type { CivilRegistry, FaceMatcher, RegistryPerson, SmsGateway } from '@theqa/integrations';
import type { Bilingual, RateLimiter } from '@theqa/kernel';
import { AbuseLimiter } from '../abuse/abuse-limiter';
import { assertCardHolder } from '../card/card-validity';
import { livingPerson } from '../devices/device-certificate';
import { JourneyGuard, newJourneyToken } from '../enrolment/journey-guard';
import { maskPhone } from '../enrolment/phone-mask';
import { CURRENT_TERMS } from '../enrolment/terms';
import { VerificationSteps } from '../enrolment/verification-steps';
import { IdentityError, required } from '../identity-error';
import { checkDevicePin } from '../pin/device-pin-check';
import type { DeviceRecord, IdentityEventSink, IdentityStore, JourneyRecord, JourneyStore, SecretMac, SigningCertificates, UpgradeStore } from '../ports';
import { checkEligibility } from './upgrade-eligibility';
import { newScan, upgradeQrPayload } from './upgrade-code';
import { ABANDONED, nextForUpgrade } from './upgrade-guidance';
import { DEFAULT_UPGRADE_LIMITS, type UpgradeLimits } from './upgrade-limits';
import { claimScan } from './upgrade-scan';
import { checkSigningKeyRequest, issueSigningCertificate } from './signing-key-request';
import { signingKeyState, type DeviceSigningKeyState } from './signing-key-state';

export interface UpgradeDependencies {
  journeys: JourneyStore;
  upgrades: UpgradeStore;
  identities: IdentityStore;
  registry: CivilRegistry;
  sms: SmsGateway;
  faces: FaceMatcher;
  /** The Citizen Signing CA (profile qualified-signing): issues, revokes, and says whether a recorded key's certificate is good. */
  signingCertificates: SigningCertificates;
  /** MACs of one-time codes and PIN verifiers (the key-store key of the other journeys). */
  mac: SecretMac;
  events: IdentityEventSink;
  /** The shared counters of ABUSE_LIMITS (PostgreSQL's rate_limit). */
  counters: RateLimiter;
  /** The platform's origin, e.g. https://theqa.example.om: the QR code names it, and the wallet follows it only there. */
  server: string;
  clock?: () => Date;
  limits?: Partial<UpgradeLimits>;
}

/** What `begin` hands the portal: the journey to poll, and the QR code to show while it waits for the device. */
export interface UpgradeBegun {
  journeyId: string;
  /** The QR code's text (`theqa:…`) while the step is `scan`; empty once the device has taken the upgrade up. */
  qrPayload: string;
  /** When the QR code lapses (then `begin` again gives a new one); after the scan, when the current step lapses. */
  expiresAt: Date;
  step: UpgradeStep;
  /** The device that carries the upgrade: the one picked, or, for an upgrade already taken up, the one that took it. */
  device: string;
  /** True when an open upgrade of the person was picked up again rather than a new one begun. */
  resumed: boolean;
  /** True for a HIGH identity's renewal of the device's signing key rather than the upgrade to HIGH. */
  renewal: boolean;
}

/** Where an upgrade stands, for the portal's page (it polls this). */
export interface UpgradeStatus {
  journeyId: string;
  step: UpgradeStep;
  status: 'open' | 'completed' | 'failed';
  /** Why it failed: an IdentityErrorCode (`face-attempts-exhausted`, `step-expired`, …) or `abandoned`. */
  failure?: string;
  /** What the person can do next, in both languages. */
  next: Bilingual;
  device: string;
  stepExpiresAt: Date;
  expiresAt: Date;
  /** True for a HIGH identity's renewal of the device's signing key rather than the upgrade to HIGH. */
  renewal: boolean;
  /**
   * The QR code still waiting for its scan, while the step is `scan` and the code has not lapsed: a
   * page that reloads itself shows it again without renewing it (begin would). Absent once lapsed:
   * then `begin` gives a new one.
   */
  qr?: { payload: string; expiresAt: Date };
}

const CODE_GOES_TO_RECORD: Bilingual = {
  ar: 'أُرسل رمز التحقق إلى رقم الهاتف المسجل لدى الأحوال المدنية.',
  en: 'The verification code was sent to the phone number on record in the civil registry.',
};

/**
 * The upgrade from MEDIUM to HIGH (journey 3 of DESIGN.md). The portal begins it for the person it
 * has logged in and a device they pick, and shows the QR code; the wallet of that device claims it
 * with a signed scan, then face match → SMS code → terms → a signing key made on the device, whose
 * qualified certificate the Citizen Signing CA issues. Each step only in its turn, each lapsing,
 * each limited as at enrolment; the identity becomes HIGH in the same transaction that records the
 * signing key and completes the journey.
 *
 * The same journey renews the signing key of a HIGH identity's device that has no usable one (none
 * recorded — a new device, or a key dropped at a PIN reset — or its certificate revoked or expired):
 * `state.renewal`, decided at `begin`. Its end records the new key in place of the old, and the old
 * key's certificate is revoked as superseded.
 */
export class Upgrades {
  private readonly clock: () => Date;
  private readonly limits: UpgradeLimits;
  private readonly guard: JourneyGuard;
  private readonly verification: VerificationSteps;
  private readonly abuse: AbuseLimiter;

  constructor(private readonly deps: UpgradeDependencies) {
    this.clock = deps.clock ?? (() => new Date());
    this.limits = { ...DEFAULT_UPGRADE_LIMITS, ...deps.limits };
    this.guard = new JourneyGuard(deps.journeys, deps.events);
    this.abuse = new AbuseLimiter(deps.counters);
    this.verification = new VerificationSteps({ guard: this.guard, registry: deps.registry, faces: deps.faces, sms: deps.sms, mac: deps.mac, limits: this.limits, abuse: this.abuse });
  }

  // ------------------------------------------------------------------ the portal's side

  /**
   * Begins (or picks up again) the person's upgrade for one of their devices. Refused when the
   * identity is already HIGH (`already-high`), the device is not an active device of theirs
   * (`device-not-yours`), or the person may no longer hold an identity (`person-deceased`,
   * `card-not-valid`: enrolment's refusals). An open upgrade is picked up: not yet scanned, it gets a
   * new QR code (the old one stops working) for the device picked now; scanned, it carries on where
   * it stands, on the device that scanned it. `purpose`, what the person confirmed: an `upgrade`
   * confirmed for an identity HIGH by then is refused `already-high` rather than taken as a renewal.
   */
  async begin(input: { civilNumber: string; device: string; purpose?: 'upgrade' | 'renewal' }, now: Date = this.clock()): Promise<UpgradeBegun> {
    const eligible = await checkEligibility(input, this.deps, now);
    const open = await this.openUpgradeOf(eligible.civilNumber, now);
    if (open && open.step !== 'scan') return this.begun(open, true);
    if (open) return this.renewScan(open, eligible.device, eligible.renewal === true, now);
    const journey = this.newJourney(eligible.device, eligible.person.phone_number, eligible.renewal === true, now);
    if (await this.deps.upgrades.create(journey)) {
      // Counted once the upgrade exists, so that begins sent at once, which all end in this one
      // upgrade, count one start; over the person's limit, the upgrade just made ends at once.
      try {
        await this.abuse.journeyStartFor(journey.civilNumber, now);
      } catch (error) {
        journey.status = 'failed';
        journey.failure = 'rate-limited';
        await this.deps.journeys.save(journey);
        throw error;
      }
      await this.deps.events.record({ action: 'upgrade.started', civilNumber: journey.civilNumber, actor: `journey:${journey.id}`, device: eligible.device.serial, ...renewalDetails(journey) });
      return this.begun(journey, false);
    }
    // Another request began one for the same person at this very moment (a form sent twice): that
    // one is handed out, its code as it is.
    const raced = await this.openUpgradeOf(eligible.civilNumber, now);
    if (raced) return this.begun(raced, true);
    throw new IdentityError('journey-busy', 'another request is beginning this upgrade at the same time; retry');
  }

  /**
   * The person's active devices, each with the state of its signing key: the portal offers a HIGH
   * identity's renewal on those whose key is not usable, and says why the others are not offered.
   */
  async deviceSigningKeys(civilNumber: string, now: Date = this.clock()): Promise<DeviceSigningKeyState[]> {
    const devices = (await this.deps.identities.devices(civilNumber)).filter((d) => d.status === 'active');
    return Promise.all(devices.map(async (device) => ({ device, signingKey: await signingKeyState(device.serial, this.deps, now) })));
  }

  /** Where the person's upgrade stands (a lapsed one is closed as failed on the way). */
  async status(journeyId: string, civilNumber: string, now: Date = this.clock()): Promise<UpgradeStatus> {
    const journey = await this.upgradeOf(journeyId, civilNumber);
    if (journey.status === 'open') await this.closeIfLapsed(journey, now);
    return this.statusOf(journey, now);
  }

  /** The person ends their open upgrade in the portal; a device that carries it on is refused from then on. */
  async abandon(journeyId: string, civilNumber: string, now: Date = this.clock()): Promise<UpgradeStatus> {
    const journey = await this.upgradeOf(journeyId, civilNumber);
    if (journey.status === 'open') await this.closeIfLapsed(journey, now);
    if (journey.status !== 'open') throw new IdentityError('journey-closed', `this upgrade has ${journey.status === 'completed' ? 'already completed' : 'already ended'}`, journey.failure ? { failure: journey.failure } : {});
    const step = journey.step;
    journey.status = 'failed';
    journey.failure = ABANDONED;
    await this.guard.save(journey);
    await this.deps.events.record({ action: 'upgrade.abandoned', civilNumber: journey.civilNumber, actor: `journey:${journey.id}`, device: journey.state.deviceSerial, details: { step, ...renewalDetails(journey).details } });
    return this.statusOf(journey, now);
  }

  // ------------------------------------------------------------------ the wallet's side

  /**
   * The wallet's signed scan of the QR code: only the device picked in the portal, by a signature of
   * its device key, and only once (the store decides among concurrent claims in one statement). The
   * answer carries the journey token the following steps need.
   */
  async claim(scan: unknown): Promise<UpgradeState> {
    const now = this.clock();
    const { journey, device } = await claimScan(scan, { upgrades: this.deps.upgrades, identities: this.deps.identities, guard: this.guard }, now);
    const { token, tokenSha256 } = newJourneyToken();
    const request = required(journey.state.scan, 'QR code').request;
    // The code stays with its journey, so that a second scan of it is told it was used.
    const next = structuredClone(journey);
    next.step = 'face';
    next.stepExpiresAt = this.deadline(now, journey);
    if (!(await this.deps.upgrades.claim(next, request, tokenSha256))) throw new IdentityError('upgrade-code-used', 'this upgrade code has already been scanned');
    next.version += 1;
    await this.deps.events.record({ action: 'upgrade.claimed', civilNumber: next.civilNumber, actor: `device:${device.serial}`, device: device.serial, details: { journey: next.id, ...renewalDetails(next).details } });
    return { ...this.state(next), journey_token: token };
  }

  /** Where the upgrade stands, for a wallet coming back to it (its token). */
  async current(token: unknown): Promise<UpgradeState> {
    return this.state(await this.guard.loadOpen(token, this.clock(), 'upgrade'));
  }

  async face(token: unknown, body: { selfie?: unknown }): Promise<UpgradeState> {
    const now = this.clock();
    const journey = await this.guard.load(token, now, { kind: 'upgrade', step: 'face' });
    await this.verification.face(journey, body?.selfie, now, { step: 'otp', until: this.deadline(now, journey) });
    return { ...this.state(journey), message: CODE_GOES_TO_RECORD };
  }

  async resendCode(token: unknown): Promise<UpgradeState> {
    const now = this.clock();
    const journey = await this.guard.load(token, now, { kind: 'upgrade', step: 'otp' });
    await this.verification.resend(journey, now);
    return { ...this.state(journey), message: CODE_GOES_TO_RECORD };
  }

  async code(token: unknown, body: { code?: unknown }): Promise<UpgradeState> {
    const now = this.clock();
    const journey = await this.guard.load(token, now, { kind: 'upgrade', step: 'otp' });
    await this.verification.code(journey, body?.code, now, { step: 'terms', until: this.deadline(now, journey) });
    return this.state(journey);
  }

  async terms(token: unknown, body: { version?: unknown }): Promise<UpgradeState> {
    const now = this.clock();
    const journey = await this.guard.load(token, now, { kind: 'upgrade', step: 'terms' });
    if (body?.version !== CURRENT_TERMS.version) {
      throw new IdentityError('terms-version', `the terms accepted must be the current version ${CURRENT_TERMS.version}`, { current_version: CURRENT_TERMS.version });
    }
    journey.state.termsVersion = CURRENT_TERMS.version;
    journey.step = 'signing-key';
    journey.stepExpiresAt = this.deadline(now, journey);
    await this.guard.save(journey);
    await this.deps.journeys.recordTermsAcceptance(journey.civilNumber, CURRENT_TERMS.version, journey.id);
    return this.state(journey);
  }

  /**
   * The last step: the CSR of a new key made on the device (proof of possession; not the device's
   * own keys), the PIN (checked and counted by the server, as everywhere), the person checked again
   * against the registry, the qualified certificate issued, and — one transaction — the key recorded,
   * the identity HIGH, the journey completed. A certificate whose upgrade could not be recorded is revoked.
   */
  async signingKey(token: unknown, body: { csr?: unknown; pin_proof?: unknown }): Promise<UpgradeResult> {
    const now = this.clock();
    const journey = await this.guard.load(token, now, { kind: 'upgrade', step: 'signing-key' });
    const device = await this.activeDevice(journey, now);
    const request = await checkSigningKeyRequest(body?.csr, device);
    const proof = body?.pin_proof;
    assertPinProofFormat(proof);
    try {
      await checkDevicePin(this.deps, device, proof, now);
    } catch (error) {
      if (error instanceof IdentityError && error.code === 'pin-blocked') await this.guard.fail(journey, 'pin-blocked', now);
      throw error;
    }
    const person = await this.stillEligible(journey, now);
    const actor = `journey:${journey.id}`;
    const issued = await issueSigningCertificate(this.deps.signingCertificates, request.csr, person, actor);
    journey.status = 'completed';
    journey.step = 'done';
    let replaced: string | undefined;
    try {
      ({ replaced } = await this.deps.upgrades.complete({
        journey,
        signingKey: { device: device.serial, publicKeySpki: issued.publicKeySpki, certificateSerial: issued.serialHex, certificateDer: issued.certificateDer },
        now,
      }));
    } catch (error) {
      // The certificate must not outlive an upgrade that did not happen.
      await this.deps.signingCertificates.revoke(issued.serialHex, 'cessationOfOperation', actor).catch(() => undefined);
      throw error;
    }
    journey.version += 1;
    // The key it replaced no longer signs for the platform (its record is gone): its certificate goes too.
    const superseded = replaced && replaced !== issued.serialHex ? await this.revokeReplaced(replaced, actor) : undefined;
    if (journey.state.renewal) {
      await this.deps.events.record({ action: 'signing-key.renewed', civilNumber: journey.civilNumber, actor, device: device.serial, details: { certificate: issued.serialHex, ...(replaced ? { replaced, replaced_revoked: superseded } : {}) } });
    } else {
      await this.deps.events.record({ action: 'upgrade.completed', civilNumber: journey.civilNumber, actor, device: device.serial, details: { assurance: 'high', certificate: issued.serialHex } });
    }
    return {
      ...this.state(journey),
      step: 'done',
      civil_number: journey.civilNumber,
      assurance: 'high',
      certificate: issued.certificatePem,
      chain: issued.chainPem,
      certificate_serial: issued.serialHex,
    };
  }

  // ------------------------------------------------------------------ helpers

  /**
   * The replaced key's certificate revoked as superseded. Its key no longer signs (its record was
   * replaced in the completion's transaction), so a CA that fails here is said, not fatal: false, and
   * the event says so for an operator to finish (`npx theqa ca revoke`).
   */
  private async revokeReplaced(serialHex: string, actor: string): Promise<boolean> {
    try {
      await this.deps.signingCertificates.revoke(serialHex, 'superseded', actor);
      return true;
    } catch {
      return false;
    }
  }

  private async openUpgradeOf(civilNumber: string, now: Date): Promise<JourneyRecord | undefined> {
    const open = await this.deps.upgrades.openOf(civilNumber);
    if (open) await this.closeIfLapsed(open, now);
    return open?.status === 'open' ? open : undefined;
  }

  /**
   * A new QR code for an upgrade not yet scanned, for the device picked now; the old code stops
   * working. Renewed by another request at the same moment, that request's code is handed out.
   */
  private async renewScan(journey: JourneyRecord, device: DeviceRecord, renewal: boolean, now: Date): Promise<UpgradeBegun> {
    journey.state.deviceSerial = device.serial;
    journey.state.renewal = renewal || undefined;
    journey.state.scan = newScan(now, this.limits.scanSeconds);
    journey.stepExpiresAt = this.deadline(now, journey);
    if (await this.deps.journeys.save(journey)) {
      journey.version += 1;
      return this.begun(journey, true);
    }
    const current = await this.deps.upgrades.byId(journey.id);
    if (current?.status !== 'open') throw new IdentityError('journey-busy', 'another request changed this upgrade at the same time; retry');
    return this.begun(current, true);
  }

  private newJourney(device: DeviceRecord, phoneOnRecord: string, renewal: boolean, now: Date): JourneyRecord {
    const expiresAt = new Date(now.getTime() + this.limits.journeyMinutes * 60_000);
    return {
      id: randomUUID(),
      kind: 'upgrade',
      civilNumber: device.civilNumber,
      step: 'scan',
      status: 'open',
      stepExpiresAt: new Date(Math.min(now.getTime() + this.limits.stepMinutes * 60_000, expiresAt.getTime())),
      expiresAt,
      state: { deviceSerial: device.serial, phoneOnRecord, faceAttempts: 0, scan: newScan(now, this.limits.scanSeconds), ...(renewal ? { renewal: true } : {}) },
      version: 0,
    };
  }

  private statusOf(journey: JourneyRecord, now: Date): UpgradeStatus {
    const scan = journey.status === 'open' && journey.step === 'scan' ? journey.state.scan : undefined;
    const qrExpiresAt = scan && new Date(Math.min(Date.parse(scan.expiresAt), journey.stepExpiresAt.getTime()));
    return {
      journeyId: journey.id,
      step: journey.step as UpgradeStep,
      status: journey.status,
      ...(journey.failure ? { failure: journey.failure } : {}),
      next: nextForUpgrade(journey),
      device: required(journey.state.deviceSerial, 'device'),
      stepExpiresAt: journey.stepExpiresAt,
      expiresAt: journey.expiresAt,
      renewal: journey.state.renewal === true,
      ...(scan && qrExpiresAt && qrExpiresAt > now ? { qr: { payload: upgradeQrPayload(scan, this.deps.server), expiresAt: qrExpiresAt } } : {}),
    };
  }

  private begun(journey: JourneyRecord, resumed: boolean): UpgradeBegun {
    const scan = journey.step === 'scan' ? journey.state.scan : undefined;
    return {
      journeyId: journey.id,
      qrPayload: scan ? upgradeQrPayload(scan, this.deps.server) : '',
      expiresAt: scan ? new Date(Math.min(Date.parse(scan.expiresAt), journey.stepExpiresAt.getTime())) : journey.stepExpiresAt,
      step: journey.step as UpgradeStep,
      device: required(journey.state.deviceSerial, 'device'),
      resumed,
      renewal: journey.state.renewal === true,
    };
  }

  private async upgradeOf(journeyId: string, civilNumber: string): Promise<JourneyRecord> {
    const journey = typeof journeyId === 'string' && UUID.test(journeyId) ? await this.deps.upgrades.byId(journeyId) : undefined;
    // Another person's upgrade is as unknown as none.
    if (!journey || journey.kind !== 'upgrade' || journey.civilNumber !== civilNumber) throw new IdentityError('journey-unknown', 'no such upgrade');
    return journey;
  }

  /** An open upgrade past its time is closed as failed, as a step of it would close it. */
  private async closeIfLapsed(journey: JourneyRecord, now: Date): Promise<void> {
    if (journey.expiresAt <= now) await this.guard.fail(journey, 'journey-expired', now);
    else if (journey.stepExpiresAt <= now) await this.guard.fail(journey, 'step-expired', now);
  }

  /** The device the upgrade is for, still active; a removed one ends the upgrade. */
  private async activeDevice(journey: JourneyRecord, now: Date): Promise<DeviceRecord> {
    const device = await this.deps.identities.device(required(journey.state.deviceSerial, 'device serial'));
    if (!device || device.status !== 'active' || device.civilNumber !== journey.civilNumber) {
      await this.guard.fail(journey, 'device-revoked', now);
      throw new IdentityError('device-revoked', 'the device of this upgrade has been removed');
    }
    return device;
  }

  /**
   * Between the portal and the certificate the person may have died or the card been cancelled: the
   * registry is asked again, as at the start, and a refusal ends the upgrade.
   */
  private async stillEligible(journey: JourneyRecord, now: Date): Promise<RegistryPerson> {
    try {
      const person = await livingPerson(this.deps.registry, journey.civilNumber);
      await assertCardHolder(this.deps.registry, person, person, now);
      return person;
    } catch (error) {
      if (error instanceof IdentityError && error.code !== 'external-unavailable') await this.guard.fail(journey, error.code, now);
      throw error;
    }
  }

  /** The next step's deadline, never past the journey's own. */
  private deadline(now: Date, journey: JourneyRecord): Date {
    return new Date(Math.min(now.getTime() + this.limits.stepMinutes * 60_000, journey.expiresAt.getTime()));
  }

  private state(journey: JourneyRecord): UpgradeState {
    const otp = journey.state.otp;
    const step = journey.step as UpgradeStep;
    return {
      step,
      step_expires_at: (step === 'otp' && otp ? new Date(Math.min(journey.stepExpiresAt.getTime(), Date.parse(otp.expiresAt))) : journey.stepExpiresAt).toISOString(),
      device: required(journey.state.deviceSerial, 'device'),
      purpose: journey.state.renewal ? 'renewal' : 'upgrade',
      phone_on_record: maskPhone(journey.state.phoneOnRecord),
      attempts_left: step === 'face' ? this.limits.faceAttempts - journey.state.faceAttempts : step === 'otp' && otp ? this.limits.otpAttempts - otp.attempts : undefined,
      ...(step === 'terms' ? { terms: { ...CURRENT_TERMS } } : {}),
    };
  }
}

/** A renewal's events say so (the activity words them as the renewal of the signing key). */
function renewalDetails(journey: JourneyRecord): { details?: { renewal: true } } {
  return journey.state.renewal ? { details: { renewal: true } } : {};
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The PIN proof's form (the PIN itself is the server's to check, and to count). */
function assertPinProofFormat(proof: unknown): asserts proof is string {
  if (typeof proof !== 'string' || !PIN_PROOF_PATTERN.test(proof)) throw new IdentityError('pin-format', 'pin_proof must be base64url of 32 bytes');
}
