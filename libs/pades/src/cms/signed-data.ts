/**
 * The detached CMS SignedData of a PAdES signature (RFC 5652; ETSI EN 319 142-1 §6.3): SHA-256, one
 * SignerInfo naming the signer by issuer and serial number, the prepared signed attributes embedded
 * byte for byte, the certificates of the signer and its chain, and, for B-T, the signature
 * time-stamp as an unsigned attribute.
 */
import { OID } from './oids';
import { constructed, derExplicit, derOctetString, derSequence, derSetOf, encode, encodedOid, integer } from './asn1';
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

const VERSION_1 = encode(integer(1));
const sha256Identifier = () => derSequence(encodedOid(OID.sha256));

export function signatureAlgorithm(signer: SignerCertificate): Buffer {
  return signer.keyType === 'ecdsa' ? derSequence(encodedOid(OID.ecdsaWithSha256)) : derSequence(encodedOid(OID.sha256WithRsaEncryption), encode(new asn1js.Null()));
}

/** [n] IMPLICIT over a SET: the SET's content octets under a context tag. */
function implicitSet(tagNumber: number, set: Buffer): Buffer {
  const tagged = Buffer.from(set);
  tagged[0] = 0xa0 | tagNumber;
  return tagged;
}

export function signedDataContentInfo(input: SignedDataInput): Buffer {
  const { signer } = input;
  const unsigned = input.signatureTimeStamp ? [implicitSet(1, derSetOf([attribute(OID.signatureTimeStampToken, input.signatureTimeStamp)]))] : [];
  const signerInfo = derSequence(
    VERSION_1, // the signer is named by issuer and serial number
    derSequence(signer.issuer, signer.serialNumber),
    sha256Identifier(),
    implicitSet(0, input.signedAttributes),
    signatureAlgorithm(signer),
    derOctetString(input.signature),
    ...unsigned,
  );
  const certificates = unique([signer.der, ...input.certificates]);
  const signedData = derSequence(
    VERSION_1, // id-data content, no attribute certificates (RFC 5652 §5.1)
    derSetOf([sha256Identifier()]),
    derSequence(encodedOid(OID.data)),
    implicitSet(0, derSetOf(certificates)),
    constructed(0x31, [signerInfo]),
  );
  return derSequence(encodedOid(OID.signedData), derExplicit(0, signedData));
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
