import { signatureAlgorithmIdentifier } from '../der/algorithm-identifier';
import { readRoot } from '../der/der-reader';
import { headerLength, Tag } from '../der/der-writer';
import { SIGNATURE_ALGORITHM_OID } from '../der/algorithm-identifier';
import { authorityKeyIdentifierExtension, crlExtensions, crlNumberExtension, issuingDistributionPointExtension } from './crl-extensions';
import { encodeTime, timeMs } from './crl-time';
import { CrlError, type CrlInput, type RevokedEntry } from './crl-types';
import { RevokedListWriter } from './revoked-list-writer';

/**
 * Encodes and signs an X.509 v2 CRL (RFC 5280 §5) in one pass over `entries`.
 *
 * Layout of the one output buffer, filled out of order so the (possibly millions of) entries are written
 * once and never copied into a tree or a second buffer:
 *
 *   [free][CertificateList hdr][TBS hdr][version sig issuer thisUpdate nextUpdate][revoked hdr][entries…][crlExtensions][sigAlg][BIT STRING sig]
 *
 * The entries go in first after a headroom big enough for everything in front of them; once their total
 * length is known the headers are written backwards into the headroom, the TBS is signed in place, and
 * the signature appended.
 *
 * The result may be a view into a somewhat larger allocation (at most a quarter more, else it is trimmed):
 * use it as a Buffer, not through its `.buffer`.
 */
export async function encodeCrl(input: CrlInput): Promise<Buffer> {
  const { head, tail, signatureAlgorithm } = constantParts(input);
  const entries = input.entries;
  // Headroom: CertificateList header + TBS header + revokedCertificates header (≤ 6 bytes each) + head.
  const headroom = 18 + head.length;
  // Trailer: crlExtensions, signatureAlgorithm and a signature of up to RSA-8192 size, so that nothing
  // needs to grow after the entries.
  const trailer = tail.length + signatureAlgorithm.length + 1100;
  const writer = new RevokedListWriter(headroom, trailer, Array.isArray(entries) ? entries : undefined);

  if (isAsyncIterable(entries)) {
    for await (const entry of entries) writer.add(entry);
  } else if (entries && typeof (entries as Iterable<RevokedEntry>)[Symbol.iterator] === 'function') {
    for (const entry of entries) writer.add(entry);
  } else {
    throw new CrlError('entries must be an Iterable or AsyncIterable of RevokedEntry');
  }

  // revokedCertificates is omitted altogether when empty (RFC 5280 §5.1.2.6).
  const entriesLength = writer.pos - writer.start;
  const revokedLength = entriesLength === 0 ? 0 : headerLength(entriesLength) + entriesLength;
  const tbsContent = head.length + revokedLength + tail.length;
  writer.reserve(tail.length);
  const buf = writer.buf;
  let tbsStart = writer.start;
  if (entriesLength > 0) tbsStart = writeHeader(buf, tbsStart, Tag.SEQUENCE, entriesLength);
  tbsStart -= head.length;
  head.copy(buf, tbsStart);
  tbsStart = writeHeader(buf, tbsStart, Tag.SEQUENCE, tbsContent);
  const tbsEnd = writer.pos + tail.copy(buf, writer.pos);

  const signature = await input.signer.sign(buf.subarray(tbsStart, tbsEnd));

  // signatureAlgorithm, signatureValue BIT STRING (no unused bits), then the outer SEQUENCE header.
  const bitStringContent = signature.length + 1;
  const outerContent = tbsEnd - tbsStart + signatureAlgorithm.length + headerLength(bitStringContent) + bitStringContent;
  const outerStart = tbsStart - headerLength(outerContent);
  const outerEnd = tbsStart + outerContent;
  const out = outerEnd <= buf.length ? buf : growTo(buf, tbsEnd, outerEnd);
  writeHeader(out, tbsStart, Tag.SEQUENCE, outerContent);
  let pos = tbsEnd + signatureAlgorithm.copy(out, tbsEnd);
  pos = writeHeaderForward(out, pos, Tag.BIT_STRING, bitStringContent);
  out[pos++] = 0;
  signature.copy(out, pos);

  const crl = out.subarray(outerStart, outerEnd);
  // After growing the buffer can be up to half empty: give the slack back when it is worth a copy.
  if (out.length - crl.length <= crl.length / 4) return crl;
  // A memory of its own, exactly the CRL's size: allocUnsafe would slice a small CRL out of Node's shared
  // pool (64 KiB since Node 24), which a cached CRL would then keep alive. Not Buffer.from() either: that
  // zero-fills first, then copies.
  const trimmed = Buffer.allocUnsafeSlow(crl.length);
  crl.copy(trimmed);
  return trimmed;
}

/** TBS fields before and after the entries, validated and encoded once. */
function constantParts(input: CrlInput): { head: Buffer; tail: Buffer; signatureAlgorithm: Buffer } {
  if (!input || typeof input !== 'object') throw new CrlError('encodeCrl needs a CrlInput');
  const { signer, issuerName } = input;
  if (!signer || typeof signer.sign !== 'function' || !(signer.signatureAlgorithm in SIGNATURE_ALGORITHM_OID)) {
    throw new CrlError(`signer must be a SigningKey with a known signatureAlgorithm, got ${String(signer?.signatureAlgorithm)}`);
  }
  checkName(issuerName);
  const thisUpdate = timeMs(input.thisUpdate, 'thisUpdate');
  const nextUpdate = timeMs(input.nextUpdate, 'nextUpdate');
  // Compared in whole seconds, as encoded.
  if (Math.floor(nextUpdate / 1000) <= Math.floor(thisUpdate / 1000)) {
    throw new CrlError(`nextUpdate (${input.nextUpdate.toISOString()}) must be after thisUpdate (${input.thisUpdate.toISOString()})`);
  }
  const signatureAlgorithm = signatureAlgorithmIdentifier(signer.signatureAlgorithm);
  const head = Buffer.concat([
    Buffer.from([Tag.INTEGER, 1, 1]), // version v2
    signatureAlgorithm,
    issuerName,
    encodeTime(input.thisUpdate),
    encodeTime(input.nextUpdate),
  ]);
  const extensions = [authorityKeyIdentifierExtension(input.authorityKeyIdentifier), crlNumberExtension(input.crlNumber)];
  if (input.issuingDistributionPoint !== undefined) extensions.push(issuingDistributionPointExtension(input.issuingDistributionPoint));
  return { head, tail: crlExtensions(extensions), signatureAlgorithm };
}

function checkName(issuerName: Buffer): void {
  let ok = false;
  try {
    ok = issuerName instanceof Uint8Array && readRoot(Buffer.from(issuerName.buffer, issuerName.byteOffset, issuerName.length)).tag === Tag.SEQUENCE;
  } catch {
    ok = false;
  }
  if (!ok) throw new CrlError('issuerName must be one DER-encoded Name (a SEQUENCE), e.g. the CA certificate subject');
}

function isAsyncIterable(value: unknown): value is AsyncIterable<RevokedEntry> {
  return !!value && typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function';
}

/** Writes tag + length so that they end just before `end`; returns where they start. */
function writeHeader(buf: Buffer, end: number, tag: number, length: number): number {
  const start = end - headerLength(length);
  writeHeaderForward(buf, start, tag, length);
  return start;
}

/** Writes tag + minimal length octets at `pos`; returns the position after them. */
function writeHeaderForward(buf: Buffer, pos: number, tag: number, length: number): number {
  buf[pos++] = tag;
  if (length < 0x80) {
    buf[pos++] = length;
    return pos;
  }
  const octets = headerLength(length) - 2;
  buf[pos++] = 0x80 | octets;
  for (let i = octets - 1; i >= 0; i--) buf[pos++] = Math.floor(length / 2 ** (8 * i)) & 0xff;
  return pos;
}

function growTo(buf: Buffer, used: number, size: number): Buffer {
  const grown = Buffer.allocUnsafe(size);
  buf.copy(grown, 0, 0, used);
  return grown;
}
