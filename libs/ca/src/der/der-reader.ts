/** A strict, allocation-free DER reader: enough to walk CSRs and OCSP/TSA requests quickly. */
export class DerError extends Error {}

export interface Tlv {
  tag: number;
  /** Offset of the tag byte in the buffer. */
  start: number;
  /** Offset of the first content byte. */
  contentStart: number;
  /** Offset just past the value. */
  end: number;
}

export function readTlv(buf: Buffer, offset: number, limit = buf.length): Tlv {
  if (offset + 2 > limit) throw new DerError('truncated DER');
  const tag = buf[offset];
  if ((tag & 0x1f) === 0x1f) throw new DerError('multi-byte tags are not supported');
  let cursor = offset + 1;
  const first = buf[cursor++];
  let length: number;
  if (first < 0x80) {
    length = first;
  } else {
    const count = first & 0x7f;
    if (count === 0) throw new DerError('indefinite length is not DER');
    if (count > 4) throw new DerError('length too large');
    if (cursor + count > limit) throw new DerError('truncated DER length');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + buf[cursor++];
    if (length < 0x80 || (count > 1 && buf[cursor - count] === 0)) throw new DerError('non-minimal DER length');
  }
  const end = cursor + length;
  if (end > limit) throw new DerError('DER value runs past its container');
  return { tag, start: offset, contentStart: cursor, end };
}

/** The children of a constructed TLV, in order. */
export function children(buf: Buffer, parent: Tlv): Tlv[] {
  const items: Tlv[] = [];
  for (let offset = parent.contentStart; offset < parent.end; ) {
    const item = readTlv(buf, offset, parent.end);
    items.push(item);
    offset = item.end;
  }
  return items;
}

export function expectTag(item: Tlv | undefined, tag: number, what: string): Tlv {
  if (!item || item.tag !== tag) throw new DerError(`expected ${what}`);
  return item;
}

/** Reads one whole DER value that must span the buffer exactly. */
export function readRoot(buf: Buffer): Tlv {
  const root = readTlv(buf, 0);
  if (root.end !== buf.length) throw new DerError('trailing bytes after DER value');
  return root;
}

export const content = (buf: Buffer, item: Tlv) => buf.subarray(item.contentStart, item.end);
export const whole = (buf: Buffer, item: Tlv) => buf.subarray(item.start, item.end);

export function decodeOid(bytes: Buffer): string {
  const arcs: bigint[] = [];
  let value = 0n;
  for (const byte of bytes) {
    value = (value << 7n) | BigInt(byte & 0x7f);
    if (!(byte & 0x80)) {
      arcs.push(value);
      value = 0n;
    }
  }
  if (arcs.length === 0) throw new DerError('empty OID');
  const first = arcs[0] < 80n ? arcs[0] / 40n : 2n;
  return [first, arcs[0] - first * 40n, ...arcs.slice(1)].join('.');
}

/**
 * An OBJECT IDENTIFIER's content octets as a string key, so hot paths recognise the few OIDs they
 * accept with one Map lookup instead of decoding arcs (decodeOid uses BigInt: microseconds per call).
 */
export const oidKey = (buf: Buffer, item: Tlv) => buf.toString('latin1', item.contentStart, item.end);

/** The key `oidKey` gives for a dotted OID, from its DER encoding (a TLV with a one-byte length). */
export const oidKeyOf = (encodedOid: Buffer) => encodedOid.toString('latin1', 2);
