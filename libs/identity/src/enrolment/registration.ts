import { randomBytes, randomUUID } from 'node:crypto';
import { deviceSerialFrom, type EnrolmentResult, type EnrolmentState } from '@theqa/device-protocol';
import { parseMobileNumber, IntegrationError, type CivilRegistry, type FaceMatcher, type SmsGateway } from '@theqa/integrations';
import type { RateLimiter } from '@theqa/kernel';
import { AbuseLimiter, type Caller } from '../abuse/abuse-limiter';
import { verifyCardRead } from '../card/card-read-verifier';
import { issueDeviceCertificate, livingPerson } from '../devices/device-certificate';
import { readUnsealKey, sameKeys, unsealingSecret } from '../devices/unsealing';
import { IdentityError, required } from '../identity-error';
import { assertPinProofAcceptable, pinVerifier } from '../pin/pin-verifier';
import type { DeviceCertificates, IdentityEventSink, IdentityStore, JourneyRecord, JourneyStore, SecretMac } from '../ports';
import { JourneyGuard, newJourneyToken } from './journey-guard';
import { DEFAULT_JOURNEY_LIMITS, type JourneyLimits } from './journey-limits';
import { maskPhone } from './phone-mask';
import { CURRENT_TERMS } from './terms';
import { VerificationSteps } from './verification-steps';

export interface RegistrationDependencies {
  journeys: JourneyStore;
  identities: IdentityStore;
  registry: CivilRegistry;
  sms: SmsGateway;
  faces: FaceMatcher;
  certificates: DeviceCertificates;
  /** The Card Data Signer's certificate (DER): the only signer whose card data is accepted. */
  cardSignerCertificate: () => Buffer;
  /** MACs of PIN proofs and one-time codes (a key in the key store). */
  mac: SecretMac;
  events: IdentityEventSink;
  /** The shared counters of ABUSE_LIMITS (PostgreSQL's rate_limit). */
  counters: RateLimiter;
  clock?: () => Date;
  limits?: Partial<JourneyLimits>;
}

const CODE_GOES_TO_RECORD = {
  ar: 'سيُرسل رمز التحقق إلى رقم الهاتف المسجل لدى الأحوال المدنية، وليس إلى الرقم الذي أدخلته.',
  en: 'The verification code goes to the phone number on record in the civil registry, not to the number you typed.',
};

const PLATFORM = /^[A-Za-z0-9 ._-]{1,40}$/;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,189}\.[A-Za-z]{2,}$/;

/**
 * Registration on a device (journey 1 of DESIGN.md): card → contact → terms → face → one-time code →
 * PIN → device key, each step only in its turn, each lapsing, each limited. Nothing about the person
 * is created until the last step succeeds; a refusal at any step changes nothing but the journey.
 */
export class Registration {
  private readonly clock: () => Date;
  private readonly limits: JourneyLimits;
  private readonly guard: JourneyGuard;
  private readonly verification: VerificationSteps;
  private readonly abuse: AbuseLimiter;

  constructor(private readonly deps: RegistrationDependencies) {
    this.clock = deps.clock ?? (() => new Date());
    this.limits = { ...DEFAULT_JOURNEY_LIMITS, ...deps.limits };
    this.guard = new JourneyGuard(deps.journeys, deps.events);
    this.abuse = new AbuseLimiter(deps.counters);
    this.verification = new VerificationSteps({ guard: this.guard, registry: deps.registry, faces: deps.faces, sms: deps.sms, mac: deps.mac, limits: this.limits, abuse: this.abuse });
  }

  /**
   * A signed card read starts a journey, as often as ABUSE_LIMITS.journeyStarts allows: counted per
   * caller's address before anything is read, per person once the card is verified. The answer is the
   * same whether the person is registered or not (a registered person may add a device).
   */
  async start(body: { card?: unknown; device?: { platform?: unknown; name?: unknown } }, caller: Caller): Promise<EnrolmentState> {
    const now = this.clock();
    await this.abuse.journeyStartFrom(caller, now);
    const device = checkDevice(body?.device);
    const { person } = await verifyCardRead(body?.card, this.deps.cardSignerCertificate(), this.deps.registry, now);
    await this.abuse.journeyStartFor(person.civil_number, now);
    const { token, tokenSha256 } = newJourneyToken();
    const journey: JourneyRecord = {
      id: randomUUID(),
      kind: 'registration',
      civilNumber: person.civil_number,
      step: 'contact',
      status: 'open',
      stepExpiresAt: this.stepDeadline(now),
      expiresAt: new Date(now.getTime() + this.limits.journeyMinutes * 60_000),
      state: { device, deviceSerial: deviceSerialFrom(randomBytes(8)), cardSerial: person.card_serial_number, phoneOnRecord: person.phone_number, faceAttempts: 0 },
      version: 0,
    };
    await this.deps.journeys.create(tokenSha256, journey);
    await this.deps.events.record({ action: 'enrolment.started', civilNumber: journey.civilNumber, actor: `journey:${journey.id}`, device: journey.state.deviceSerial, details: { platform: device.platform } });
    return {
      ...this.state(journey),
      journey_token: token,
      person: { civil_number: person.civil_number, full_name_ar: person.full_name_ar, full_name_en: person.full_name_en },
    };
  }

  async contact(token: unknown, body: { email?: unknown; phone?: unknown }): Promise<EnrolmentState> {
    const now = this.clock();
    const journey = await this.guard.load(token, now, { kind: 'registration', step: 'contact' });
    const email = typeof body?.email === 'string' ? body.email.trim() : '';
    if (!EMAIL.test(email)) throw new IdentityError('contact-invalid', 'the email address is not valid', { field: 'email' });
    let phone: string;
    try {
      phone = parseMobileNumber(typeof body?.phone === 'string' ? body.phone.replace(/[\s-]/g, '') : '').e164;
    } catch (error) {
      throw new IdentityError('contact-invalid', (error as IntegrationError).message, { field: 'phone' });
    }
    journey.state.email = email;
    journey.state.phoneTyped = phone;
    this.advance(journey, 'terms', now);
    await this.guard.save(journey);
    return { ...this.state(journey), terms: { ...CURRENT_TERMS }, message: CODE_GOES_TO_RECORD };
  }

  async terms(token: unknown, body: { version?: unknown }): Promise<EnrolmentState> {
    const now = this.clock();
    const journey = await this.guard.load(token, now, { kind: 'registration', step: 'terms' });
    if (body?.version !== CURRENT_TERMS.version) {
      throw new IdentityError('terms-version', `the terms accepted must be the current version ${CURRENT_TERMS.version}`, { current_version: CURRENT_TERMS.version });
    }
    journey.state.termsVersion = CURRENT_TERMS.version;
    this.advance(journey, 'face', now);
    await this.guard.save(journey);
    await this.deps.journeys.recordTermsAcceptance(journey.civilNumber, CURRENT_TERMS.version, journey.id);
    return this.state(journey);
  }

  async face(token: unknown, body: { selfie?: unknown }): Promise<EnrolmentState> {
    const now = this.clock();
    const journey = await this.guard.load(token, now, { kind: 'registration', step: 'face' });
    await this.verification.face(journey, body?.selfie, now, { step: 'otp', until: this.stepDeadline(now) });
    return { ...this.state(journey), message: CODE_GOES_TO_RECORD };
  }

  async resendCode(token: unknown): Promise<EnrolmentState> {
    const now = this.clock();
    const journey = await this.guard.load(token, now, { kind: 'registration', step: 'otp' });
    await this.verification.resend(journey, now);
    return { ...this.state(journey), message: CODE_GOES_TO_RECORD };
  }

  async code(token: unknown, body: { code?: unknown }): Promise<EnrolmentState> {
    const now = this.clock();
    const journey = await this.guard.load(token, now, { kind: 'registration', step: 'otp' });
    await this.verification.code(journey, body?.code, now, { step: 'pin', until: this.stepDeadline(now) });
    return this.state(journey);
  }

  async pin(token: unknown, body: { pin_proof?: unknown }): Promise<EnrolmentState> {
    const now = this.clock();
    const journey = await this.guard.load(token, now, { kind: 'registration', step: 'pin' });
    const person = await livingPerson(this.deps.registry, journey.civilNumber);
    const proof = body?.pin_proof as string;
    assertPinProofAcceptable(proof, { civilNumber: person.civil_number, dateOfBirth: person.date_of_birth, phoneNumber: person.phone_number });
    journey.state.pinVerifier = (await pinVerifier(this.deps.mac, required(journey.state.deviceSerial, 'device serial'), proof)).toString('base64');
    this.advance(journey, 'device-key', now);
    await this.guard.save(journey);
    return this.state(journey);
  }

  /** `unseal_key`, from a wallet that seals its device key: the answer then carries the key's unsealing secret. */
  async deviceKey(token: unknown, body: { csr?: unknown; unseal_key?: unknown }): Promise<EnrolmentResult> {
    const now = this.clock();
    const journey = await this.guard.load(token, now, { kind: 'registration', step: 'device-key' });
    const unsealKey = readUnsealKey(body?.unseal_key);
    const unsealing = unsealKey && { keySpki: unsealKey, macKey: this.deps.mac.label };
    const person = await livingPerson(this.deps.registry, journey.civilNumber);
    const actor = `journey:${journey.id}`;
    const issued = await issueDeviceCertificate(this.deps.certificates, body?.csr, person, actor);
    const device = required(journey.state.device, 'device');
    const serial = required(journey.state.deviceSerial, 'device serial');
    journey.status = 'completed';
    journey.step = 'done';
    try {
      if (unsealKey?.equals(issued.publicKeySpki)) throw sameKeys();
      await this.deps.identities.register({
        civilNumber: person.civil_number,
        email: journey.state.email,
        device: {
          serial,
          civilNumber: person.civil_number,
          platform: device.platform,
          name: device.name,
          certificateSerial: issued.serialHex,
          publicKeySpki: issued.publicKeySpki,
          pinVerifier: Buffer.from(required(journey.state.pinVerifier, 'PIN verifier'), 'base64'),
          pinMacKey: this.deps.mac.label,
          ...(unsealing ? { unsealing } : {}),
        },
        journey,
      });
    } catch (error) {
      // The certificate must not outlive a registration that did not happen.
      await this.deps.certificates.revoke(issued.serialHex, 'cessationOfOperation', actor).catch(() => undefined);
      throw error;
    }
    const identity = await this.deps.identities.find(person.civil_number);
    await this.deps.events.record({ action: 'device.added', civilNumber: person.civil_number, actor, device: serial, details: { platform: device.platform, name: device.name, certificate: issued.serialHex } });
    await this.deps.events.record({ action: 'enrolment.completed', civilNumber: person.civil_number, actor, device: serial, details: { assurance: identity?.assurance ?? 'medium' } });
    return {
      step: 'done',
      step_expires_at: journey.stepExpiresAt.toISOString(),
      civil_number: person.civil_number,
      assurance: identity?.assurance ?? 'medium',
      device: { serial, platform: device.platform, name: device.name },
      certificate: issued.certificatePem,
      chain: issued.chainPem,
      ...(unsealing ? { unsealing_secret: (await unsealingSecret(this.deps.mac, { serial, unsealing })).toString('base64url') } : {}),
    };
  }

  private advance(journey: JourneyRecord, step: string, now: Date): void {
    journey.step = step;
    journey.stepExpiresAt = this.stepDeadline(now);
  }

  private stepDeadline(now: Date): Date {
    return new Date(now.getTime() + this.limits.stepMinutes * 60_000);
  }

  private state(journey: JourneyRecord): EnrolmentState {
    const otp = journey.state.otp;
    return {
      step: journey.step as EnrolmentState['step'],
      step_expires_at: (journey.step === 'otp' && otp ? new Date(Math.min(journey.stepExpiresAt.getTime(), Date.parse(otp.expiresAt))) : journey.stepExpiresAt).toISOString(),
      phone_on_record: maskPhone(journey.state.phoneOnRecord),
      attempts_left:
        journey.step === 'face' ? this.limits.faceAttempts - journey.state.faceAttempts : journey.step === 'otp' && otp ? this.limits.otpAttempts - otp.attempts : undefined,
    };
  }
}

function checkDevice(device: { platform?: unknown; name?: unknown } | undefined): { platform: string; name: string } {
  const platform = device?.platform;
  const name = typeof device?.name === 'string' ? device.name.trim() : '';
  if (typeof platform !== 'string' || !PLATFORM.test(platform)) throw new IdentityError('request-invalid', 'device.platform must be 1–40 letters, digits, spaces, dots or dashes');
  if (name.length < 1 || name.length > 60 || [...name].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) throw new IdentityError('request-invalid', 'device.name must be 1–60 printable characters');
  return { platform, name };
}
