import { X509Certificate } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { toPem } from '@theqa/ca';
import type { CertificateAuthority } from '@theqa/ca-service';
import type { SignedCardData } from '@theqa/device-protocol';
import { DeviceChallenges, PinReset, Registration, readCardOf, type DeviceCertificates, type SecretMac } from '@theqa/identity';
import { OutboxSmsGateway, SyntheticCivilRegistry, SyntheticFaceMatcher } from '@theqa/dev-standins';
import type { CivilRegistry, FaceMatcher, SmsGateway } from '@theqa/integrations';
import { IdentityActivity, PostgresAuditLog, PostgresPushChannel, PostgresChallengeStore, PostgresIdentityStore, PostgresJourneyStore, PostgresSmsOutbox } from '@theqa/persistence';

import { SecurityNotices } from './security-notices';

/** The key-store label of the MAC key behind PIN verifiers and one-time codes; a rotation is a new label. */
export const PIN_MAC_KEY_LABEL = 'identity-secrets-mac-1';

export interface IdentityServices {
  registration: Registration;
  pinReset: PinReset;
  challenges: DeviceChallenges;
  identities: PostgresIdentityStore;
  activity: IdentityActivity;
  registry: CivilRegistry;
  smsOutbox: PostgresSmsOutbox;
  push: PostgresPushChannel;
  /** Development only: what an NFC read of this person's card yields. */
  readCard(civilNumber: string): Promise<SignedCardData | undefined>;
}

export interface IdentityServicesOptions {
  dataSource: DataSource;
  ca: CertificateAuthority;
  /** The outside systems; dev adapters when absent (production adapters are configured by environment later). */
  registry?: CivilRegistry;
  faces?: FaceMatcher;
  sms?: SmsGateway;
}

/** Wires the identity journeys to PostgreSQL, the CA and the outside systems. */
export async function openIdentityServices(options: IdentityServicesOptions): Promise<IdentityServices> {
  const { dataSource, ca } = options;
  const registry = options.registry ?? new SyntheticCivilRegistry();
  const faces = options.faces ?? new SyntheticFaceMatcher();
  const smsOutbox = new PostgresSmsOutbox(dataSource);
  const sms = options.sms ?? new OutboxSmsGateway(smsOutbox);
  const mac: SecretMac = await ca.macKey(PIN_MAC_KEY_LABEL);
  const journeys = new PostgresJourneyStore(dataSource);
  const identities = new PostgresIdentityStore(dataSource);
  const activity = new IdentityActivity(dataSource, new PostgresAuditLog(dataSource));
  const push = new PostgresPushChannel(dataSource);
  const events = new SecurityNotices(activity, identities, push);
  const certificates = deviceCertificates(ca);
  const cardSigner = () => ca.authorities.get('card-data-signer');
  const common = { journeys, identities, registry, sms, faces, certificates, mac, events };
  return {
    registration: new Registration({ ...common, cardSignerCertificate: () => cardSigner().certificateDer }),
    pinReset: new PinReset(common),
    challenges: new DeviceChallenges({ identities, challenges: new PostgresChallengeStore(dataSource), registry, mac, events }),
    identities,
    activity,
    registry,
    smsOutbox,
    push,
    async readCard(civilNumber) {
      const person = await registry.findPerson(civilNumber);
      if (!person) return undefined;
      const signer = cardSigner();
      return readCardOf(person, { sign: (data) => signer.key.sign(data), certificateDer: signer.certificateDer });
    },
  };
}

function deviceCertificates(ca: CertificateAuthority): DeviceCertificates {
  return {
    async issue({ csr, identity, actor }) {
      const issued = await ca.issuer.issueForCitizen({ csr, profile: 'device-authentication', identity, actor });
      const issuer = ca.authorities.get(issued.issuer);
      const root = ca.authorities.get('theqa-root-ca');
      return {
        serialHex: issued.serialHex,
        certificatePem: toPem(issued.der),
        chainPem: [toPem(issuer.certificateDer), toPem(root.certificateDer)],
        publicKeySpki: new X509Certificate(issued.der).publicKey.export({ type: 'spki', format: 'der' }),
      };
    },
    async revoke(serialHex, reason, actor) {
      await ca.revocation.revoke({ serialHex, reason, actor, comment: 'device certificate replaced or registration undone' });
    },
  };
}
