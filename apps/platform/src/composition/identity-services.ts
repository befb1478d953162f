import { X509Certificate } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { AuditLog } from '@theqa/audit';
import { CaError, toPem } from '@theqa/ca';
import type { CertificateAuthority } from '@theqa/ca-service';
import { DeviceChallenges, PinReset, Registration, Upgrades, readCardOf, type DeviceCertificates, type SecretMac, type SigningCertificates } from '@theqa/identity';
import type { KeyStore } from '@theqa/keys';
import { IdentityActivity, PostgresChallengeStore, PostgresIdentityStore, PostgresJourneyStore, PostgresPushChannel, PostgresRateLimiter, PostgresUpgradeStore } from '@theqa/persistence';
import { PIN_MAC_KEY_LABEL, SecurityNotices, type DevelopmentTools, type IdentityServices } from '@theqa/trust-services';
import type { ExternalSystems } from './external-systems';

/**
 * Wires the identity journeys to PostgreSQL, the CA, the key store and the outside systems.
 * `publicBaseUrl`: where wallets reach the platform; the upgrade's QR codes name its origin.
 */
export async function openIdentityServices(options: {
  dataSource: DataSource;
  ca: CertificateAuthority;
  keyStore: KeyStore;
  audit: AuditLog;
  activity?: IdentityActivity;
  external: ExternalSystems;
  publicBaseUrl: string;
}): Promise<IdentityServices> {
  const { dataSource, ca, external } = options;
  const { registry, faces, sms } = external;
  const mac: SecretMac = await options.keyStore.macKey(PIN_MAC_KEY_LABEL);
  const journeys = new PostgresJourneyStore(dataSource);
  const identities = new PostgresIdentityStore(dataSource);
  const activity = options.activity ?? new IdentityActivity(dataSource, options.audit);
  const push = new PostgresPushChannel(dataSource);
  const events = new SecurityNotices(activity, identities, push);
  const certificates = deviceCertificates(ca);
  // The counters of ABUSE_LIMITS, shared by every instance and with the login's limits (one table).
  const counters = new PostgresRateLimiter(dataSource);
  const citizenSigning = signingCertificates(ca);
  const common = { journeys, identities, registry, sms, faces, certificates, mac, events, counters };
  return {
    registration: new Registration({ ...common, cardSignerCertificate: () => ca.authorities.get('card-data-signer').certificateDer }),
    pinReset: new PinReset({ ...common, signingCertificates: citizenSigning }),
    upgrades: new Upgrades({
      ...common,
      upgrades: new PostgresUpgradeStore(dataSource),
      signingCertificates: citizenSigning,
      server: new URL(options.publicBaseUrl).origin,
    }),
    challenges: new DeviceChallenges({ identities, challenges: new PostgresChallengeStore(dataSource), registry, mac, events, counters }),
    identities,
    activity,
    registry,
    push,
  };
}

/**
 * Development only: what a phone has and a server does not — the card's chip (an NFC read, signed by
 * the card-data signer as a genuine card's chip is), the camera, the person's SMS inbox.
 */
export function developmentTools(ca: CertificateAuthority, external: ExternalSystems): DevelopmentTools | undefined {
  const standIns = external.standIns;
  if (!standIns) return undefined;
  return {
    async readCard(civilNumber) {
      const person = await external.registry.findPerson(civilNumber);
      if (!person) return undefined;
      const signer = ca.authorities.get('card-data-signer');
      return readCardOf(person, { sign: (data) => signer.key.sign(data), certificateDer: signer.certificateDer });
    },
    selfie: (civilNumber, of) => standIns.selfie(civilNumber, of),
    sentSms: (phone, limit) => standIns.outbox.list(phone, limit),
  };
}

function deviceCertificates(ca: CertificateAuthority): DeviceCertificates {
  return {
    async issue({ csr, identity, actor }) {
      const issued = await ca.issueForCitizen({ csr, profile: 'device-authentication', identity, actor });
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

/** The Citizen Signing CA's qualified certificates (profile qualified-signing), as `npx theqa ca issue --profile qualified-signing` issues them. */
function signingCertificates(ca: CertificateAuthority): SigningCertificates {
  return {
    async issue({ csr, identity, actor }) {
      const issued = await ca.issueForCitizen({ csr, profile: 'qualified-signing', identity, actor });
      // Answered at once by OCSP (the signing service asks about it at the first signature); an
      // answer made later on demand is as good, so a failure here does not fail the upgrade.
      await ca.ocsp.presign(issued.issuer, issued.serialHex).catch(() => undefined);
      const issuer = ca.authorities.get(issued.issuer);
      const root = ca.authorities.get('theqa-root-ca');
      return {
        serialHex: issued.serialHex,
        certificateDer: issued.der,
        certificatePem: toPem(issued.der),
        chainPem: [toPem(issuer.certificateDer), toPem(root.certificateDer)],
        publicKeySpki: new X509Certificate(issued.der).publicKey.export({ type: 'spki', format: 'der' }),
      };
    },
    async revoke(serialHex, reason, actor) {
      const comment = reason === 'superseded' ? 'signing key of the device renewed' : 'signing key not recorded (an upgrade that did not complete) or dropped at a PIN reset';
      try {
        await ca.revocation.revoke({ serialHex, reason, actor, comment });
      } catch (error) {
        // Revoked already (the key renewed because its certificate was revoked): nothing left to do.
        if (error instanceof CaError && error.details.status === 'revoked') return;
        throw error;
      }
    },
    // As the signing service judges a signer's certificate (SignatureTrust.certificateStatus): good only
    // when the ledger says good and now is within its validity.
    async status(serialHex, at) {
      const record = await ca.ledger.find(serialHex.toUpperCase());
      if (!record?.der) return 'unknown';
      if (record.status !== 'good') return 'revoked';
      const certificate = new X509Certificate(record.der);
      return new Date(certificate.validFrom) <= at && at < new Date(certificate.validTo) ? 'good' : 'revoked';
    },
  };
}
