// @peculiar/x509 resolves its parsers through tsyringe, which needs the Reflect metadata API loaded first.
import 'reflect-metadata';
import { X509Certificate } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { parseCivilNumber, type CivilNumber } from '@theqa/kernel';
import { refuse, type WebEidRefusal } from './refusal';

const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const SERIAL_NUMBER = '2.5.4.5';
/** ETSI EN 319 412-1 semantics identifier of a natural person's national civil number: PNO + country. */
const PERSON_PREFIX = 'PNOOM-';

/** The token's certificate, read once by both libraries the steps need. */
export interface CardCertificate {
  der: Buffer;
  node: X509Certificate;
  fields: x509.X509Certificate;
}

/** Step: the certificate decodes as one DER X.509 certificate. */
export function readCardCertificate(base64: string): CardCertificate | WebEidRefusal {
  const der = Buffer.from(base64, 'base64');
  try {
    const node = new X509Certificate(der);
    const fields = new x509.X509Certificate(new Uint8Array(der));
    if (!Buffer.from(node.raw).equals(der)) return refuse('certificate-invalid', 'trailing bytes after the certificate');
    // Both libraries parse lazily: everything the later steps read is read here, where a failure is a refusal.
    void [node.publicKey, node.ca, node.serialNumber, node.subject, node.issuer, fields.extensions, fields.subjectName.getField(SERIAL_NUMBER), fields.notBefore, fields.notAfter];
    return { der, node, fields };
  } catch {
    return refuse('certificate-invalid', 'unverifiedCertificate is not a DER X.509 certificate');
  }
}

/**
 * Step: valid now. A card certificate ends with the card (profile card-authentication: validity until
 * the card's expiry), so a card past its expiry fails here.
 */
export function checkValidity(certificate: CardCertificate, now: Date): WebEidRefusal | undefined {
  const { notBefore, notAfter } = certificate.fields;
  if (now < notBefore) return refuse('certificate-not-yet-valid', `valid from ${notBefore.toISOString()}`);
  // notAfter is the last valid instant (RFC 5280 §4.1.2.5).
  if (now > notAfter) return refuse('certificate-expired', `expired at ${notAfter.toISOString()}`);
  return undefined;
}

/** Step: an end-entity authentication certificate: no CA, key usage digitalSignature, extended key usage clientAuth. */
export function checkPurpose(certificate: CardCertificate): WebEidRefusal | undefined {
  if (certificate.node.ca) return refuse('certificate-purpose', 'a CA certificate');
  const keyUsage = certificate.fields.getExtension(x509.KeyUsagesExtension);
  if (!keyUsage || !(keyUsage.usages & x509.KeyUsageFlags.digitalSignature)) return refuse('certificate-purpose', 'key usage lacks digitalSignature');
  const extended = certificate.fields.getExtension(x509.ExtendedKeyUsageExtension);
  if (!extended || !extended.usages.map(String).includes(CLIENT_AUTH)) return refuse('certificate-purpose', 'extended key usage lacks clientAuth');
  return undefined;
}

/** Step: every policy of the platform's card-authentication profile is asserted. */
export function checkPolicies(certificate: CardCertificate, required: readonly string[]): WebEidRefusal | undefined {
  const asserted = certificate.fields.getExtension(x509.CertificatePolicyExtension)?.policies ?? [];
  const missing = required.find((policy) => !asserted.includes(policy));
  return missing ? refuse('certificate-policy', `policy ${missing} not asserted`) : undefined;
}

/**
 * Step: issued by one of the trust anchors (the Citizen Authentication CA), itself a CA valid now:
 * the issuer's name matches and its key verifies the certificate's signature.
 */
export function checkIssuer(certificate: CardCertificate, anchors: readonly X509Certificate[], now: Date): X509Certificate | WebEidRefusal {
  const issuer = anchors.find((anchor) => certificate.node.checkIssued(anchor) && certificate.node.verify(anchor.publicKey));
  if (!issuer) return refuse('certificate-untrusted', `issuer ${certificate.node.issuer.replace(/\n/g, ', ')} is not a trusted card CA`);
  if (!issuer.ca) return refuse('certificate-untrusted', 'the issuer is not a CA');
  if (now < new Date(issuer.validFrom) || now > new Date(issuer.validTo)) return refuse('certificate-untrusted', 'the issuing CA is not valid now');
  return issuer;
}

/** Step: the person is the subject's serialNumber, `PNOOM-<civil number>` (exactly one). */
export function personOf(certificate: CardCertificate): CivilNumber | WebEidRefusal {
  const serials = certificate.fields.subjectName.getField(SERIAL_NUMBER);
  if (serials.length !== 1) return refuse('certificate-subject-invalid', `${serials.length} serialNumber attributes in the subject`);
  const [serial] = serials;
  const civilNumber = serial.startsWith(PERSON_PREFIX) ? parseCivilNumber(serial.slice(PERSON_PREFIX.length)) : undefined;
  return civilNumber ?? refuse('certificate-subject-invalid', `subject serialNumber ${JSON.stringify(serial.slice(0, 40))} is not PNOOM-<civil number>`);
}

export function isRefusal<T>(value: T | WebEidRefusal): value is WebEidRefusal {
  return typeof value === 'object' && value !== null && (value as WebEidRefusal).ok === false && typeof (value as WebEidRefusal).code === 'string';
}
