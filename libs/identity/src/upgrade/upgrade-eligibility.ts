import { isDeviceSerial } from '@theqa/device-protocol';
import type { CivilRegistry, RegistryPerson } from '@theqa/integrations';
import { isCivilNumber } from '@theqa/kernel';
import { assertCardHolder, withRegistry } from '../card/card-validity';
import { IdentityError } from '../identity-error';
import type { DeviceRecord, IdentityRecord, IdentityStore, SigningCertificates, UpgradeStore } from '../ports';
import { signingKeyState } from './signing-key-state';

/** What the checks of an upgrade's start learn, each from the one before. */
export interface Eligibility {
  civilNumber: string;
  deviceSerial: string;
  identity?: IdentityRecord;
  device?: DeviceRecord;
  person?: RegistryPerson;
  /** The identity is HIGH already: the journey renews the device's signing key (it has no usable one). */
  renewal?: boolean;
  /** What the person confirmed, when they confirmed one: an upgrade confirmed while MEDIUM is no renewal once HIGH. */
  purpose?: 'upgrade' | 'renewal';
}

export interface EligibilityDependencies {
  identities: IdentityStore;
  registry: CivilRegistry;
  upgrades: Pick<UpgradeStore, 'signingKeyOf'>;
  signingCertificates: Pick<SigningCertificates, 'status'>;
}

type Check = (facts: Eligibility, deps: EligibilityDependencies, now: Date) => Promise<void>;

/**
 * Who may start an upgrade, as small named checks run in this order (cheapest and most telling
 * first): a digital identity, active; the device picked is one of the person's active devices; a
 * MEDIUM identity is upgraded, a HIGH one only renews the signing key of a device that has no usable
 * one (`already-high` when the device's key is good: nothing to do); and the person may still hold an
 * identity at all, with the very refusals of enrolment (assertCardHolder: deceased, card cancelled or
 * expired).
 */
export const UPGRADE_ELIGIBILITY: ReadonlyArray<readonly [string, Check]> = [
  [
    'identity_exists',
    async (facts, { identities }) => {
      facts.identity = await identities.find(facts.civilNumber);
      if (!facts.identity) throw new IdentityError('identity-unknown', 'this person has no digital identity: register with the wallet first');
    },
  ],
  [
    'identity_active',
    async ({ identity }) => {
      if (identity?.status !== 'active') throw new IdentityError('identity-suspended', 'the digital identity is suspended');
    },
  ],
  [
    'device_is_theirs',
    async (facts, { identities }) => {
      // An unknown serial, another person's device and a removed one are one answer: the portal's
      // person learns nothing about devices that are not theirs.
      const device = await identities.device(facts.deviceSerial);
      if (!device || device.civilNumber !== facts.civilNumber || device.status !== 'active') {
        throw new IdentityError('device-not-yours', `device ${facts.deviceSerial} is not an active device of this identity`);
      }
      facts.device = device;
    },
  ],
  [
    'signing_key_needed',
    async (facts, deps, now) => {
      if (facts.identity?.assurance !== 'high') return;
      // An upgrade confirmed on a page read while MEDIUM (a form left open, sent after the upgrade completed).
      if (facts.purpose === 'upgrade') throw new IdentityError('already-high', 'the digital identity is already HIGH: nothing to upgrade');
      if ((await signingKeyState(facts.deviceSerial, deps, now)) === 'usable') {
        throw new IdentityError('already-high', `the digital identity is already HIGH and device ${facts.deviceSerial} has a usable signing key: nothing to upgrade or renew`);
      }
      facts.renewal = true;
    },
  ],
  [
    'may_hold_identity',
    async (facts, { registry }, now) => {
      const person = await withRegistry(() => registry.findPerson(facts.civilNumber));
      if (!person) throw new IdentityError('person-unknown', 'the civil registry no longer knows this person');
      await assertCardHolder(registry, person, person, now);
      facts.person = person;
    },
  ],
];

/** Runs every check in order; the first refusal stops them. */
export async function checkEligibility(input: { civilNumber: unknown; device: unknown; purpose?: 'upgrade' | 'renewal' }, deps: EligibilityDependencies, now: Date): Promise<Required<Omit<Eligibility, 'renewal'>> & Pick<Eligibility, 'renewal'>> {
  if (typeof input?.civilNumber !== 'string' || !isCivilNumber(input.civilNumber)) throw new IdentityError('request-invalid', 'civilNumber must be a civil number');
  if (!isDeviceSerial(input?.device)) throw new IdentityError('request-invalid', 'device must be a device serial number such as THQ-7K3M-9PXD');
  const facts: Eligibility = { civilNumber: input.civilNumber, deviceSerial: input.device, ...(input.purpose === 'upgrade' || input.purpose === 'renewal' ? { purpose: input.purpose } : {}) };
  for (const [, check] of UPGRADE_ELIGIBILITY) await check(facts, deps, now);
  return facts as Required<Omit<Eligibility, 'renewal'>> & Pick<Eligibility, 'renewal'>;
}
