import { createHash, randomBytes } from 'node:crypto';
import { IdentityError } from '../identity-error';
import type { IdentityEventSink, JourneyRecord, JourneyStore } from '../ports';

export function newJourneyToken(): { token: string; tokenSha256: Buffer } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenSha256: tokenHash(token) };
}

export function tokenHash(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** The event of a journey that failed, by its kind. */
const FAILED: Record<JourneyRecord['kind'], string> = { registration: 'enrolment.failed', 'pin-reset': 'pin.reset-failed', upgrade: 'upgrade.failed' };

/**
 * The checks every step makes before it does anything, in the order oidc-provider would name them:
 * the journey exists, is still open, has not lapsed, is at this step, and the step has not lapsed.
 * A lapsed journey is closed as failed, so it can never be picked up again.
 */
export class JourneyGuard {
  constructor(
    private readonly journeys: JourneyStore,
    private readonly events: IdentityEventSink,
  ) {}

  async load(token: unknown, now: Date, expected: { kind: JourneyRecord['kind']; step: string }): Promise<JourneyRecord> {
    const journey = await this.loadOpen(token, now, expected.kind);
    if (journey.step !== expected.step) {
      throw new IdentityError('step-out-of-order', `the journey is at step "${journey.step}", not "${expected.step}"`, { expected_step: journey.step });
    }
    if (journey.stepExpiresAt <= now) {
      await this.fail(journey, 'step-expired', now);
      throw new IdentityError('step-expired', `step "${journey.step}" was not completed in time: start again`);
    }
    return journey;
  }

  /** The first checks alone (exists, open, not lapsed), whatever its step: for reading where a journey stands. */
  async loadOpen(token: unknown, now: Date, kind: JourneyRecord['kind']): Promise<JourneyRecord> {
    const journey = typeof token === 'string' && token.length === 43 ? await this.journeys.find(tokenHash(token)) : undefined;
    if (!journey || journey.kind !== kind) throw new IdentityError('journey-unknown', 'no such journey: start again');
    if (journey.status !== 'open') throw new IdentityError('journey-closed', `this journey has ${journey.status === 'completed' ? 'already completed' : 'failed'}: start again`, journey.failure ? { failure: journey.failure } : {});
    if (journey.expiresAt <= now) {
      await this.fail(journey, 'journey-expired', now);
      throw new IdentityError('journey-expired', 'the journey took too long and has expired: start again');
    }
    return journey;
  }

  /** Saves, refusing a concurrent second request on the same journey. */
  async save(journey: JourneyRecord): Promise<void> {
    if (!(await this.journeys.save(journey))) throw new IdentityError('journey-busy', 'another request changed this journey at the same time; retry');
    journey.version += 1;
  }

  async fail(journey: JourneyRecord, reason: string, _now: Date): Promise<void> {
    journey.status = 'failed';
    journey.failure = reason;
    if (await this.journeys.save(journey)) {
      journey.version += 1;
      await this.events.record({
        action: FAILED[journey.kind],
        civilNumber: journey.civilNumber,
        actor: `journey:${journey.id}`,
        device: journey.state.deviceSerial,
        details: { reason, step: journey.step, ...(journey.state.renewal ? { renewal: true } : {}) },
      });
    }
  }
}
