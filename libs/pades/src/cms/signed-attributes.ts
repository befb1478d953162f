/**
 * The CMS signed attributes a PAdES baseline signature carries (ETSI EN 319 122-1 §5.2, EN 319 142-1
 * §6.3): content-type, message-digest and ESS signing-certificate-v2, and no signing-time (the time
 * goes in the signature dictionary's /M). Their DER (a SET OF, sorted) is what the signer signs.
 */
import { OID } from './oids';
import { derExplicit, derOctetString, derSequence, derSetOf, encodedOid } from './asn1';
import type { SignerCertificate } from './signer-certificate';

export function attribute(type: string, ...values: Buffer[]): Buffer {
  return derSequence(encodedOid(type), derSetOf(values));
}

let contentTypeData: Buffer | undefined;
const signingCertificates = new WeakMap<SignerCertificate, Buffer>();

/**
 * SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 } (RFC 5035), with one ESSCertIDv2:
 * the certificate's SHA-256 (the default algorithm, so DER leaves it out) and its issuer and serial.
 */
export function signingCertificateV2(signer: SignerCertificate): Buffer {
  let encoded = signingCertificates.get(signer);
  if (!encoded) {
    const issuerSerial = derSequence(derSequence(derExplicit(4, signer.issuer)), signer.serialNumber);
    encoded = derSequence(derSequence(derSequence(derOctetString(signer.sha256), issuerSerial)));
    signingCertificates.set(signer, encoded);
  }
  return encoded;
}

export function signedAttributes(documentDigest: Buffer, signer: SignerCertificate): Buffer {
  contentTypeData ??= attribute(OID.contentType, encodedOid(OID.data));
  return derSetOf([
    contentTypeData,
    attribute(OID.messageDigest, derOctetString(documentDigest)),
    attribute(OID.signingCertificateV2, signingCertificateV2(signer)),
  ]);
}
