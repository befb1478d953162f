import type { Bilingual } from '@theqa/kernel';
import { IdentityError } from '../identity-error';
import type { DeviceRecord, IdentityEventSink } from '../ports';

/** As at registration: at most 60 characters. */
export const DEVICE_NAME_MAX_LENGTH = 60;
/** Letters and digits of any script, spaces, and a few marks people put in a phone's name. */
const DEVICE_NAME_CHARACTERS = /^[\p{L}\p{M}\p{N} ._'()\-،]+$/u;

/** A name as it is kept: trimmed, each run of spaces one space. */
export function normaliseDeviceName(name: string): string {
  return name.trim().replace(/\s+/gu, ' ');
}

/** What is wrong with a device name the person typed, in both languages; undefined when it is fine. */
export function deviceNameProblem(name: unknown): Bilingual | undefined {
  const typed = typeof name === 'string' ? normaliseDeviceName(name) : '';
  if (!typed) return { ar: 'اكتب اسماً للجهاز.', en: 'Type a name for the device.' };
  if ([...typed].length > DEVICE_NAME_MAX_LENGTH) return { ar: `اسم الجهاز ${DEVICE_NAME_MAX_LENGTH} حرفاً على الأكثر.`, en: `The device name is at most ${DEVICE_NAME_MAX_LENGTH} characters.` };
  if (!DEVICE_NAME_CHARACTERS.test(typed)) {
    return { ar: 'يتكوّن اسم الجهاز من حروف وأرقام ومسافات والعلامات - _ . \' ( ) ، فقط.', en: "The device name may contain letters, digits, spaces and - _ . ' ( ) ، only." };
  }
  return undefined;
}

/** A person's device after it was marked revoked, and the certificates that went with it. */
export interface RevokedDevice {
  device: DeviceRecord;
  /** False when the device was revoked already (a second report, or two at once): only one records the event. */
  changed: boolean;
  /** The qualified signing certificate of the device's signing key, if the device has one (HIGH). */
  signingCertificate?: string;
}

/** Where devices are renamed and revoked; each decided in one statement on the person's own device. */
export interface DeviceLifecycleStore {
  /** Renames the person's active device; undefined when it is not theirs or not active. */
  rename(civilNumber: string, serial: string, name: string): Promise<DeviceRecord | undefined>;
  /** active → revoked; undefined when the device is not the person's. */
  revoke(civilNumber: string, serial: string): Promise<RevokedDevice | undefined>;
}

/** The CA as a lost device needs it: revocation for key compromise, which OCSP and the CRL show at once. */
export interface CompromisedCertificates {
  /** 'already' when the certificate was revoked before (by a first report, or a PIN reset's superseding). */
  revoke(serialHex: string, actor: string): Promise<'revoked' | 'already'>;
}

export interface DeviceLifecycleDependencies {
  store: DeviceLifecycleStore;
  certificates: CompromisedCertificates;
  events: IdentityEventSink;
}

/** What a report of a lost device came to. */
export interface LostDevice {
  device: DeviceRecord;
  /** This report marked the device revoked (false: it was reported before). */
  newlyReported: boolean;
  /** Certificates this report revoked (a repeated report revokes what a failed first one left). */
  revokedCertificates: string[];
}

/**
 * What a person does to their own devices after registration: rename one, or report one lost. A lost
 * device is revoked at once — it can no longer log in, sign or be reset — and its certificates (the
 * device-authentication one and, at HIGH, the qualified signing one) are revoked for key compromise.
 */
export class DeviceLifecycle {
  constructor(private readonly deps: DeviceLifecycleDependencies) {}

  async rename(civilNumber: string, serial: string, name: unknown, actor: string): Promise<DeviceRecord> {
    const problem = deviceNameProblem(name);
    if (problem) throw new IdentityError('request-invalid', problem.en, { field: 'name' });
    const renamed = await this.deps.store.rename(civilNumber, serial, normaliseDeviceName(name as string));
    if (!renamed) throw new IdentityError('device-unknown', 'no active device of this person has this serial');
    await this.deps.events.record({ action: 'device.renamed', civilNumber, actor, device: serial, details: { name: renamed.name } });
    return renamed;
  }

  /**
   * The device is marked revoked first, so that from this moment it can neither log in nor sign; then
   * its certificates are revoked. A report repeated after a failure (the CA unreachable) finishes what
   * the first left undone.
   */
  async reportLost(civilNumber: string, serial: string, actor: string): Promise<LostDevice> {
    const revoked = await this.deps.store.revoke(civilNumber, serial);
    if (!revoked) throw new IdentityError('device-unknown', 'no device of this person has this serial');
    const certificates = [revoked.device.certificateSerial, revoked.signingCertificate].filter((s): s is string => !!s);
    const revokedCertificates: string[] = [];
    for (const certificate of certificates) {
      if ((await this.deps.certificates.revoke(certificate, actor)) === 'revoked') revokedCertificates.push(certificate);
    }
    if (revoked.changed || revokedCertificates.length) {
      await this.deps.events.record({
        action: 'device.reported-lost',
        civilNumber,
        actor,
        device: serial,
        details: { certificates, revoked_certificates: revokedCertificates, reason: 'keyCompromise', ...(revoked.changed ? {} : { repeated: true }) },
      });
    }
    return { device: revoked.device, newlyReported: revoked.changed, revokedCertificates };
  }
}
