/**
 * Writes PDF objects as bytes (ISO 32000-2 §7.3), encrypting strings and stream data with the
 * object's key when the document is encrypted. Placeholders are written at a fixed width and their
 * positions recorded for patching.
 */
import type { DocumentCipher } from '../encryption/document-cipher';
import { PdfDict, PdfName, PdfRef, PdfStream, PdfString, type PdfObject } from '../pdf/objects';
import { ByteRangePlaceholder, ContentsPlaceholder, type PlaceholderPosition } from './placeholders';

export class ByteSink {
  private readonly chunks: Buffer[] = [];
  private pending = '';
  private flushedLength = 0;

  get length(): number {
    return this.flushedLength + this.pending.length;
  }

  text(value: string): void {
    this.pending += value;
  }

  bytes(value: Buffer): void {
    this.flush();
    this.chunks.push(value);
    this.flushedLength += value.length;
  }

  toBuffer(): Buffer {
    this.flush();
    return Buffer.concat(this.chunks, this.flushedLength);
  }

  private flush(): void {
    if (!this.pending) return;
    const chunk = Buffer.from(this.pending, 'latin1');
    this.chunks.push(chunk);
    this.flushedLength += chunk.length;
    this.pending = '';
  }
}

export interface ObjectContext {
  num: number;
  gen: number;
  /** Present when the document is encrypted and this object is to be encrypted. */
  cipher?: DocumentCipher;
}

export interface Placeholders {
  byteRange?: PlaceholderPosition;
  contents?: PlaceholderPosition;
}

export class Serializer {
  readonly placeholders: Placeholders = {};

  constructor(private readonly sink: ByteSink) {}

  write(value: PdfObject | ByteRangePlaceholder | ContentsPlaceholder, context: ObjectContext): void {
    const sink = this.sink;
    if (value === null) sink.text('null');
    else if (typeof value === 'boolean') sink.text(value ? 'true' : 'false');
    else if (typeof value === 'number') sink.text(formatNumber(value));
    else if (value instanceof PdfName) sink.text(formatName(value.value));
    else if (value instanceof PdfRef) sink.text(`${value.num} ${value.gen} R`);
    else if (value instanceof PdfString) {
      const bytes = context.cipher ? context.cipher.encryptString(value.bytes, context.num, context.gen) : value.bytes;
      sink.text(value.hex || context.cipher ? `<${bytes.toString('hex')}>` : formatLiteral(bytes));
    } else if (Array.isArray(value)) {
      sink.text('[');
      value.forEach((item, i) => {
        if (i > 0) sink.text(' ');
        this.write(item, context);
      });
      sink.text(']');
    } else if (value instanceof PdfDict) this.writeDict(value, context);
    else if (value instanceof PdfStream) {
      const data = context.cipher ? context.cipher.encryptStream(value.data, context.num, context.gen) : value.data;
      const streamDict = value.dict.clone().set('Length', data.length);
      this.writeDict(streamDict, context);
      sink.text('\nstream\n');
      sink.bytes(data);
      sink.text('\nendstream');
    } else if (value instanceof ByteRangePlaceholder) {
      const start = sink.length;
      sink.text('[0 0000000000 0000000000 0000000000]');
      this.placeholders.byteRange = { start, end: sink.length };
    } else if (value instanceof ContentsPlaceholder) {
      // Never encrypted: ISO 32000-2 §7.6.2 exempts a signature's /Contents, and the CMS is written into it later.
      const start = sink.length;
      sink.text('<');
      sink.bytes(Buffer.alloc(value.size * 2, 0x30));
      sink.text('>');
      this.placeholders.contents = { start, end: sink.length };
    }
  }

  private writeDict(value: PdfDict, context: ObjectContext): void {
    const sink = this.sink;
    sink.text('<<');
    for (const [key, item] of value.entries) {
      sink.text(formatName(key));
      if (!(item instanceof PdfName || item instanceof PdfString || Array.isArray(item) || item instanceof PdfDict)) sink.text(' ');
      this.write(item as PdfObject, context);
    }
    sink.text('>>');
  }
}

export function formatNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  if (!Number.isFinite(value)) return '0';
  // Fixed notation (PDF has no exponents), trailing zeros trimmed.
  return value.toFixed(6).replace(/0+$/, '').replace(/\.$/, '');
}

const NAME_ESCAPED = new Uint8Array(256);
for (let byte = 0; byte < 256; byte++) NAME_ESCAPED[byte] = byte < 0x21 || byte > 0x7e || '()<>[]{}/%#'.includes(String.fromCharCode(byte)) ? 1 : 0;

export function formatName(value: string): string {
  let out = '/';
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i) & 0xff;
    out += NAME_ESCAPED[code] ? `#${code.toString(16).padStart(2, '0')}` : value[i];
  }
  return out;
}

function formatLiteral(bytes: Buffer): string {
  let out = '(';
  for (const byte of bytes) {
    if (byte === 0x28 || byte === 0x29 || byte === 0x5c) out += '\\' + String.fromCharCode(byte);
    else if (byte === 0x0a) out += '\\n';
    else if (byte === 0x0d) out += '\\r';
    else if (byte < 0x20 || byte > 0x7e) out += '\\' + byte.toString(8).padStart(3, '0');
    else out += String.fromCharCode(byte);
  }
  return out + ')';
}
