import { IDENTITY_ERRORS, IdentityError } from '@theqa/identity';
import type { Bilingual } from '@theqa/kernel';

/** Why the upgrade cannot go on as asked, and what the person can do: shown at the top of the page. */
export interface UpgradeRefusal {
  /** The IdentityError code, or the portal's own (`device-not-picked`). */
  code: string;
  /** The HTTP status the page is answered with. */
  status: number;
  title: Bilingual;
  next?: Bilingual;
  /** Whether picking a device is the way on: the message then leads to the devices. */
  aboutDevice: boolean;
}

/** Refusals whose way out is picking another device. */
const ABOUT_DEVICE = new Set(['device-not-yours', 'device-not-picked']);

/** An IdentityError of the upgrade, worded as IDENTITY_ERRORS words it (the wallet says the same). */
export function refusalOf(error: IdentityError): UpgradeRefusal {
  const known = IDENTITY_ERRORS[error.code];
  return { code: error.code, status: known.status, title: { ar: known.ar, en: known.en }, next: known.next, aboutDevice: ABOUT_DEVICE.has(error.code) };
}

/** Continue without a device picked, or with something that is not a serial number. */
export const NO_DEVICE_PICKED: UpgradeRefusal = {
  code: 'device-not-picked',
  status: 400,
  title: { ar: 'اختر الجهاز الذي تريد ترقيته برقمه التسلسلي.', en: 'Pick the device to upgrade by its serial number.' },
  aboutDevice: true,
};

/** A device picked that is not one of the person's active devices: the very words of the upgrade's own refusal. */
export const DEVICE_NOT_YOURS: UpgradeRefusal = refusalOf(new IdentityError('device-not-yours', 'not an active device of this person'));

/** A HIGH identity's device picked for the renewal that already holds a usable signing key: nothing to renew; pick another. */
export const ALREADY_SIGNS: UpgradeRefusal = { ...refusalOf(new IdentityError('already-high', 'the device already holds a usable signing key')), aboutDevice: true };
