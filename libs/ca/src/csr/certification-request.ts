import { verify } from 'node:crypto';
import { content, decodeOid, expectTag, oidKey, oidKeyOf, readRoot, readTlv, whole, DerError, type Tlv } from '../der/der-reader';
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
  // What JSON APIs send: canonical base64 (padded), which decodes and re-encodes to itself. Comparing
  // the two costs less than the checks below, which such a string would pass anyway; anything else
  // (PEM, line breaks, no padding) takes them.
  if (input.length > 0) {
    const der = Buffer.from(input, 'base64');
    if (der.toString('base64') === input) return der;
  }
  const pem = PEM_CSR.exec(input);
  const base64 = (pem ? pem[1] : input).replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) throw new CaError('csr-malformed', 'the CSR is neither PEM nor base64 DER');
  return Buffer.from(base64, 'base64');
}

/** Parses a PKCS#10 CertificationRequest and verifies its self-signature (proof of possession). */
export async function verifyCsr(input: Buffer | string): Promise<VerifiedCsr> {
  const der = csrBytes(input);
  const { info, spki, subject, scheme, signature } = parseCsr(der);
  const publicKey = await readSubjectPublicKey(spki);
  const ecdsa = publicKey.algorithm.startsWith('ec-');
  if (ecdsa !== scheme.ecdsa) {
    throw new CaError('csr-signature-invalid', 'the CSR signature algorithm does not match its key');
  }
  let valid = false;
  try {
    valid = verify(scheme.hash, info, ecdsa ? { key: publicKey.key, dsaEncoding: 'der' } : publicKey.key, signature);
  } catch {
    valid = false;
  }
  if (!valid) throw new CaError('csr-signature-invalid', 'the CSR signature does not verify: no proof of possession of the private key');
  return { publicKey, requestedSubject: subject };
}

/**
 * The parts of a CertificationRequest that issuance needs, every TLV of the request checked on the way:
 * SEQUENCE { CertificationRequestInfo SEQUENCE { version 0, subject, subjectPKInfo, [0] attributes },
 * signatureAlgorithm SEQUENCE { OID, parameters }, signature BIT STRING }. Walked field by field
 * (no arrays of children): this runs for every certificate.
 */
function parseCsr(der: Buffer): { info: Buffer; spki: Buffer; subject: Buffer; scheme: SignatureScheme; signature: Buffer } {
  try {
    const root = expectTag(readRoot(der), Tag.SEQUENCE, 'CertificationRequest');
    const infoTlv = expectTag(nextChild(der, root, root.contentStart), Tag.SEQUENCE, 'CertificationRequestInfo');
    const algorithmTlv = expectTag(nextChild(der, root, infoTlv.end), Tag.SEQUENCE, 'signatureAlgorithm');
    const signatureTlv = expectTag(nextChild(der, root, algorithmTlv.end), Tag.BIT_STRING, 'signature');
    if (signatureTlv.end !== root.end) throw new DerError('unexpected fields after the signature');

    const version = expectTag(nextChild(der, infoTlv, infoTlv.contentStart), Tag.INTEGER, 'version');
    if (version.end - version.contentStart !== 1 || der[version.contentStart] !== 0) throw new DerError('version must be 0');
    const subjectTlv = expectTag(nextChild(der, infoTlv, version.end), Tag.SEQUENCE, 'subject');
    const spkiTlv = expectTag(nextChild(der, infoTlv, subjectTlv.end), Tag.SEQUENCE, 'subjectPKInfo');
    const attributes = nextChild(der, infoTlv, spkiTlv.end);
    if (!attributes || attributes.tag !== 0xa0) throw new DerError('attributes [0] missing');
    skipChildren(der, infoTlv, attributes.end);

    const signatureOid = expectTag(nextChild(der, algorithmTlv, algorithmTlv.contentStart), Tag.OID, 'signature algorithm OID');
    skipChildren(der, algorithmTlv, signatureOid.end);
    const scheme = SIGNATURE_SCHEMES.get(oidKey(der, signatureOid));
    if (!scheme) throw new CaError('csr-malformed', `CSR signature algorithm ${decodeOid(content(der, signatureOid))} is not accepted`);
    if (signatureTlv.end === signatureTlv.contentStart || der[signatureTlv.contentStart] !== 0) throw new DerError('signature BIT STRING has unused bits');
    return {
      info: whole(der, infoTlv),
      spki: whole(der, spkiTlv),
      subject: whole(der, subjectTlv),
      scheme,
      signature: der.subarray(signatureTlv.contentStart + 1, signatureTlv.end),
    };
  } catch (error) {
    if (error instanceof CaError) throw error;
    throw new CaError('csr-malformed', `the CSR is not a valid PKCS#10 request: ${(error as Error).message}`);
  }
}

/** The child of `parent` at `offset`, or undefined past its last one. */
function nextChild(der: Buffer, parent: Tlv, offset: number): Tlv | undefined {
  return offset < parent.end ? readTlv(der, offset, parent.end) : undefined;
}

/** Checks that whatever follows `offset` inside `parent` is well-formed DER (fields this reader does not use). */
function skipChildren(der: Buffer, parent: Tlv, offset: number): void {
  while (offset < parent.end) offset = readTlv(der, offset, parent.end).end;
}
