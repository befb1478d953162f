import { randomUUID } from 'node:crypto';
import { isDeviceSerial, type EnrolmentState, type PinResetResult } from '@theqa/device-protocol';
import type { CivilRegistry, FaceMatcher, SmsGateway } from '@theqa/integrations';
import type { RateLimiter } from '@theqa/kernel';
import { AbuseLimiter, type Caller } from '../abuse/abuse-limiter';
import { IdentityError, required } from '../identity-error';
import { issueDeviceCertificate, livingPerson } from '../devices/device-certificate';
import { readUnsealKey, sameKeys, unsealingSecret } from '../devices/unsealing';
import { JourneyGuard, newJourneyToken } from '../enrolment/journey-guard';
import { DEFAULT_JOURNEY_LIMITS, type JourneyLimits } from '../enrolment/journey-limits';
import { maskPhone } from '../enrolment/phone-mask';
import { VerificationSteps } from '../enrolment/verification-steps';
import type { DeviceCertificates, IdentityEventSink, IdentityStore, JourneyRecord, JourneyStore, SecretMac, SigningCertificates } from '../ports';
import { assertPinProofAcceptable, pinVerifier } from './pin-verifier';

export interface PinResetDependencies {
  journeys: JourneyStore;
  identities: IdentityStore;
  registry: CivilRegistry;
  sms: SmsGateway;
  faces: FaceMatcher;
  certificates: DeviceCertificates;
  /** The Citizen Signing CA: revokes the certificate of a signing key a reset leaves unopenable (cessationOfOperation). */
  signingCertificates?: Pick<SigningCertificates, 'revoke'>;
  mac: SecretMac;
  events: IdentityEventSink;
  /** The shared counters of ABUSE_LIMITS (PostgreSQL's rate_limit). */
  counters: RateLimiter;
  clock?: () => Date;
  limits?: Partial<JourneyLimits>;
}

/**
 * PIN reset for a device: re-verification by face and by a code to the phone on record, then a new
 * PIN; the block on the identity is lifted. A wallet may send a new CSR with it (the CLI wallet always
 * does, with a new unseal key): the device gets a new certificate and the old one is revoked (superseded).
 * A wallet that seals its keys (the CLI wallet) sealed its signing key under the unsealing secret of
 * its old unseal key, which a reset replacing the device key retires: that signing key can never be
 * opened again, so it is unrecorded in the reset's transaction and its certificate revoked
 * (cessationOfOperation); the device then has no signing key, which the portal's upgrade page renews.
 * A wallet that keeps its keys itself (the web wallet, no unseal key) keeps its signing key.
 */
export class PinReset {
  private readonly clock: () => Date;
  private readonly limits: JourneyLimits;
  private readonly guard: JourneyGuard;
  private readonly verification: VerificationSteps;
  private readonly abuse: AbuseLimiter;

  constructor(private readonly deps: PinResetDependencies) {
    this.clock = deps.clock ?? (() => new Date());
    this.limits = { ...DEFAULT_JOURNEY_LIMITS, ...deps.limits };
    this.guard = new JourneyGuard(deps.journeys, deps.events);
    this.abuse = new AbuseLimiter(deps.counters);
    this.verification = new VerificationSteps({ guard: this.guard, registry: deps.registry, faces: deps.faces, sms: deps.sms, mac: deps.mac, limits: this.limits, abuse: this.abuse });
  }

  /**
   * Starts a reset for an active device of the civil number. "No such device", "not this person's
   * device" and "a removed device" are one answer: the endpoint does not reveal who owns what. Counted
   * per caller's address and per serial before the device is looked up (any serial alike), and per
   * person once the device is theirs, so that a stranger cannot use up a person's starts.
   */
  async start(body: { civil_number?: unknown; device?: unknown }, caller: Caller): Promise<EnrolmentState> {
    const now = this.clock();
    await this.abuse.journeyStartFrom(caller, now);
    if (typeof body?.civil_number !== 'string' || !isDeviceSerial(body?.device)) throw new IdentityError('request-invalid', 'civil_number and device (its serial number) are required');
    await this.abuse.journeyStartForDevice(body.device, now);
    const device = await this.deps.identities.device(body.device);
    if (!device || device.civilNumber !== body.civil_number || device.status !== 'active') throw new IdentityError('device-unknown', 'no such device for this civil number');
    await this.abuse.journeyStartFor(device.civilNumber, now);
    const person = await livingPerson(this.deps.registry, device.civilNumber);
    const { token, tokenSha256 } = newJourneyToken();
    const journey: JourneyRecord = {
      id: randomUUID(),
      kind: 'pin-reset',
      civilNumber: device.civilNumber,
      step: 'face',
      status: 'open',
      stepExpiresAt: this.deadline(now),
      expiresAt: new Date(now.getTime() + this.limits.journeyMinutes * 60_000),
      state: { deviceSerial: device.serial, phoneOnRecord: person.phone_number, faceAttempts: 0 },
      version: 0,
    };
    await this.deps.journeys.create(tokenSha256, journey);
    await this.deps.events.record({ action: 'pin.reset-started', civilNumber: device.civilNumber, actor: `journey:${journey.id}`, device: device.serial });
    return { ...this.state(journey), journey_token: token };
  }

  async face(token: unknown, body: { selfie?: unknown }): Promise<EnrolmentState> {
    const now = this.clock();
    const journey = await this.guard.load(token, now, { kind: 'pin-reset', step: 'face' });
    await this.verification.face(journey, body?.selfie, now, { step: 'otp', until: this.deadline(now) });
    return this.state(journey);
  }

  async resendCode(token: unknown): Promise<EnrolmentState> {
    const now = this.clock();
    const journey = await this.guard.load(token, now, { kind: 'pin-reset', step: 'otp' });
    await this.verification.resend(journey, now);
    return this.state(journey);
  }

  async code(token: unknown, body: { code?: unknown }): Promise<EnrolmentState> {
    const now = this.clock();
    const journey = await this.guard.load(token, now, { kind: 'pin-reset', step: 'otp' });
    await this.verification.code(journey, body?.code, now, { step: 'pin', until: this.deadline(now) });
    return this.state(journey);
  }

  /** A new `csr` replaces the device key; a new `unseal_key` with it (a wallet that seals its key) earns the new key's unsealing secret. */
  async pin(token: unknown, body: { pin_proof?: unknown; csr?: unknown; unseal_key?: unknown }): Promise<PinResetResult> {
    const now = this.clock();
    const journey = await this.guard.load(token, now, { kind: 'pin-reset', step: 'pin' });
    const serial = required(journey.state.deviceSerial, 'device serial');
    const unsealKey = readUnsealKey(body?.unseal_key);
    if (unsealKey && body?.csr === undefined) throw new IdentityError('request-invalid', 'unseal_key comes with the csr of the new device key it unseals');
    const unsealing = unsealKey && { keySpki: unsealKey, macKey: this.deps.mac.label };
    const person = await livingPerson(this.deps.registry, journey.civilNumber);
    const proof = body?.pin_proof as string;
    assertPinProofAcceptable(proof, { civilNumber: journey.civilNumber, dateOfBirth: person.date_of_birth, phoneNumber: person.phone_number });
    const verifier = await pinVerifier(this.deps.mac, serial, proof);
    const actor = `journey:${journey.id}`;
    const issued = body?.csr === undefined ? undefined : await issueDeviceCertificate(this.deps.certificates, body.csr, person, actor);
    if (issued && unsealKey?.equals(issued.publicKeySpki)) {
      await this.deps.certificates.revoke(issued.serialHex, 'cessationOfOperation', actor).catch(() => undefined);
      throw sameKeys();
    }
    const previous = await this.deps.identities.device(serial);
    journey.status = 'completed';
    journey.step = 'done';
    const completed = await this.deps.identities.completePinReset({
      serial,
      verifier,
      macKey: this.deps.mac.label,
      certificate: issued && { serial: issued.serialHex, spki: issued.publicKeySpki, unsealing },
      dropSigningKey: issued !== undefined && previous?.unsealing !== undefined,
      journey,
      now,
    });
    if (issued && previous) await this.deps.certificates.revoke(previous.certificateSerial, 'superseded', actor);
    await this.deps.events.record({ action: 'pin.reset', civilNumber: journey.civilNumber, actor, device: serial, details: { new_certificate: issued?.serialHex ?? null } });
    const dropped = completed ? completed.droppedSigningCertificate : undefined;
    if (dropped) {
      const revoker = this.deps.signingCertificates ?? this.deps.certificates;
      const revoked = await revoker.revoke(dropped, 'cessationOfOperation', actor).then(() => true, () => false);
      await this.deps.events.record({ action: 'signing-key.dropped', civilNumber: journey.civilNumber, actor, device: serial, details: { certificate: dropped, revoked, reason: 'pin-reset' } });
    }
    const secret = unsealing && (await unsealingSecret(this.deps.mac, { serial, unsealing })).toString('base64url');
    return { ...this.state(journey), certificate: issued?.certificatePem, chain: issued?.chainPem, unsealing_secret: secret };
  }

  private deadline(now: Date): Date {
    return new Date(now.getTime() + this.limits.stepMinutes * 60_000);
  }

  private state(journey: JourneyRecord): EnrolmentState {
    return {
      step: journey.step as EnrolmentState['step'],
      step_expires_at: journey.stepExpiresAt.toISOString(),
      phone_on_record: maskPhone(journey.state.phoneOnRecord),
      attempts_left: journey.step === 'face' ? this.limits.faceAttempts - journey.state.faceAttempts : journey.state.otp ? this.limits.otpAttempts - journey.state.otp.attempts : undefined,
    };
  }
}
