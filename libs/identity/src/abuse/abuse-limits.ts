import type { RateLimit } from '@theqa/kernel';

const MINUTE = 60;
const DAY = 86_400;

/**
 * How often a person, a device and a caller's address may ask for what costs the platform, the civil
 * registry, the face-matching service or the SMS gateway something, counted in PostgreSQL across
 * journeys (a new journey does not restart a count). One place for every number; docs/decisions.md
 * says why each is what it is.
 *
 * - Per person (civil number) and per device: a day. A genuine registration takes one journey, one face
 *   attempt and one to three codes; a person who fails twice and starts again stays far within.
 * - Per address: a minute, high enough for many people behind one carrier's address (CGNAT) and for
 *   the platform's own test runs on loopback, low enough that one address cannot sweep through serials
 *   or replay card reads in bulk. An IPv6 address counts with its /64 (callerNetwork).
 * - Every window is at most a day: housekeeping purges a counter a day after its window opened.
 */
export const ABUSE_LIMITS = {
  /** Challenges a device asks for itself (POST /devices/<serial>/challenges, every purpose, `unseal` too). */
  deviceChallenges: {
    perDevice: { limit: 30, windowSeconds: MINUTE },
    perAddress: { limit: 120, windowSeconds: MINUTE },
  },
  /** Registration and PIN-reset journeys started (one count per person for both kinds). */
  journeyStarts: {
    perPerson: { limit: 10, windowSeconds: DAY },
    perDevice: { limit: 5, windowSeconds: DAY },
    perAddress: { limit: 120, windowSeconds: MINUTE },
  },
  /** Selfies compared with the registry photo, matching or not (each journey also allows 3). */
  faceAttempts: {
    perPerson: { limit: 10, windowSeconds: DAY },
    perDevice: { limit: 6, windowSeconds: DAY },
  },
  /** One-time codes sent to the phone on record (each journey also allows 3, 60 s apart). */
  smsSends: {
    perPerson: { limit: 10, windowSeconds: DAY },
    perDevice: { limit: 6, windowSeconds: DAY },
  },
} as const satisfies Record<string, Record<string, RateLimit>>;
