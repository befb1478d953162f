import { bitString, headerLength, sequence, Tag, writeLength, x509Time } from '../der/der-writer';
import { signatureAlgorithmIdentifier } from '../der/algorithm-identifier';
import type { KeyAlgorithm, SignatureAlgorithm } from '@theqa/keys';
import { OID } from '../oids';
import { CaError } from '../errors/ca-error';
import { V3 } from './certificate-draft';
import { encodeExtension, extensionsField, type Extension } from './extensions';

/** Bytes of a subject key identifier (SHA-1, RFC 5280 §4.2.1.2 method 1): the extension's length never changes. */
export const KEY_ID_BYTES = 20;

// Largest signature each issuer key makes, so the certificate is written into one allocation.
const MAX_SIGNATURE_BYTES: Record<KeyAlgorithm, number> = { 'ec-p256': 72, 'ec-p384': 104, 'rsa-2048': 256, 'rsa-3072': 384 };
// Room left before the TBSCertificate for the Certificate's own tag and length.
const OUTER_HEADER_ROOM = 6;

/** What one certificate adds to its template. */
export interface CertificateFields {
  serial: Buffer;
  notBefore: Date;
  notAfter: Date;
  subjectDer: Buffer;
  spki: Buffer;
  subjectKeyId: Buffer;
}

/**
 * The TBSCertificate of one (issuer, profile) as fixed bytes around the few fields that differ per
 * certificate (serial, validity, subject, public key, subject key identifier). Everything else —
 * version, signature algorithm, issuer name, every extension — is encoded once, so a certificate is a
 * handful of copies into a single buffer instead of a tree of DER encodings.
 */
export class CertificateTemplate {
  private readonly signatureAlgorithmDer: Buffer;
  private readonly issuerNameDer: Buffer;
  private readonly extensionsDer: Buffer;
  /** Offset, inside extensionsDer, of the subject key identifier's 20 octets. */
  private readonly keyIdOffset: number;
  private readonly maxSignatureBytes: number;
  private lastValidity: { notBefore: number; notAfter: number; der: Buffer } = { notBefore: NaN, notAfter: NaN, der: Buffer.alloc(0) };

  /**
   * `extensions` must hold the subject key identifier extension (any 20-octet value: its place is
   * what counts) and be in the order the certificate carries them.
   */
  constructor(
    readonly extensions: Extension[],
    issuerNameDer: Buffer,
    readonly signatureAlgorithm: SignatureAlgorithm,
    signerAlgorithm: KeyAlgorithm,
  ) {
    const ski = extensions.findIndex((e) => e.oid === OID.subjectKeyIdentifier);
    if (ski < 0 || extensions[ski].value.length !== KEY_ID_BYTES + 2) throw new Error('an issuance template needs a 20-octet subject key identifier');
    this.signatureAlgorithmDer = signatureAlgorithmIdentifier(signatureAlgorithm);
    this.issuerNameDer = issuerNameDer;
    this.extensionsDer = extensionsField(extensions);
    let after = 0;
    for (let i = ski; i < extensions.length; i++) after += encodeExtension(extensions[i]).length;
    // The key identifier is the last 20 octets of the SKI extension's encoding.
    this.keyIdOffset = this.extensionsDer.length - after + encodeExtension(extensions[ski]).length - KEY_ID_BYTES;
    this.maxSignatureBytes = MAX_SIGNATURE_BYTES[signerAlgorithm];
  }

  /** The TBSCertificate of one certificate, written into a buffer with room for the signature around it. */
  assemble(fields: CertificateFields): UnsignedCertificate {
    const { serial, subjectDer, spki, subjectKeyId } = fields;
    if (subjectKeyId.length !== KEY_ID_BYTES) throw new CaError('certificate-lint-failed', 'certificate refused before signing: subject key identifier must be 20 octets');
    let serialStart = 0;
    while (serialStart < serial.length - 1 && serial[serialStart] === 0) serialStart++;
    const serialPad = serial[serialStart] & 0x80 ? 1 : 0;
    const serialLength = serial.length - serialStart + serialPad;
    const validity = this.validity(fields.notBefore, fields.notAfter);

    const tbsContent =
      V3.length + headerLength(serialLength) + serialLength + this.signatureAlgorithmDer.length + this.issuerNameDer.length +
      validity.length + subjectDer.length + spki.length + this.extensionsDer.length;
    const tbsLength = headerLength(tbsContent) + tbsContent;
    const capacity = OUTER_HEADER_ROOM + tbsLength + this.signatureAlgorithmDer.length + headerLength(this.maxSignatureBytes + 1) + 1 + this.maxSignatureBytes;
    const out = Buffer.allocUnsafe(capacity);

    let at = OUTER_HEADER_ROOM;
    out[at] = Tag.SEQUENCE;
    writeLength(out, at + 1, tbsContent);
    at += headerLength(tbsContent);
    at += V3.copy(out, at);
    out[at] = Tag.INTEGER;
    writeLength(out, at + 1, serialLength);
    at += headerLength(serialLength);
    if (serialPad) out[at++] = 0;
    at += serial.copy(out, at, serialStart);
    at += this.signatureAlgorithmDer.copy(out, at);
    at += this.issuerNameDer.copy(out, at);
    at += validity.copy(out, at);
    at += subjectDer.copy(out, at);
    at += spki.copy(out, at);
    const extensionsStart = at;
    at += this.extensionsDer.copy(out, at);
    subjectKeyId.copy(out, extensionsStart + this.keyIdOffset);
    // The lengths declared in the headers and the bytes written must agree: a mismatch is a bug, never signed.
    if (at !== OUTER_HEADER_ROOM + tbsLength) throw new CaError('certificate-lint-failed', 'certificate refused before signing: TBSCertificate length mismatch');
    return new UnsignedCertificate(out, at, this.signatureAlgorithmDer);
  }

  /** Validity changes once a second; consecutive certificates share its encoding. */
  private validity(notBefore: Date, notAfter: Date): Buffer {
    const last = this.lastValidity;
    if (last.notBefore !== notBefore.getTime() || last.notAfter !== notAfter.getTime()) {
      this.lastValidity = { notBefore: notBefore.getTime(), notAfter: notAfter.getTime(), der: sequence(x509Time(notBefore), x509Time(notAfter)) };
    }
    return this.lastValidity.der;
  }
}

/** A TBSCertificate waiting for its signature, in the buffer the Certificate will occupy. */
export class UnsignedCertificate {
  constructor(
    private readonly out: Buffer,
    private readonly tbsEnd: number,
    private readonly signatureAlgorithmDer: Buffer,
  ) {}

  /** The bytes the issuer signs. */
  get tbs(): Buffer {
    return this.out.subarray(OUTER_HEADER_ROOM, this.tbsEnd);
  }

  /** Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue BIT STRING }. */
  complete(signature: Buffer): Buffer {
    const bitStringContent = signature.length + 1;
    const content = this.tbsEnd - OUTER_HEADER_ROOM + this.signatureAlgorithmDer.length + headerLength(bitStringContent) + bitStringContent;
    const end = OUTER_HEADER_ROOM + content;
    if (end > this.out.length) {
      // Longer than the issuer's algorithm allows: never expected, but still a valid encoding.
      return sequence(this.tbs, this.signatureAlgorithmDer, bitString(signature));
    }
    let at = this.tbsEnd;
    at += this.signatureAlgorithmDer.copy(this.out, at);
    this.out[at] = Tag.BIT_STRING;
    writeLength(this.out, at + 1, bitStringContent);
    at += headerLength(bitStringContent);
    this.out[at++] = 0;
    signature.copy(this.out, at);
    const start = OUTER_HEADER_ROOM - headerLength(content);
    this.out[start] = Tag.SEQUENCE;
    writeLength(this.out, start + 1, content);
    return this.out.subarray(start, end);
  }
}

