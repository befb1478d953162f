import type { DataSource } from 'typeorm';
import { CaError, reasonName } from '@theqa/ca';
import type { CertificateAuthority } from '@theqa/ca-service';
import type { Gateway } from '@theqa/gateway';
import { IdentitySupport, type HolderCertificates, type PersonSessions } from '@theqa/identity';
import { PostgresDeviceSigningKeys, PostgresIdentitySupport, PostgresPortalSessions } from '@theqa/persistence';
import type { IdentityServices } from '@theqa/trust-services';

/** More certificates than any one person holds (every PIN reset with a new key adds one): a suspension holds them all. */
const CERTIFICATES_OF_A_PERSON = 1000;

/**
 * The support desk's services over the platform's: the CA's ledger and certificateHold, the gateway's
 * grants and the portal's sessions, the identity store and the person's activity.
 */
export function openIdentitySupport(context: { dataSource: DataSource; ca: CertificateAuthority; identity: IdentityServices; gateway: Gateway }): IdentitySupport {
  const { dataSource, ca, identity, gateway } = context;
  const portalSessions = new PostgresPortalSessions(dataSource);
  const sessions: PersonSessions = {
    async end(civilNumber) {
      const grants = await gateway.endGrantsOfPerson(civilNumber);
      // Every portal session of the person: its devices' and the ID card's (which has no device).
      return { grants, sessions: await portalSessions.endOfPerson(civilNumber) };
    },
  };
  return new IdentitySupport({
    identities: identity.identities,
    store: new PostgresIdentitySupport(dataSource),
    certificates: holderCertificates(ca, new PostgresDeviceSigningKeys(dataSource)),
    sessions,
    activity: identity.activity,
    events: identity.activity,
  });
}

/** The CA's ledger and its hold and release, as identity support sees them (statuses, never the DER). */
function holderCertificates(ca: CertificateAuthority, signingKeys: PostgresDeviceSigningKeys): HolderCertificates {
  return {
    async of(civilNumber) {
      const [records, keys] = await Promise.all([ca.ledger.list({ civilNumber, limit: CERTIFICATES_OF_A_PERSON }), signingKeys.ofPerson(civilNumber)]);
      const deviceOf = new Map(keys.map((k) => [k.certificateSerial, k.device]));
      return records.flatMap((r) =>
        r.status === 'pending'
          ? []
          : [
              {
                serialHex: r.serialHex,
                issuer: r.issuer,
                profile: r.profile,
                status: r.status,
                notBefore: r.notBefore,
                notAfter: r.notAfter,
                ...(r.revokedAt ? { revokedAt: r.revokedAt } : {}),
                ...(r.revocationReason !== undefined ? { revocationReason: reasonName(r.revocationReason) } : {}),
                ...(deviceOf.has(r.serialHex) ? { device: deviceOf.get(r.serialHex) } : {}),
              },
            ],
      );
    },
    async hold(serialHex, actor, comment) {
      return settled(ca.revocation.hold({ serialHex, actor, comment }), 'held', 'not-good');
    },
    async release(serialHex, actor, comment) {
      return settled(ca.revocation.release({ serialHex, actor, comment }), 'released', 'not-held');
    },
  };
}

/** The CA refuses a change from a status the certificate no longer has (`revocation-invalid`): that is an answer, not a failure. */
async function settled<A, B>(change: Promise<unknown>, done: A, notApplicable: B): Promise<A | B> {
  try {
    await change;
    return done;
  } catch (error) {
    if (error instanceof CaError && error.code === 'revocation-invalid') return notApplicable;
    throw error;
  }
}
