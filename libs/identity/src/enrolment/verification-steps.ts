import { IntegrationError, type CivilRegistry, type FaceMatcher, type SmsGateway } from '@theqa/integrations';
import type { AbuseLimiter } from '../abuse/abuse-limiter';
import { externalUnavailable, IdentityError } from '../identity-error';
import type { JourneyRecord, SecretMac } from '../ports';
import type { JourneyGuard } from './journey-guard';
import type { JourneyLimits } from './journey-limits';
import { drawOneTimeCode, oneTimeCodeMac, oneTimeCodeMatches } from './one-time-code';

export interface VerificationDependencies {
  guard: JourneyGuard;
  registry: CivilRegistry;
  faces: FaceMatcher;
  sms: SmsGateway;
  mac: SecretMac;
  limits: JourneyLimits;
  /** The person's and the device's counts across journeys (ABUSE_LIMITS), beside the journey's own. */
  abuse: AbuseLimiter;
}

/** What each journey's codes are sent for (the dev outbox and the wallets read them by it). */
const SMS_PURPOSE: Record<JourneyRecord['kind'], string> = { registration: 'enrolment-otp', 'pin-reset': 'pin-reset-otp', upgrade: 'upgrade-otp' };

const SMS_TEXT = (code: string) => `رمز التحقق من ثقة: ${code}\nTheqa verification code: ${code}\nلا تشاركه مع أحد / Do not share it.`;

/**
 * The two re-verification steps that registration, PIN reset and the upgrade share: the face against the registry
 * photo, then a one-time code sent to the phone on record. Each journey allows a few of each; the
 * person (and, on a PIN reset, the device) a few more across journeys, counted before the selfie is
 * compared or the code sent.
 */
export class VerificationSteps {
  constructor(private readonly deps: VerificationDependencies) {}

  async face(journey: JourneyRecord, selfieBase64: unknown, now: Date, next: { step: string; until: Date }): Promise<{ attemptsLeft: number }> {
    const selfie = decodeSelfie(selfieBase64, this.deps.limits.selfieBytes);
    await this.deps.abuse.faceAttempt(journey, now);
    const photo = await this.deps.registry.photo(journey.civilNumber);
    if (!photo) throw new IdentityError('person-unknown', 'the civil registry has no photo of this person');
    let match: boolean;
    try {
      match = (await this.deps.faces.compare(photo.bytes, selfie)).match;
    } catch (error) {
      if (error instanceof IntegrationError && error.code === 'image-unreadable') throw new IdentityError('request-invalid', 'the selfie is not a readable image');
      if (error instanceof IntegrationError && error.retryable) throw externalUnavailable('face matching is unavailable; try again later', error);
      throw error;
    }
    if (!match) {
      journey.state.faceAttempts += 1;
      const attemptsLeft = this.deps.limits.faceAttempts - journey.state.faceAttempts;
      if (attemptsLeft <= 0) {
        await this.deps.guard.fail(journey, 'face-attempts-exhausted', now);
        throw new IdentityError('face-attempts-exhausted', 'the face did not match the civil registry photo too many times: the journey is closed');
      }
      await this.deps.guard.save(journey);
      throw new IdentityError('face-mismatch', 'the face does not match the civil registry photo', { attempts_left: attemptsLeft });
    }
    await this.sendCode(journey, now, 0);
    journey.step = next.step;
    journey.stepExpiresAt = next.until;
    await this.deps.guard.save(journey);
    return { attemptsLeft: this.deps.limits.faceAttempts - journey.state.faceAttempts };
  }

  async resend(journey: JourneyRecord, now: Date): Promise<void> {
    const otp = journey.state.otp;
    if (!otp) throw new IdentityError('step-out-of-order', 'no code was sent on this journey yet');
    const wait = Math.ceil((new Date(otp.lastSentAt).getTime() + this.deps.limits.otpResendSeconds * 1000 - now.getTime()) / 1000);
    if (wait > 0) throw new IdentityError('otp-resend-too-soon', `a new code can be sent in ${wait} seconds`, { retry_after: wait });
    if (otp.sends >= this.deps.limits.otpSends) throw new IdentityError('otp-resend-too-soon', 'no more codes can be sent on this journey: start again', { retry_after: null });
    await this.sendCode(journey, now, otp.sends);
    await this.deps.guard.save(journey);
  }

  async code(journey: JourneyRecord, code: unknown, now: Date, next: { step: string; until: Date }): Promise<void> {
    const otp = journey.state.otp;
    if (!otp) throw new IdentityError('step-out-of-order', 'no code was sent on this journey yet');
    if (typeof code !== 'string' || !/^\d{6}$/.test(code)) throw new IdentityError('request-invalid', 'the code is 6 digits');
    if (new Date(otp.expiresAt) <= now) throw new IdentityError('otp-expired', 'the code has expired: ask for a new one');
    if (!(await oneTimeCodeMatches(this.deps.mac, journey.id, code, otp.mac))) {
      otp.attempts += 1;
      const attemptsLeft = this.deps.limits.otpAttempts - otp.attempts;
      if (attemptsLeft <= 0) {
        await this.deps.guard.fail(journey, 'otp-attempts-exhausted', now);
        throw new IdentityError('otp-attempts-exhausted', 'the code was wrong three times: the journey is closed');
      }
      await this.deps.guard.save(journey);
      throw new IdentityError('otp-wrong', 'the code is wrong', { attempts_left: attemptsLeft });
    }
    journey.state.otp = undefined;
    journey.step = next.step;
    journey.stepExpiresAt = next.until;
    await this.deps.guard.save(journey);
  }

  private async sendCode(journey: JourneyRecord, now: Date, previousSends: number): Promise<void> {
    await this.deps.abuse.smsSend(journey, now);
    const code = drawOneTimeCode();
    journey.state.otp = {
      mac: await oneTimeCodeMac(this.deps.mac, journey.id, code),
      expiresAt: new Date(now.getTime() + this.deps.limits.otpMinutes * 60_000).toISOString(),
      attempts: 0,
      sends: previousSends + 1,
      lastSentAt: now.toISOString(),
    };
    try {
      await this.deps.sms.send({ to: journey.state.phoneOnRecord, text: SMS_TEXT(code), purpose: SMS_PURPOSE[journey.kind] });
    } catch (error) {
      if (error instanceof IntegrationError && error.retryable) throw externalUnavailable('the code could not be sent; try again later', error);
      throw error;
    }
  }
}

function decodeSelfie(value: unknown, limit: number): Buffer {
  if (typeof value !== 'string' || value.length === 0 || value.length > Math.ceil((limit * 4) / 3) + 4 || !/^[A-Za-z0-9+/]+={0,2}$/.test(value)) {
    throw new IdentityError('request-invalid', `selfie must be a base64 PNG of at most ${limit} bytes`);
  }
  return Buffer.from(value, 'base64');
}
