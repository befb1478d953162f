import { createHash, createHmac, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { buildDeviceKeyRequest, pinProofMessage, toPem } from '@theqa/device-protocol';
import type { CivilRegistry, FaceMatcher, RegistryPerson, SmsGateway, SmsRequest } from '@theqa/integrations';
import type { RateLimiter } from '@theqa/kernel';
import { IdentityError, type DeviceRecord, type IdentityEvent, type IdentityRecord, type JourneyRecord, type NewSigningKey, type SecretMac, type SigningCertificates } from '../src';
import type { UpgradeDependencies } from '../src/upgrade/upgrades';
import { pinVerifier } from '../src/pin/pin-verifier';

/**
 * The upgrade's ports in memory, for its unit tests: a clock the test moves, one identity store that
 * keeps journeys and identities as PostgreSQL would (optimistic versions, one open upgrade a person,
 * the claim once), and outside systems that answer as the test says.
 */
export class UpgradeWorld {
  now = new Date('2026-03-01T08:00:00Z');
  readonly journeys = new Map<string, { record: JourneyRecord; tokenSha256: Buffer }>();
  readonly identities = new Map<string, IdentityRecord>();
  readonly devices = new Map<string, DeviceRecord>();
  readonly persons = new Map<string, RegistryPerson>();
  readonly signingKeys: NewSigningKey[] = [];
  /** The signing key recorded for each device now (device_signing_key): a completion replaces it. */
  readonly recorded = new Map<string, NewSigningKey>();
  /** Certificates past their validity (the CA says 'revoked' for them, as SignatureTrust does). */
  readonly expired = new Set<string>();
  readonly events: IdentityEvent[] = [];
  readonly sms: SmsRequest[] = [];
  readonly issued: string[] = [];
  readonly revoked: string[] = [];
  /** The next completion fails with this (a race the test stages). */
  failNextCompletion?: Error;
  readonly mac: SecretMac = { label: 'test-mac', mac: async (data) => createHmac('sha256', 'test-key').update(data).digest() };

  dependencies(): UpgradeDependencies {
    // Arrow functions throughout: the ports read this world as the test changes it between calls.
    const copy = (record: JourneyRecord): JourneyRecord => structuredClone(record);
    const registry: CivilRegistry = {
      findPerson: async (n) => this.persons.get(n) && structuredClone(this.persons.get(n)),
      cardStatus: async (n, serial) => {
        const person = this.persons.get(n);
        const known = person?.card_serial_number === serial;
        return { civilNumber: n, cardSerial: serial, status: known ? person!.card_status : 'unknown', cardExpiryDate: known ? person!.card_expiry_date : null };
      },
      photo: async (n) => (this.persons.has(n) ? { bytes: Buffer.from(`photo of ${n}`), mediaType: 'image/png', sha256: '' } : undefined),
    };
    const faces: FaceMatcher = { compare: async (photo, selfie) => ({ match: Buffer.from(photo).equals(Buffer.from(selfie)), score: 0 }) };
    const sms: SmsGateway = { send: async (request) => (this.sms.push(request), String(this.sms.length)) };
    const counters: RateLimiter = { consume: async () => ({ allowed: true, retryAfterSeconds: 0 }) };
    const signingCertificates: SigningCertificates = {
      issue: async ({ csr }) => {
        const serialHex = `5E${String(this.issued.length + 1).padStart(14, '0')}`;
        this.issued.push(serialHex);
        return { serialHex, certificateDer: Buffer.from(csr), certificatePem: `certificate ${serialHex}`, chainPem: ['ca', 'root'], publicKeySpki: Buffer.from('spki') };
      },
      revoke: async (serialHex) => void this.revoked.push(serialHex),
      status: async (serialHex) => (this.revoked.includes(serialHex) || this.expired.has(serialHex) ? 'revoked' : this.issued.includes(serialHex) ? 'good' : 'unknown'),
    };
    return {
      journeys: {
        create: async (tokenSha256, record) => void this.journeys.set(record.id, { record: copy(record), tokenSha256 }),
        find: async (tokenSha256) => {
          const found = [...this.journeys.values()].find((j) => j.tokenSha256.equals(tokenSha256));
          return found && copy(found.record);
        },
        save: async (record) => this.save(record),
        recordTermsAcceptance: async () => undefined,
      },
      upgrades: {
        openOf: async (civilNumber) => {
          const found = [...this.journeys.values()].find((j) => j.record.kind === 'upgrade' && j.record.status === 'open' && j.record.civilNumber === civilNumber);
          return found && copy(found.record);
        },
        byId: async (id) => this.journeys.get(id) && copy(this.journeys.get(id)!.record),
        byScanRequest: async (request) => {
          const found = [...this.journeys.values()].find((j) => j.record.state.scan?.request === request);
          return found && copy(found.record);
        },
        create: async (record) => {
          if ([...this.journeys.values()].some((j) => j.record.kind === 'upgrade' && j.record.status === 'open' && j.record.civilNumber === record.civilNumber)) return false;
          this.journeys.set(record.id, { record: copy(record), tokenSha256: Buffer.alloc(32) });
          return true;
        },
        claim: async (record, request, tokenSha256) => {
          const stored = this.journeys.get(record.id);
          if (!stored || stored.record.version !== record.version || stored.record.state.scan?.request !== request || stored.record.step !== 'scan') return false;
          this.journeys.set(record.id, { record: { ...copy(record), version: record.version + 1 }, tokenSha256 });
          return true;
        },
        complete: async ({ journey, signingKey }) => {
          const failure = this.failNextCompletion;
          this.failNextCompletion = undefined;
          if (failure) throw failure;
          if (this.devices.get(signingKey.device)?.status !== 'active') throw new IdentityError('device-revoked', 'removed');
          if (!this.save(journey)) throw new IdentityError('journey-busy', 'busy');
          this.signingKeys.push(signingKey);
          const replaced = this.recorded.get(signingKey.device)?.certificateSerial;
          this.recorded.set(signingKey.device, signingKey);
          this.identities.get(journey.civilNumber)!.assurance = 'high';
          return replaced ? { replaced } : {};
        },
        signingKeyOf: async (device) => this.recorded.get(device) && { certificateSerial: this.recorded.get(device)!.certificateSerial },
      },
      identities: {
        find: async (n) => this.identities.get(n) && { ...this.identities.get(n)! },
        device: async (serial) => this.devices.get(serial) && { ...this.devices.get(serial)! },
        devices: async (n) => [...this.devices.values()].filter((d) => d.civilNumber === n),
        pinAttempt: async (n, check, rule) => {
          const identity = this.identities.get(n)!;
          if (identity.pinBlockedAt) return { outcome: 'blocked' };
          if (await check()) {
            identity.pinFailures = 0;
            return { outcome: 'right', identity: { ...identity } };
          }
          identity.pinFailures += 1;
          const blocked = identity.pinFailures >= rule.blockAt;
          if (blocked) identity.pinBlockedAt = rule.now;
          return { outcome: 'wrong', failures: identity.pinFailures, blocked };
        },
        register: unused,
        setDevicePin: unused,
        completePinReset: unused,
      },
      registry,
      sms,
      faces,
      signingCertificates,
      mac: this.mac,
      events: { record: async (event) => void this.events.push(event) },
      counters,
      server: 'https://theqa.example.om',
      clock: () => new Date(this.now),
    };
  }

  /** Records a signing key for the device with a good certificate, as a completed upgrade leaves it. */
  giveSigningKey(serial: string): string {
    const certificateSerial = `5D${String(this.recorded.size + 1).padStart(14, '0')}`;
    this.issued.push(certificateSerial);
    this.recorded.set(serial, { device: serial, publicKeySpki: Buffer.from('old spki'), certificateSerial, certificateDer: Buffer.from('old') });
    return certificateSerial;
  }

  /** Moves the clock. */
  later(seconds: number): void {
    this.now = new Date(this.now.getTime() + seconds * 1000);
  }

  /** A MEDIUM identity with one active device of the test's keys and PIN 739104. */
  async person(civilNumber: string, options: Partial<RegistryPerson> = {}, assurance: 'medium' | 'high' = 'medium'): Promise<{ person: RegistryPerson; device: TestKeys }> {
    const person = { ...PERSON, civil_number: civilNumber, card_serial_number: `C${civilNumber}`, phone_number: `+9689${civilNumber.slice(-7)}`, ...options } as RegistryPerson;
    this.persons.set(civilNumber, person);
    this.identities.set(civilNumber, { civilNumber, assurance, status: 'active', pinFailures: 0, createdAt: this.now });
    const device = await this.device(civilNumber);
    return { person, device };
  }

  async device(civilNumber: string): Promise<TestKeys> {
    const keys = newKeys();
    const serial = `THQ-${String(this.devices.size).padStart(4, '0')}-${civilNumber.slice(-4)}`;
    this.devices.set(serial, {
      serial,
      civilNumber,
      platform: 'test',
      name: 'Test phone',
      status: 'active',
      certificateSerial: 'AA',
      publicKeySpki: keys.spki,
      pinVerifier: await pinVerifier(this.mac, serial, pinProofOf(civilNumber)),
      pinMacKey: this.mac.label,
      createdAt: this.now,
    });
    return { ...keys, serial };
  }

  /** The code last sent to this phone. */
  lastCode(phone: string): string {
    const message = this.sms.filter((m) => m.to === phone).at(-1);
    return /\b(\d{6})\b/.exec(message?.text ?? '')![1];
  }

  eventsOf(civilNumber: string): string[] {
    return this.events.filter((e) => e.civilNumber === civilNumber).map((e) => e.action);
  }

  private save(record: JourneyRecord): boolean {
    const stored = this.journeys.get(record.id);
    if (!stored || stored.record.version !== record.version) return false;
    this.journeys.set(record.id, { record: { ...structuredClone(record), version: record.version + 1 }, tokenSha256: stored.tokenSha256 });
    return true;
  }
}

export interface TestKeys {
  serial: string;
  privateKey: KeyObject;
  spki: Buffer;
}

export function newKeys(): { privateKey: KeyObject; spki: Buffer } {
  const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { privateKey: pair.privateKey, spki: pair.publicKey.export({ type: 'spki', format: 'der' }) };
}

export async function csrOf(keys: { privateKey: KeyObject; spki: Buffer } = newKeys()): Promise<string> {
  return toPem('CERTIFICATE REQUEST', await buildDeviceKeyRequest(keys.spki, (data) => sign('sha256', data, { key: keys.privateKey, dsaEncoding: 'ieee-p1363' })));
}

export function pinProofOf(civilNumber: string, pin = '739104'): string {
  return createHash('sha256').update(pinProofMessage(civilNumber, pin)).digest('base64url');
}

function unused(): never {
  throw new Error('not used by the upgrade');
}

const PERSON: Partial<RegistryPerson> = {
  card_expiry_date: '2029-05-01',
  card_status: 'valid',
  full_name_en: 'Test Person',
  full_name_ar: 'شخص تجريبي',
  given_name_en: 'Test',
  family_name_en: 'Person',
  date_of_birth: '1980-01-01',
  date_of_death: null,
  visitor_visa_number: null,
};
