import { CrlError, CrlReason, type RevokedEntry } from './crl-types';
import { GENERALIZED_TIME_LENGTH, writeTime } from './crl-time';
import { SerialIndex } from './serial-index';

/**
 * Writes revokedCertificates entries (RFC 5280 §5.1) one after another into one growing buffer: no
 * per-entry objects, no per-entry allocation. Every entry is at most 82 bytes (INTEGER ≤ 23, Time ≤ 17,
 * extensions ≤ 2 + 12 + 26), so each entry's SEQUENCE length fits one octet and is patched in afterwards.
 *
 * The buffer starts with `headroom` free bytes so that the encoder can put the TBS header, the constant
 * fields and the SEQUENCE header in front of the entries without copying them.
 */
const MAX_ENTRY = 82;
const MAX_SERIAL_OCTETS = 20;
/** First buffer size when the number of entries is unknown (a stream). */
const STREAM_START_BYTES = 1 << 20;
/** How many entries of an array are looked at to guess the size of all of them. */
const SAMPLE = 1024;

/** 1 = allowed reason other than unspecified; 8 (removeFromCRL) and 7 (unused) are refused. */
const REASON_ALLOWED = [0, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1];

export class RevokedListWriter {
  buf: Buffer;
  /** Where the first entry starts (= headroom). */
  readonly start: number;
  /** Where the next entry goes. */
  pos: number;
  private readonly index: SerialIndex;

  /**
   * `entries` (when it is an array) sizes the buffer up front. Getting that right matters more than it
   * seems: every big Buffer allocation counts as external memory and may start a full GC, which with a
   * million live entry objects costs 200–400 ms; a grow-and-copy costs one such allocation more.
   */
  constructor(headroom: number, trailer: number, entries?: readonly RevokedEntry[]) {
    const body = entries ? estimateBytes(entries) : STREAM_START_BYTES;
    this.buf = Buffer.allocUnsafe(headroom + body + trailer);
    this.start = this.pos = headroom;
    this.index = new SerialIndex(entries?.length);
  }

  /** Makes room for `bytes` more bytes after `pos` (amortised doubling: each byte is copied about once). */
  reserve(bytes: number): void {
    if (this.pos + bytes <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + bytes));
    this.buf.copy(grown, 0, 0, this.pos);
    this.buf = grown;
  }

  add(entry: RevokedEntry): void {
    if (this.pos + MAX_ENTRY > this.buf.length) this.reserve(MAX_ENTRY);
    const buf = this.buf;
    const start = this.pos;
    let pos = start + 2;

    // userCertificate: INTEGER, a 0x00 in front when the magnitude's high bit is set.
    const serial = entry?.serial;
    if (!(serial instanceof Uint8Array)) throw new CrlError('every entry needs a serial (a Buffer)');
    const n = serial.length;
    let first = 0;
    while (first < n && serial[first] === 0) first++;
    const octets = n - first;
    if (octets === 0) throw new CrlError('serial 0x00 is not a positive integer (RFC 5280 §4.1.2.2)');
    if (octets > MAX_SERIAL_OCTETS) throw new CrlError(`serial 0x${hex(serial, first)} is longer than 20 octets`);
    const serialAt = pos;
    buf[pos++] = 0x02;
    if (serial[first] & 0x80) {
      buf[pos++] = octets + 1;
      buf[pos++] = 0;
    } else {
      buf[pos++] = octets;
    }
    for (let i = first; i < n; i++) buf[pos++] = serial[i];
    if (this.index.add(buf, serialAt) >= 0) throw new CrlError(`duplicate serial 0x${hex(serial, first)} in CRL entries`);

    // revocationDate
    pos = writeTime(buf, pos, entry.revokedAt);
    if (pos < 0) throw new CrlError(`revokedAt of serial 0x${hex(serial, first)} must be a valid Date in 1950–9999`);

    // crlEntryExtensions: reasonCode, invalidityDate (both non-critical).
    const reason = entry.reason;
    const invalidity = entry.invalidityDate;
    const hasReason = reason !== undefined && reason !== null && reason !== CrlReason.unspecified;
    if (hasReason || (invalidity !== undefined && invalidity !== null)) {
      const extensionsAt = pos;
      pos += 2;
      if (hasReason) {
        if (typeof reason !== 'number' || REASON_ALLOWED[reason] !== 1) throw reasonError(reason, hex(serial, first));
        // SEQUENCE { OID 2.5.29.21, OCTET STRING { ENUMERATED reason } }
        buf[pos] = 0x30; buf[pos + 1] = 0x0a; buf[pos + 2] = 0x06; buf[pos + 3] = 0x03; buf[pos + 4] = 0x55; buf[pos + 5] = 0x1d;
        buf[pos + 6] = 0x15; buf[pos + 7] = 0x04; buf[pos + 8] = 0x03; buf[pos + 9] = 0x0a; buf[pos + 10] = 0x01; buf[pos + 11] = reason;
        pos += 12;
      }
      if (invalidity !== undefined && invalidity !== null) {
        // SEQUENCE { OID 2.5.29.24, OCTET STRING { GeneralizedTime } }
        buf[pos] = 0x30; buf[pos + 1] = 0x18; buf[pos + 2] = 0x06; buf[pos + 3] = 0x03; buf[pos + 4] = 0x55; buf[pos + 5] = 0x1d;
        buf[pos + 6] = 0x18; buf[pos + 7] = 0x04; buf[pos + 8] = GENERALIZED_TIME_LENGTH;
        pos = writeTime(buf, pos + 9, invalidity, true);
        if (pos < 0) throw new CrlError(`invalidityDate of serial 0x${hex(serial, first)} must be a valid Date in 1950–9999`);
      }
      buf[extensionsAt] = 0x30;
      buf[extensionsAt + 1] = pos - extensionsAt - 2;
    }

    buf[start] = 0x30;
    buf[start + 1] = pos - start - 2;
    this.pos = pos;
  }
}

/**
 * Size of the entries of an array, extrapolated from a random sample (+3% and a little slack; the sample
 * mean is within ~1% for any realistic mix). Random rather than evenly spaced indices, so that a periodic
 * pattern in the input cannot fool it. A bad guess costs a grow, never a wrong encoding.
 */
function estimateBytes(entries: readonly RevokedEntry[]): number {
  const n = entries.length;
  if (n === 0) return 0;
  const samples = Math.min(n, SAMPLE);
  let bytes = 0;
  for (let s = 0; s < samples; s++) {
    const entry = entries[samples === n ? s : Math.floor(Math.random() * n)];
    const serialLength = Math.min(entry?.serial?.length ?? 0, 20);
    const hasReason = entry?.reason !== undefined && entry.reason !== null && entry.reason !== CrlReason.unspecified;
    const hasInvalidity = entry?.invalidityDate !== undefined && entry.invalidityDate !== null;
    bytes += 2 + 3 + serialLength + GENERALIZED_TIME_LENGTH + (hasReason ? 12 : 0) + (hasInvalidity ? 26 : 0) + (hasReason || hasInvalidity ? 2 : 0);
  }
  return Math.ceil((bytes / samples) * n * 1.03) + 4096;
}

function hex(serial: Uint8Array, first: number): string {
  return Buffer.from(serial.buffer, serial.byteOffset + first, serial.length - first).toString('hex');
}

function reasonError(reason: number, serialHex: string): CrlError {
  if (reason === CrlReason.removeFromCRL) {
    return new CrlError(`serial 0x${serialHex}: reason removeFromCRL (8) is only allowed in delta CRLs (RFC 5280 §5.3.1), not in a full CRL`);
  }
  return new CrlError(`serial 0x${serialHex}: ${String(reason)} is not an RFC 5280 CRL reason code (0–6, 9, 10)`);
}
