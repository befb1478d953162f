import { createPublicKey, randomBytes, verify } from 'node:crypto';
import {
  answerSigningBytes,
  decodeChallenge,
  encodeChallenge,
  fromBase64url,
  isDeviceSerial,
  readDeviceAnswer,
  DEVICE_PROTOCOL_VERSION,
  type ChallengeEnvelope,
  type ChallengePurpose,
  type DeviceAnswer,
  type DeviceChallenge,
  type LoginContext,
  type SigningContext,
} from '@theqa/device-protocol';
import type { CivilRegistry } from '@theqa/integrations';
import type { Bilingual, RateLimiter } from '@theqa/kernel';
import { AbuseLimiter, type Caller } from '../abuse/abuse-limiter';
import { IdentityError } from '../identity-error';
import { checkDevicePin } from '../pin/device-pin-check';
import { assertPinProofAcceptable, pinVerifier } from '../pin/pin-verifier';
import { deviceBySignature, deviceRemoved } from './device-signature';
import { unsealingSecret } from './unsealing';
import type { ChallengeStore, DeviceRecord, IdentityEventSink, IdentityRecord, IdentityStore, SecretMac } from '../ports';

export { PIN_ATTEMPTS } from '../pin/device-pin-check';
const CHALLENGE_SECONDS = 120;

const DISPLAY: Record<ChallengePurpose, Bilingual> = {
  'device-status': { ar: 'عرض حالة هويتك الرقمية', en: 'Show the status of your digital identity' },
  'pin-check': { ar: 'تأكيد الرقم السري', en: 'Confirm your PIN' },
  'pin-change': { ar: 'تغيير الرقم السري', en: 'Change your PIN' },
  login: { ar: 'تسجيل الدخول إلى خدمة', en: 'Log in to a service' },
  unseal: { ar: 'فتح مفتاح المحفظة بالرقم السري', en: "Open this wallet's key with your PIN" },
  signing: { ar: 'توقيع مستند', en: 'Sign a document' },
};
const NEEDS_PIN: Record<ChallengePurpose, boolean> = { 'device-status': false, 'pin-check': true, 'pin-change': true, login: true, unseal: true, signing: true };
/** What a device may ask for itself; login challenges are made only by the login gateway. */
const DEVICE_REQUESTABLE: readonly ChallengePurpose[] = ['device-status', 'pin-check', 'pin-change', 'unseal'];
/** What `answer` settles unless told otherwise: an unseal answer goes to `unseal`, which alone releases the secret. */
const ANSWERED_BY_DEFAULT: readonly ChallengePurpose[] = ['device-status', 'pin-check', 'pin-change'];

export interface ChallengeOutcome {
  purpose: ChallengePurpose;
  challenge: DeviceChallenge;
  answer: DeviceAnswer;
  decision: 'approve' | 'deny';
  device: DeviceRecord;
  identity: IdentityRecord;
}

export interface DeviceChallengeDependencies {
  identities: IdentityStore;
  challenges: ChallengeStore;
  registry: CivilRegistry;
  mac: SecretMac;
  events: IdentityEventSink;
  /** The shared counters of ABUSE_LIMITS (PostgreSQL's rate_limit). */
  counters: RateLimiter;
  clock?: () => Date;
}

/**
 * Everything a device does after registration goes through a challenge: the server makes it for one
 * device, the device signs it (with the PIN proof inside when the purpose needs one), and the answer
 * spends it. The checks run cheapest first, and the challenge is spent only by an answer whose device
 * signature verifies and that comes from the device it was issued to, so neither a stranger nor the
 * person's other device can burn a device's challenges. Neither the request nor the answer tells a
 * stranger whether a serial is registered (see `request` and device-signature.ts).
 */
export class DeviceChallenges {
  private readonly clock: () => Date;
  private readonly abuse: AbuseLimiter;

  constructor(private readonly deps: DeviceChallengeDependencies) {
    this.clock = deps.clock ?? (() => new Date());
    this.abuse = new AbuseLimiter(deps.counters);
  }

  /**
   * A device's request for a challenge, from outside (the HTTP route): counted per caller's address and
   * per serial (ABUSE_LIMITS.deviceChallenges), then made as `issue` makes it.
   */
  async request(caller: Caller, deviceSerial: unknown, purpose: unknown): Promise<ChallengeEnvelope & { challenge: DeviceChallenge }> {
    const wanted = requestable(deviceSerial, purpose);
    await this.abuse.challengeRequest(wanted.serial, caller, this.clock());
    return this.issue(wanted.serial, wanted.purpose);
  }

  /**
   * A challenge for any well-formed serial, made alike whether the serial is an active device, a removed
   * one or nobody's, so that the answer does not tell which. Only a registered device's is kept (the
   * store drops an unknown serial's in the same statement, ChallengeStore.create): nothing could ever
   * answer it, since no key is on record for it. A removed device's is kept, and its answer, signed by
   * its own key, is told the device was removed. An unseal challenge is made for a device without an
   * unseal key too (it can never be answered), so the kind of wallet is not told either.
   * Unlimited: outside requests go through `request`.
   */
  async issue(deviceSerial: unknown, purpose: unknown): Promise<ChallengeEnvelope & { challenge: DeviceChallenge }> {
    const wanted = requestable(deviceSerial, purpose);
    return this.make(wanted.serial, wanted.purpose);
  }

  /** A login approval for one device of the person (the gateway's number matching and consent context inside). */
  async issueLogin(device: DeviceRecord, login: LoginContext, expiresAt?: Date): Promise<ChallengeEnvelope & { challenge: DeviceChallenge }> {
    return this.make(device.serial, 'login', { login }, expiresAt);
  }

  /**
   * A signing request for one device that holds a signing key (the signing service's): the document
   * and the signed attributes inside, answered with the PIN and the signing key's signature. It lives
   * as long as the request (`expiresAt`), not the two minutes of a device's own challenges.
   */
  async issueSigning(device: DeviceRecord, signing: SigningContext, expiresAt: Date): Promise<ChallengeEnvelope & { challenge: DeviceChallenge }> {
    return this.make(device.serial, 'signing', { signing }, expiresAt, true);
  }

  private async make(serial: string, purpose: ChallengePurpose, context?: { login?: LoginContext; signing?: SigningContext }, until?: Date, untilAsGiven = false): Promise<ChallengeEnvelope & { challenge: DeviceChallenge }> {
    const now = this.clock();
    const expiresAt = until && (untilAsGiven || until.getTime() < now.getTime() + CHALLENGE_SECONDS * 1000) ? until : new Date(now.getTime() + CHALLENGE_SECONDS * 1000);
    const challenge: DeviceChallenge = {
      v: DEVICE_PROTOCOL_VERSION,
      id: randomBytes(16).toString('base64url'),
      purpose,
      device: serial,
      nonce: randomBytes(32).toString('base64url'),
      issued_at: now.toISOString(),
      expires_at: expiresAt.toISOString(),
      requires_pin: NEEDS_PIN[purpose],
      display: DISPLAY[purpose],
      ...(context?.login ? { login: context.login } : {}),
      ...(context?.signing ? { signing: context.signing } : {}),
    };
    const envelope = encodeChallenge(challenge);
    await this.deps.challenges.create({ id: challenge.id, device: serial, purpose: challenge.purpose, payload: envelope.payload, expiresAt: new Date(challenge.expires_at) });
    return { ...envelope, challenge };
  }

  /**
   * `purposes` names what the caller's endpoint handles: an answer to any other challenge is refused
   * before anything is spent (a login approval must reach the gateway, which records its outcome).
   */
  async answer(body: unknown, purposes: readonly ChallengePurpose[] = ANSWERED_BY_DEFAULT): Promise<ChallengeOutcome> {
    const now = this.clock();
    const answer = readAnswer(body);
    const challenge = readChallenge(answer);
    if (!purposes.includes(challenge.purpose)) throw new IdentityError('answer-invalid', `a ${challenge.purpose} challenge is not answered here`);
    if (challenge.device !== answer.device) throw notIssued();
    // A serial nobody registered and a signature that does not verify are one refusal; only the
    // device itself, by its own signature, learns that it was removed.
    const device = await deviceBySignature(this.deps.identities, answer.device, (d) => signatureVerifies(answer, signingKeyOf(d, challenge.purpose)));
    if (!device) throw new IdentityError('answer-invalid', "the answer's signature does not verify with the device's key for this challenge");
    if (device.status !== 'active') throw deviceRemoved();
    const spent = await this.deps.challenges.spend(challenge.id, { device: device.serial, payload: answer.challenge }, now);
    if (spent === 'unknown') throw new IdentityError('challenge-unknown', 'no such challenge');
    if (spent === 'used') throw new IdentityError('challenge-used', 'this challenge has already been answered: ask for a new one');
    if (spent === 'not-issued') throw notIssued();
    if (spent.expiresAt <= now) throw new IdentityError('challenge-expired', 'the challenge has expired: ask for a new one');
    const identity = await this.deps.identities.find(device.civilNumber);
    if (!identity) throw new IdentityError('identity-unknown', 'no identity for this device');
    // A PIN change rewrites the device's verifier, not the identity: the identity read under the PIN's lock stays current.
    const afterPin = answer.decision === 'approve' && challenge.requires_pin ? await this.checkPin(answer, device, now) : undefined;
    if (answer.decision === 'approve' && challenge.purpose === 'pin-change') await this.changePin(answer, device, now);
    const current = afterPin ?? (await this.deps.identities.find(device.civilNumber)) ?? identity;
    return { purpose: challenge.purpose, decision: answer.decision, device, identity: current, challenge, answer };
  }

  /**
   * The store decides under the identity's row lock, so a burst of answers cannot outrun the count.
   * Returns the identity as the store read it under that lock, when it did.
   */
  private async checkPin(answer: DeviceAnswer, device: DeviceRecord, now: Date): Promise<IdentityRecord | undefined> {
    const proof = answer.pin_proof;
    if (!proof) throw new IdentityError('answer-invalid', 'this challenge needs the PIN');
    return checkDevicePin(this.deps, device, proof, now);
  }

  /**
   * Server-assisted unsealing (device-protocol unsealing.ts): an `unseal` answer, signed by the
   * device's unseal key, whose PIN is checked and counted like any other; only a right PIN releases
   * the secret that opens the wallet's sealed device key.
   */
  async unseal(body: unknown): Promise<{ device: DeviceRecord; secret: Buffer }> {
    const outcome = await this.answer(body, ['unseal']);
    if (outcome.decision !== 'approve') throw new IdentityError('answer-invalid', 'an unseal answer must approve');
    return { device: outcome.device, secret: await unsealingSecret(this.deps.mac, outcome.device) };
  }

  private async changePin(answer: DeviceAnswer, device: DeviceRecord, now: Date): Promise<void> {
    if (!answer.new_pin_proof) throw new IdentityError('answer-invalid', 'a PIN change needs new_pin_proof');
    const person = await this.deps.registry.findPerson(device.civilNumber);
    assertPinProofAcceptable(answer.new_pin_proof, { civilNumber: device.civilNumber, dateOfBirth: person?.date_of_birth, phoneNumber: person?.phone_number });
    await this.deps.identities.setDevicePin(device.serial, await pinVerifier(this.deps.mac, device.serial, answer.new_pin_proof), this.deps.mac.label, now);
    await this.deps.events.record({ action: 'pin.changed', civilNumber: device.civilNumber, actor: `device:${device.serial}`, device: device.serial });
  }

  /** The person's devices that can approve (active ones). */
  async activeDevices(civilNumber: string): Promise<DeviceRecord[]> {
    return (await this.deps.identities.devices(civilNumber)).filter((d) => d.status === 'active');
  }

}

/** Another device's challenge, or bytes the server did not issue: refused before anything is spent. */
function notIssued(): IdentityError {
  return new IdentityError('answer-invalid', 'the answer does not carry a challenge issued to this device');
}

function readAnswer(body: unknown): DeviceAnswer {
  try {
    return readDeviceAnswer(body);
  } catch (error) {
    throw new IdentityError('answer-invalid', (error as Error).message);
  }
}

function readChallenge(answer: DeviceAnswer): DeviceChallenge {
  try {
    return decodeChallenge(answer.challenge);
  } catch (error) {
    throw new IdentityError('answer-invalid', (error as Error).message);
  }
}

/** The serial and purpose of a device's own request, or `request-invalid`. */
function requestable(deviceSerial: unknown, purpose: unknown): { serial: string; purpose: ChallengePurpose } {
  if (!isDeviceSerial(deviceSerial)) throw new IdentityError('request-invalid', 'device must be a device serial number such as THQ-7K3M-9PXD');
  if (typeof purpose !== 'string' || !DEVICE_REQUESTABLE.includes(purpose as ChallengePurpose)) throw new IdentityError('request-invalid', `purpose must be one of ${DEVICE_REQUESTABLE.join(', ')}`);
  return { serial: deviceSerial, purpose: purpose as ChallengePurpose };
}

/**
 * Unseal answers are signed by the unseal key (the device key is still sealed), every other answer by
 * the device key, never the other way. A device without an unseal key has none (no signature verifies).
 */
function signingKeyOf(device: DeviceRecord, purpose: ChallengePurpose): Buffer | undefined {
  return purpose === 'unseal' ? device.unsealing?.keySpki : device.publicKeySpki;
}

function signatureVerifies(answer: DeviceAnswer, spki: Buffer | undefined): boolean {
  if (!spki) return false;
  const key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
  return verify('sha256', answerSigningBytes(answer), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(fromBase64url(answer.signature)));
}
