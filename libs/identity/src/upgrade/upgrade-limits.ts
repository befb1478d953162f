import { DEFAULT_JOURNEY_LIMITS, type JourneyLimits } from '../enrolment/journey-limits';

/**
 * An upgrade's numbers: every journey's (steps lapse after 10 minutes, the journey after 30; 3 face
 * attempts; 3 codes, 3 tries each), and how long one QR code may be scanned. The portal shows a new
 * code when it lapses (`Upgrades.begin` again), as the login page does every two minutes.
 */
export interface UpgradeLimits extends JourneyLimits {
  scanSeconds: number;
}

export const DEFAULT_UPGRADE_LIMITS: UpgradeLimits = { ...DEFAULT_JOURNEY_LIMITS, scanSeconds: 120 };
