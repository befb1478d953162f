import { SignatureTrust, type CertificateAuthority } from '@theqa/ca-service';
import { checkCardHolder, type IdentityEventSink, type IssuedIdCards } from '@theqa/identity';
import type { CivilRegistry } from '@theqa/integrations';
import { PostgresCardSignatureStore } from '@theqa/persistence';
import { CardSignatures } from '@theqa/signing';
import { SigningCertificates } from '@theqa/web-eid';
import type { DataSource } from 'typeorm';

const CARD_SIGNING_PROFILE = 'card-qualified-signing';

/**
 * "Sign a PDF with the ID card" in the portal: uploads and prepared signatures in PostgreSQL; the
 * card's signing certificate checked against the CA that issues the card-qualified-signing profile (its
 * certificate the anchor, the profile's policies required, the CA's own OCSP responder in process),
 * then the card itself with the civil registry (checkCardHolder, as at an ID-card login);
 * completed with the CA's time-stamps and validation data, as the wallet's signatures are; each
 * signature and refusal in the audit log and the person's activity (`card.signature`).
 */
export function openCardSigning(options: { dataSource: DataSource; ca: CertificateAuthority; registry: CivilRegistry; cards: IssuedIdCards; events: IdentityEventSink; maxDocumentBytes: number }): CardSignatures {
  const { ca } = options;
  const profile = ca.profiles.get(CARD_SIGNING_PROFILE);
  if (!profile.issuer) throw new Error(`the ${CARD_SIGNING_PROFILE} profile names no issuer`);
  const certificates = new SigningCertificates({
    trustAnchors: [ca.authorities.get(profile.issuer).certificateDer],
    requiredPolicies: profile.policies.map((name) => ca.oids.policies[name]),
    ocsp: (request) => ca.ocsp.respond(request),
  });
  return new CardSignatures({
    store: new PostgresCardSignatureStore(options.dataSource),
    async checkCertificate(certificate, holder) {
      const checked = await certificates.check(certificate, holder);
      if (!checked.ok) return checked;
      // The card itself: alive holder, the very card valid in the registry (not cancelled or replaced).
      const refused = await checkCardHolder({ registry: options.registry, cards: options.cards }, holder, checked.serialHex);
      return refused ? { ok: false, ...refused } : checked;
    },
    trust: new SignatureTrust(ca),
    async names(civilNumber) {
      const person = await options.registry.findPerson(civilNumber);
      return person && { ar: person.full_name_ar, en: person.full_name_en };
    },
    events: { record: (event) => options.events.record({ action: event.action, civilNumber: event.subject, actor: event.actor, details: event.details ?? {} }) },
    maxDocumentBytes: options.maxDocumentBytes,
  });
}
