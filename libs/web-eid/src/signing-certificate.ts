import { X509Certificate } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { checkIssuer, checkPolicies, checkValidity, isRefusal, personOf, readCardCertificate, type CardCertificate } from './card-certificate';
import type { WebEidRefusalCode } from './refusal';
import { checkRevocation, type OcspTransport } from './revocation-check';

/** Why a card's signing certificate was refused: the authentication's certificate checks, and another person's card. */
export type SigningCertificateRefusalCode =
  | Extract<WebEidRefusalCode, `certificate-${string}` | 'revocation-unavailable'>
  | 'certificate-holder-mismatch';

export type SigningCertificateOutcome =
  | { ok: true; der: Buffer; serialHex: string; notAfter: Date }
  | { ok: false; code: SigningCertificateRefusalCode; detail: string };

export interface SigningCertificateCheckOptions {
  /** The CA certificates (DER) that issue card signing certificates: the Citizen Signing CA. */
  trustAnchors: readonly Buffer[];
  /** Policy OIDs a card signing certificate must assert (the card-qualified-signing profile's). */
  requiredPolicies: readonly string[];
  ocsp: OcspTransport;
  ocspClockSkewSeconds?: number;
  clock?: () => Date;
}

/**
 * The signing certificate a Web eID extension read from the card (`web-eid:get-signing-certificate`),
 * checked before anything is signed with it: one DER certificate, valid now, an end-entity
 * non-repudiation certificate asserting the qualified signing profile's policies, issued by the Citizen
 * Signing CA, of the expected person (`PNOOM-<civil number>`), and good at the platform's OCSP
 * responder. The same steps as the authentication token's certificate; nothing here throws for what the
 * browser sends.
 */
export class SigningCertificates {
  private readonly anchors: X509Certificate[];
  private readonly clock: () => Date;

  constructor(private readonly options: SigningCertificateCheckOptions) {
    if (!options.trustAnchors.length) throw new Error('card signing needs at least one trusted signing CA');
    this.anchors = options.trustAnchors.map((der) => new X509Certificate(der));
    this.clock = options.clock ?? (() => new Date());
  }

  async check(certificateBase64: unknown, holder: string): Promise<SigningCertificateOutcome> {
    if (typeof certificateBase64 !== 'string' || certificateBase64.length > 20_000 || !/^[A-Za-z0-9+/]+={0,2}$/.test(certificateBase64)) {
      return { ok: false, code: 'certificate-invalid', detail: 'the certificate is not base64 DER' };
    }
    const certificate = readCardCertificate(certificateBase64);
    if (isRefusal(certificate)) return narrow(certificate);
    const now = this.clock();
    const expired = checkValidity(certificate, now);
    if (expired) return narrow(expired);
    // The issuer before what the certificate says of itself, as the token's validation does: an
    // untrusted certificate's purpose and policies mean nothing.
    const issuer = checkIssuer(certificate, this.anchors, now);
    if (isRefusal(issuer)) return narrow(issuer);
    const unfit = checkSigningPurpose(certificate) ?? checkPolicies(certificate, this.options.requiredPolicies);
    if (unfit) return narrow(unfit);
    const person = personOf(certificate);
    if (isRefusal(person)) return narrow(person);
    if (person !== holder) return { ok: false, code: 'certificate-holder-mismatch', detail: `the card is of ${person}, not of the person logged in` };
    const revoked = await checkRevocation(certificate, issuer, now, { transport: this.options.ocsp, clockSkewSeconds: this.options.ocspClockSkewSeconds ?? 300 });
    if (revoked) return narrow(revoked);
    return { ok: true, der: certificate.der, serialHex: certificate.node.serialNumber.toUpperCase(), notAfter: certificate.fields.notAfter };
  }
}

/** An end-entity certificate whose key usage is non-repudiation (content commitment): a signing certificate. */
function checkSigningPurpose(certificate: CardCertificate): { ok: false; code: 'certificate-purpose'; detail: string } | undefined {
  if (certificate.node.ca) return { ok: false, code: 'certificate-purpose', detail: 'a CA certificate' };
  const keyUsage = certificate.fields.getExtension(x509.KeyUsagesExtension);
  if (!keyUsage || !(keyUsage.usages & x509.KeyUsageFlags.nonRepudiation)) return { ok: false, code: 'certificate-purpose', detail: 'key usage lacks nonRepudiation' };
  return undefined;
}

function narrow(refusal: { code: string; detail: string }): SigningCertificateOutcome {
  return { ok: false, code: refusal.code as SigningCertificateRefusalCode, detail: refusal.detail };
}
