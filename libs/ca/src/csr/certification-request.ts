import { verify } from 'node:crypto';
import { children, content, decodeOid, expectTag, oidKey, oidKeyOf, readRoot, whole, DerError } from '../der/der-reader';
import { oid, Tag } from '../der/der-writer';
import { CaError } from '../errors/ca-error';
import { readSubjectPublicKey, type SubjectPublicKey } from './public-key';

/** A PKCS#10 request whose proof of possession has been checked. Only its key is used: the subject comes from identity data. */
export interface VerifiedCsr {
  publicKey: SubjectPublicKey;
  /** The subject the requester asked for, DER (recorded for the audit, never copied into a certificate). */
  requestedSubject: Buffer;
}

interface SignatureScheme {
  hash: 'sha256' | 'sha384' | 'sha512';
  ecdsa: boolean;
}

// Keyed by OID content octets (oidKey), so the request's algorithm is recognised without decoding it.
const SIGNATURE_SCHEMES = new Map<string, SignatureScheme>(
  (
    [
      ['1.2.840.10045.4.3.2', 'sha256', true],
      ['1.2.840.10045.4.3.3', 'sha384', true],
      ['1.2.840.10045.4.3.4', 'sha512', true],
      ['1.2.840.113549.1.1.11', 'sha256', false],
      ['1.2.840.113549.1.1.12', 'sha384', false],
      ['1.2.840.113549.1.1.13', 'sha512', false],
    ] as const
  ).map(([dotted, hash, ecdsa]) => [oidKeyOf(oid(dotted)), { hash, ecdsa }]),
);

const PEM_CSR = /-----BEGIN (?:NEW )?CERTIFICATE REQUEST-----([A-Za-z0-9+/=\s]+)-----END (?:NEW )?CERTIFICATE REQUEST-----/;

/** Accepts DER, PEM, or the base64 of DER (as JSON APIs carry it). */
export function csrBytes(input: Buffer | string): Buffer {
  if (Buffer.isBuffer(input)) {
    if (input[0] === Tag.SEQUENCE) return input;
    input = input.toString('latin1');
  }
  const pem = PEM_CSR.exec(input);
  const base64 = (pem ? pem[1] : input).replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) throw new CaError('csr-malformed', 'the CSR is neither PEM nor base64 DER');
  return Buffer.from(base64, 'base64');
}

/** Parses a PKCS#10 CertificationRequest and verifies its self-signature (proof of possession). */
export async function verifyCsr(input: Buffer | string): Promise<VerifiedCsr> {
  const der = csrBytes(input);
  let info: Buffer, spki: Buffer, subject: Buffer, scheme: SignatureScheme, signature: Buffer;
  try {
    const root = expectTag(readRoot(der), Tag.SEQUENCE, 'CertificationRequest');
    const [infoTlv, algorithmTlv, signatureTlv, ...rest] = children(der, root);
    if (rest.length) throw new DerError('unexpected fields after the signature');
    const infoFields = children(der, expectTag(infoTlv, Tag.SEQUENCE, 'CertificationRequestInfo'));
    const [version, subjectTlv, spkiTlv, attributes] = infoFields;
    const versionOctets = content(der, expectTag(version, Tag.INTEGER, 'version'));
    if (versionOctets.length !== 1 || versionOctets[0] !== 0) throw new DerError('version must be 0');
    subject = whole(der, expectTag(subjectTlv, Tag.SEQUENCE, 'subject'));
    spki = whole(der, expectTag(spkiTlv, Tag.SEQUENCE, 'subjectPKInfo'));
    if (!attributes || attributes.tag !== 0xa0) throw new DerError('attributes [0] missing');
    info = whole(der, infoTlv);
    const [algorithmId] = children(der, expectTag(algorithmTlv, Tag.SEQUENCE, 'signatureAlgorithm'));
    const signatureOid = expectTag(algorithmId, Tag.OID, 'signature algorithm OID');
    const known = SIGNATURE_SCHEMES.get(oidKey(der, signatureOid));
    if (!known) throw new CaError('csr-malformed', `CSR signature algorithm ${decodeOid(content(der, signatureOid))} is not accepted`);
    scheme = known;
    const bits = content(der, expectTag(signatureTlv, Tag.BIT_STRING, 'signature'));
    if (bits[0] !== 0) throw new DerError('signature BIT STRING has unused bits');
    signature = bits.subarray(1);
  } catch (error) {
    if (error instanceof CaError) throw error;
    throw new CaError('csr-malformed', `the CSR is not a valid PKCS#10 request: ${(error as Error).message}`);
  }
  const { hash } = scheme;
  const publicKey = await readSubjectPublicKey(spki);
  const ecdsa = publicKey.algorithm.startsWith('ec-');
  if (ecdsa !== scheme.ecdsa) {
    throw new CaError('csr-signature-invalid', 'the CSR signature algorithm does not match its key');
  }
  let valid = false;
  try {
    valid = verify(hash, info, ecdsa ? { key: publicKey.key, dsaEncoding: 'der' } : publicKey.key, signature);
  } catch {
    valid = false;
  }
  if (!valid) throw new CaError('csr-signature-invalid', 'the CSR signature does not verify: no proof of possession of the private key');
  return { publicKey, requestedSubject: subject };
}
