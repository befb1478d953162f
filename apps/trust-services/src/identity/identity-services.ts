import type { SignedCardData } from '@theqa/device-protocol';
import type { DeviceChallenges, IdentityStore, PinReset, Registration, Upgrades } from '@theqa/identity';
import type { CivilRegistry, SmsMessage } from '@theqa/integrations';
import type { IdentityActivity, PostgresPushChannel } from '@theqa/persistence';

/** The key-store label of the MAC key behind PIN verifiers and one-time codes; a rotation is a new label. */
export const PIN_MAC_KEY_LABEL = 'identity-secrets-mac-1';

/** The identity journeys and stores the enrolment and device endpoints serve (constructed by the composition root). */
export interface IdentityServices {
  registration: Registration;
  pinReset: PinReset;
  /** The upgrade to HIGH: begun by the portal (`begin`, `status`, `abandon`), carried on by the wallet (/identity/upgrades). */
  upgrades: Upgrades;
  challenges: DeviceChallenges;
  identities: IdentityStore;
  activity: IdentityActivity;
  registry: CivilRegistry;
  push: PostgresPushChannel;
}

/**
 * Development only: stand-ins for what a phone has and a server does not, served under /dev. In
 * production the composition root provides none and the routes do not exist at all.
 */
export interface DevelopmentTools {
  /** What an NFC read of this person's ID card yields. */
  readCard(civilNumber: string): Promise<SignedCardData | undefined>;
  /** A selfie as the camera would take it: of the person, or of somebody else. */
  selfie(civilNumber: string, of: 'person' | 'impostor'): Promise<Buffer | undefined>;
  /** Messages the SMS stand-in "sent", newest first. */
  sentSms(phone: string | undefined, limit: number): Promise<SmsMessage[]>;
}
