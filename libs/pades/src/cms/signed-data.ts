/**
 * The detached CMS SignedData of a PAdES signature (RFC 5652; ETSI EN 319 142-1 §6.3): SHA-256, one
 * SignerInfo naming the signer by issuer and serial number, the prepared signed attributes embedded
 * byte for byte, the certificates of the signer and its chain, and, for B-T, the signature
 * time-stamp as an unsigned attribute.
 */
import { OID } from './oids';
import { encode, explicit, implicitConstructed, integer, octetString, oid, raw, sequence } from './asn1';
import { attribute } from './signed-attributes';
import type { SignerCertificate } from './signer-certificate';
import * as asn1js from 'asn1js';

export interface SignedDataInput {
  signer: SignerCertificate;
  /** The DER SET OF signed attributes, exactly as signed. */
  signedAttributes: Buffer;
  /** The signature value (DER for ECDSA). */
  signature: Buffer;
  /** The signer's certificate and its chain, DER. */
  certificates: Buffer[];
  /** A TimeStampToken (DER ContentInfo) over the signature value. */
  signatureTimeStamp?: Buffer;
}

const sha256Identifier = () => sequence(oid(OID.sha256));

export function signatureAlgorithm(signer: SignerCertificate) {
  return signer.keyType === 'ecdsa' ? sequence(oid(OID.ecdsaWithSha256)) : sequence(oid(OID.sha256WithRsaEncryption), new asn1js.Null());
}

export function signedDataContentInfo(input: SignedDataInput): Buffer {
  const { signer } = input;
  const unsigned = input.signatureTimeStamp ? [implicitConstructed(1, encode(new asn1js.Set({ value: [raw(attribute(OID.signatureTimeStampToken, input.signatureTimeStamp))] })))] : [];
  const signerInfo = sequence(
    integer(1), // version 1: the signer is named by issuer and serial number
    sequence(raw(signer.issuer), raw(signer.serialNumber)),
    sha256Identifier(),
    implicitConstructed(0, input.signedAttributes),
    signatureAlgorithm(signer),
    octetString(input.signature),
    ...unsigned,
  );
  const certificates = unique([signer.der, ...input.certificates]).sort(Buffer.compare);
  const signedData = sequence(
    integer(1), // version 1: id-data content, no attribute certificates (RFC 5652 §5.1)
    new asn1js.Set({ value: [sha256Identifier()] }),
    sequence(oid(OID.data)),
    implicitConstructed(0, encode(new asn1js.Set({ value: certificates.map(raw) }))),
    new asn1js.Set({ value: [signerInfo] }),
  );
  return encode(sequence(oid(OID.signedData), explicit(0, signedData)));
}

function unique(buffers: Buffer[]): Buffer[] {
  const seen = new Set<string>();
  return buffers.filter((buffer) => {
    const key = buffer.toString('base64');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
