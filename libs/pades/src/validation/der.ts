/**
 * A small DER walker for what validation reads: CMS, certificates, OCSP responses, CRLs. asn1js
 * builds a node per element and stops at 10,000 of them, so a national CRL (or a CMS carrying one)
 * cannot go through it; this reads offsets into the buffer and copies nothing.
 */
export class DerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DerError';
  }
}

export interface Der {
  /** The whole buffer this element lies in. */
  buffer: Buffer;
  tag: number;
  start: number;
  contentStart: number;
  end: number;
}

export const TAG = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  null: 0x05,
  oid: 0x06,
  enumerated: 0x0a,
  utf8String: 0x0c,
  printableString: 0x13,
  t61String: 0x14,
  ia5String: 0x16,
  utcTime: 0x17,
  generalizedTime: 0x18,
  bmpString: 0x1e,
  sequence: 0x30,
  set: 0x31,
} as const;

/** [n] context-specific, constructed (EXPLICIT or IMPLICIT over a constructed type). */
export const contextConstructed = (n: number) => 0xa0 | n;
/** [n] context-specific, primitive (IMPLICIT over a primitive type). */
export const contextPrimitive = (n: number) => 0x80 | n;

export function readDer(buffer: Buffer, offset = 0, limit = buffer.length): Der {
  if (offset + 2 > limit) throw new DerError('truncated DER');
  const tag = buffer[offset];
  if ((tag & 0x1f) === 0x1f) throw new DerError('multi-byte DER tags are not supported');
  let cursor = offset + 1;
  const first = buffer[cursor++];
  let length = first;
  if (first >= 0x80) {
    const count = first & 0x7f;
    // Indefinite lengths (BER) are refused: what is signed must have one encoding.
    if (count === 0 || count > 4) throw new DerError('unsupported DER length');
    if (cursor + count > limit) throw new DerError('truncated DER length');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + buffer[cursor++];
  }
  const end = cursor + length;
  if (end > limit) throw new DerError('a DER value runs past its container');
  return { buffer, tag, start: offset, contentStart: cursor, end };
}

/** One DER value that fills `buffer` (trailing zero bytes allowed: /Contents is zero-padded). */
export function readRootDer(buffer: Buffer): Der {
  const root = readDer(buffer, 0);
  for (let i = root.end; i < buffer.length; i++) if (buffer[i] !== 0) throw new DerError('bytes after the DER value');
  return root;
}

export function children(parent: Der): Der[] {
  const items: Der[] = [];
  for (let offset = parent.contentStart; offset < parent.end; ) {
    const item = readDer(parent.buffer, offset, parent.end);
    items.push(item);
    offset = item.end;
  }
  return items;
}

/** Calls `visit` for each child without building a list (CRLs hold hundreds of thousands). */
export function forEachChild(parent: Der, visit: (child: Der) => void): void {
  for (let offset = parent.contentStart; offset < parent.end; ) {
    const item = readDer(parent.buffer, offset, parent.end);
    visit(item);
    offset = item.end;
  }
}

export function expect(item: Der | undefined, tag: number, what: string): Der {
  if (!item || item.tag !== tag) throw new DerError(`${what} expected`);
  return item;
}

/** The only child of an EXPLICIT tag. */
export function explicitInner(item: Der): Der {
  const inner = children(item);
  if (inner.length !== 1) throw new DerError('an explicit tag must hold one value');
  return inner[0];
}

export const contentOf = (item: Der): Buffer => item.buffer.subarray(item.contentStart, item.end);
export const bytesOf = (item: Der): Buffer => item.buffer.subarray(item.start, item.end);

/** A BIT STRING's bits (whole octets only: keys and signatures). */
export function bitStringBytes(item: Der): Buffer {
  expect(item, TAG.bitString, 'BIT STRING');
  const content = contentOf(item);
  if (content.length === 0 || content[0] !== 0) throw new DerError('a BIT STRING with unused bits');
  return content.subarray(1);
}

export function oidOf(item: Der): string {
  const bytes = contentOf(expect(item, TAG.oid, 'OBJECT IDENTIFIER'));
  if (bytes.length === 0 || bytes.length > 64) throw new DerError('malformed OBJECT IDENTIFIER');
  const arcs: number[] = [];
  let value = 0;
  for (const byte of bytes) {
    value = value * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      arcs.push(value);
      value = 0;
    }
  }
  const first = arcs[0] < 80 ? Math.floor(arcs[0] / 40) : 2;
  return [first, arcs[0] - first * 40, ...arcs.slice(1)].join('.');
}

/** An INTEGER as lower-case hex without sign octets: how serial numbers are compared and shown. */
export function integerHex(item: Der): string {
  const bytes = contentOf(expect(item, TAG.integer, 'INTEGER'));
  if (bytes.length === 0) throw new DerError('empty INTEGER');
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  return bytes.subarray(start).toString('hex');
}

export function smallInteger(item: Der): number {
  const hex = integerHex(item);
  if (hex.length > 12) throw new DerError('an INTEGER too large');
  return parseInt(hex, 16);
}

/** UTCTime or GeneralizedTime (as RFC 5280 profiles them: seconds, Z; fractions tolerated). */
export function timeOf(item: Der): Date {
  const text = contentOf(item).toString('latin1');
  let match: RegExpExecArray | null;
  if (item.tag === TAG.utcTime && (match = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/.exec(text))) {
    const year = Number(match[1]);
    return new Date(Date.UTC(year < 50 ? 2000 + year : 1900 + year, Number(match[2]) - 1, Number(match[3]), Number(match[4]), Number(match[5]), Number(match[6] ?? 0)));
  }
  if (item.tag === TAG.generalizedTime && (match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:[.,](\d{1,9}))?Z$/.exec(text))) {
    const millis = match[7] ? Math.floor(Number(`0.${match[7]}`) * 1000) : 0;
    return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), Number(match[4]), Number(match[5]), Number(match[6]), millis));
  }
  throw new DerError('malformed time');
}

export function isTime(item: Der | undefined): boolean {
  return item !== undefined && (item.tag === TAG.utcTime || item.tag === TAG.generalizedTime);
}

/** A directory string (the string types names use) as text. */
export function stringOf(item: Der): string {
  const bytes = contentOf(item);
  switch (item.tag) {
    case TAG.bmpString: {
      const copy = Buffer.from(bytes.subarray(0, bytes.length - (bytes.length % 2)));
      copy.swap16();
      return copy.toString('utf16le');
    }
    case TAG.utf8String:
      return bytes.toString('utf8');
    default:
      return bytes.toString('latin1');
  }
}
