import type { RateLimit, RateLimiter } from '@theqa/kernel';
import { IdentityError } from '../identity-error';
import type { JourneyRecord } from '../ports';
import { ABUSE_LIMITS } from './abuse-limits';
import { callerNetwork } from './caller-network';

/** Who is asking, as the HTTP shell decides it (its `trust proxy` rule: only a proxy on loopback may name another address). */
export interface Caller {
  address: string;
}

/**
 * Counts each costly request against ABUSE_LIMITS, in the shared RateLimiter (PostgreSQL), and refuses
 * the one over a limit with `rate-limited` and the seconds until its window closes. The bucket names
 * live here, so every journey counts the same person, device and address in the same bucket.
 */
export class AbuseLimiter {
  constructor(private readonly counters: RateLimiter) {}

  /** A device's challenge request, counted for any serial alike (registered, removed or unknown). */
  async challengeRequest(serial: string, caller: Caller, now: Date): Promise<void> {
    await this.count(`device-challenge:address:${callerNetwork(caller.address)}`, ABUSE_LIMITS.deviceChallenges.perAddress, now, 'challenge requests from this address');
    await this.count(`device-challenge:device:${serial}`, ABUSE_LIMITS.deviceChallenges.perDevice, now, 'challenge requests for this device');
  }

  /** A journey start, before anything of the request is read. */
  async journeyStartFrom(caller: Caller, now: Date): Promise<void> {
    await this.count(`identity-journey:address:${callerNetwork(caller.address)}`, ABUSE_LIMITS.journeyStarts.perAddress, now, 'journeys started from this address');
  }

  async journeyStartFor(civilNumber: string, now: Date): Promise<void> {
    await this.count(`identity-journey:civil:${civilNumber}`, ABUSE_LIMITS.journeyStarts.perPerson, now, 'journeys started for this person');
  }

  async journeyStartForDevice(serial: string, now: Date): Promise<void> {
    await this.count(`identity-journey:device:${serial}`, ABUSE_LIMITS.journeyStarts.perDevice, now, 'PIN resets started for this device');
  }

  /** A selfie about to be compared: counted for the person and, on a PIN reset or an upgrade, for the device. */
  async faceAttempt(journey: JourneyRecord, now: Date): Promise<void> {
    await this.count(`identity-face:civil:${journey.civilNumber}`, ABUSE_LIMITS.faceAttempts.perPerson, now, 'face match attempts for this person');
    const device = deviceOf(journey);
    if (device) await this.count(`identity-face:device:${device}`, ABUSE_LIMITS.faceAttempts.perDevice, now, 'face match attempts for this device');
  }

  /** A code about to be sent to the phone on record. */
  async smsSend(journey: JourneyRecord, now: Date): Promise<void> {
    await this.count(`identity-sms:civil:${journey.civilNumber}`, ABUSE_LIMITS.smsSends.perPerson, now, 'codes sent to this person');
    const device = deviceOf(journey);
    if (device) await this.count(`identity-sms:device:${device}`, ABUSE_LIMITS.smsSends.perDevice, now, 'codes sent for this device');
  }

  private async count(bucket: string, rule: RateLimit, now: Date, what: string): Promise<void> {
    const verdict = await this.counters.consume(bucket, rule.limit, rule.windowSeconds, now);
    if (!verdict.allowed) throw new IdentityError('rate-limited', `too many ${what}: try again in ${verdict.retryAfterSeconds} seconds`, { retry_after: verdict.retryAfterSeconds });
  }
}

/** The device a journey is about: a PIN reset's or an upgrade's (a registration's serial is new, made for that journey alone). */
function deviceOf(journey: JourneyRecord): string | undefined {
  return journey.kind === 'registration' ? undefined : journey.state.deviceSerial;
}
