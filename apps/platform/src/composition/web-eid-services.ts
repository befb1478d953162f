import type { DataSource } from 'typeorm';
import type { CertificateAuthority } from '@theqa/ca-service';
import { PostgresWebEidNonceStore } from '@theqa/persistence';
import { WebEid } from '@theqa/web-eid';

const CARD_PROFILE = 'card-authentication';

/**
 * Login with the ID card (Web eID): nonces in PostgreSQL; tokens checked against the CA that issues
 * the card-authentication profile (its certificate the trust anchor, the profile's policies required)
 * and against that CA's own OCSP responder, in process. The card signs the gateway's public origin.
 */
export function openWebEid(options: { dataSource: DataSource; ca: CertificateAuthority; publicBaseUrl: string; nonceLifetimeSeconds: number; development: boolean }): WebEid {
  const { ca } = options;
  const profile = ca.profiles.get(CARD_PROFILE);
  if (!profile.issuer) throw new Error(`the ${CARD_PROFILE} profile names no issuer`);
  return new WebEid({
    origin: new URL(options.publicBaseUrl).origin,
    allowHttpOrigin: options.development,
    trustAnchors: [ca.authorities.get(profile.issuer).certificateDer],
    requiredPolicies: profile.policies.map((name) => ca.oids.policies[name]),
    ocsp: (request) => ca.ocsp.respond(request),
    nonceStore: new PostgresWebEidNonceStore(options.dataSource),
    nonceLifetimeSeconds: options.nonceLifetimeSeconds,
  });
}
