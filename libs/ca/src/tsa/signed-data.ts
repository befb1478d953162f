/**
 * CMS SignedData (RFC 5652) with one signer and signed attributes, as a ContentInfo. Written for
 * time-stamp tokens but generic over the encapsulated content, so PAdES can reuse it.
 */
import { createHash } from 'node:crypto';
import { signatureAlgorithmIdentifier } from '../der/algorithm-identifier';
import { explicit, implicitConstructed, octetString, oid, sequence, set, setOf, smallInteger } from '../der/der-writer';
import { HASH_OF, type SigningKey } from '@theqa/keys';
import { TSA_OID } from './tsa-oids';

const DIGEST_OID: Record<(typeof HASH_OF)[keyof typeof HASH_OF], string> = {
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
};

export interface SignedDataInput {
  eContentType: string;
  /** The encapsulated content's DER (e.g. TSTInfo); its hash becomes the messageDigest attribute. */
  eContent: Buffer;
  key: SigningKey;
  /** DER IssuerAndSerialNumber of the signer's certificate. */
  issuerAndSerialNumber: Buffer;
  /** DER certificates for the `certificates` field; omitted entirely when empty. */
  certificates?: Buffer[];
  /** Signed attributes besides contentType and messageDigest, each a DER Attribute. */
  signedAttributes?: Buffer[];
}

/** Attribute ::= SEQUENCE { attrType OBJECT IDENTIFIER, attrValues SET OF AttributeValue }. */
export function cmsAttribute(type: string, ...values: Buffer[]): Buffer {
  return sequence(oid(type), setOf(values));
}

export async function signedDataContentInfo(input: SignedDataInput): Promise<Buffer> {
  const hash = HASH_OF[input.key.signatureAlgorithm];
  // SHA-2 identifiers are generated with absent parameters (RFC 5754 §2).
  const digestAlgorithm = sequence(oid(DIGEST_OID[hash]));
  const signedAttributes = setOf([
    cmsAttribute(TSA_OID.contentType, oid(input.eContentType)),
    cmsAttribute(TSA_OID.messageDigest, octetString(createHash(hash).update(input.eContent).digest())),
    ...(input.signedAttributes ?? []),
  ]);
  // The signature covers the attributes as an explicit SET OF (RFC 5652 §5.4); the SignerInfo then
  // carries the same octets under the [0] IMPLICIT tag.
  const signature = await input.key.sign(signedAttributes);
  const signerInfo = sequence(
    smallInteger(1), // version 1: the signer is named by issuerAndSerialNumber
    input.issuerAndSerialNumber,
    digestAlgorithm,
    Buffer.concat([Buffer.from([0xa0]), signedAttributes.subarray(1)]),
    signatureAlgorithmIdentifier(input.key.signatureAlgorithm),
    octetString(signature),
  );
  // CertificateSet is a SET OF: DER sorts it; duplicates (a chain repeating the signer) are dropped.
  const certificates = uniqueBuffers(input.certificates ?? []);
  const signedData = sequence(
    smallInteger(3), // version 3: eContentType is not id-data (RFC 5652 §5.1)
    set(digestAlgorithm),
    sequence(oid(input.eContentType), explicit(0, octetString(input.eContent))),
    ...(certificates.length ? [implicitConstructed(0, Buffer.concat([...certificates].sort(Buffer.compare)))] : []),
    set(signerInfo),
  );
  return sequence(oid(TSA_OID.signedData), explicit(0, signedData));
}

function uniqueBuffers(buffers: Buffer[]): Buffer[] {
  const seen = new Set<string>();
  return buffers.filter((buffer) => {
    const key = buffer.toString('base64');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
