import type { AssuranceLevel } from '@theqa/kernel';
import type { ActivityDescription } from '../activity/describe-activity';
import type { ActivityEntry } from '../activity/activity-entry';
import type { IdentityRecord } from '../ports';
import { PIN_ATTEMPTS } from '../pin/device-pin-check';
import type { HolderCertificate, SuspensionRecord } from './support-ports';

/** `ok`; `blocked` by wrong PINs; `reset-required` by an administrator. Both blocked states end with the reset journey. */
export type PinState = 'ok' | 'blocked' | 'reset-required';

export interface PinStatus {
  state: PinState;
  /** Wrong PINs in a row so far. */
  failures: number;
  attemptsLeft: number;
  blockedSince?: Date;
}

export interface OverviewDevice {
  serial: string;
  name: string;
  platform: string;
  status: 'active' | 'revoked';
  /** The device-authentication certificate's serial. */
  certificateSerial: string;
  createdAt: Date;
}

export interface OverviewCertificate extends HolderCertificate {
  /** The device whose key it certifies, when it is one of the person's devices' (authentication or signing). */
  device?: string;
  /** On hold because of the open suspension (a restore releases it); false for a hold with another reason. */
  heldBySuspension: boolean;
}

export interface OverviewEvent extends ActivityEntry {
  description: ActivityDescription;
}

/** Everything the support desk sees of one person, in one answer. */
export interface PersonOverview {
  civilNumber: string;
  identity: {
    assurance: AssuranceLevel;
    status: 'active' | 'suspended';
    email?: string;
    createdAt: Date;
    /** The open suspension, while the identity is suspended. */
    suspension?: SuspensionRecord;
  };
  devices: OverviewDevice[];
  certificates: OverviewCertificate[];
  pin: PinStatus;
  /** The person's recent activity, newest first, with its words in Arabic and English. */
  events: OverviewEvent[];
}

export function pinStatusOf(identity: IdentityRecord): PinStatus {
  const state: PinState = identity.pinResetRequired ? 'reset-required' : identity.pinBlockedAt ? 'blocked' : 'ok';
  return {
    state,
    failures: identity.pinFailures,
    attemptsLeft: state === 'ok' ? Math.max(0, PIN_ATTEMPTS - identity.pinFailures) : 0,
    ...(identity.pinBlockedAt ? { blockedSince: identity.pinBlockedAt } : {}),
  };
}
