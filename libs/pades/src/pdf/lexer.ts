/**
 * The PDF lexer (ISO 32000-2 §7.2): whitespace, comments, delimiters and the tokens between them.
 * It reads one buffer from a position; every error is a PdfError, never an index out of range.
 */
import { malformed } from '../errors';

export type Token =
  | { kind: 'number'; value: number; integer: boolean; start: number }
  | { kind: 'name'; value: string; start: number }
  | { kind: 'string'; value: Buffer; hex: boolean; start: number }
  | { kind: 'keyword'; value: string; start: number }
  | { kind: '[' | ']' | '<<' | '>>' | 'eof'; start: number };

const WHITESPACE = new Uint8Array(256);
for (const byte of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]) WHITESPACE[byte] = 1;
const DELIMITER = new Uint8Array(256);
for (const char of '()<>[]{}/%') DELIMITER[char.charCodeAt(0)] = 1;

export const isWhitespace = (byte: number) => WHITESPACE[byte] === 1;
export const isRegular = (byte: number) => WHITESPACE[byte] === 0 && DELIMITER[byte] === 0;

const HEX_VALUE = new Int8Array(256).fill(-1);
for (let i = 0; i < 10; i++) HEX_VALUE[0x30 + i] = i;
for (let i = 0; i < 6; i++) HEX_VALUE[0x41 + i] = HEX_VALUE[0x61 + i] = 10 + i;

export class Lexer {
  /** The generation of the reference `reference()` read last. */
  referenceGen = 0;

  constructor(
    readonly buffer: Buffer,
    public pos: number,
    readonly end = buffer.length,
  ) {}

  skipWhitespace(): void {
    const { buffer, end } = this;
    let pos = this.pos;
    while (pos < end) {
      const byte = buffer[pos];
      if (WHITESPACE[byte]) pos++;
      else if (byte === 0x25 /* % */) {
        while (pos < end && buffer[pos] !== 0x0a && buffer[pos] !== 0x0d) pos++;
      } else break;
    }
    this.pos = pos;
  }

  next(): Token {
    this.skipWhitespace();
    const { buffer } = this;
    const start = this.pos;
    if (start >= this.end) return { kind: 'eof', start };
    const byte = buffer[start];
    switch (byte) {
      case 0x5b: // [
        this.pos++;
        return { kind: '[', start };
      case 0x5d: // ]
        this.pos++;
        return { kind: ']', start };
      case 0x3c: // <
        if (buffer[start + 1] === 0x3c) {
          this.pos += 2;
          return { kind: '<<', start };
        }
        return { kind: 'string', value: this.hexString(), hex: true, start };
      case 0x3e: // >
        if (buffer[start + 1] === 0x3e) {
          this.pos += 2;
          return { kind: '>>', start };
        }
        throw malformed(`unexpected ">" at ${start}`);
      case 0x28: // (
        return { kind: 'string', value: this.literalString(), hex: false, start };
      case 0x2f: // /
        return { kind: 'name', value: this.name(), start };
      case 0x29:
      case 0x7b:
      case 0x7d:
        throw malformed(`unexpected "${String.fromCharCode(byte)}" at ${start}`);
    }
    if ((byte >= 0x30 && byte <= 0x39) || byte === 0x2b || byte === 0x2d || byte === 0x2e) return this.number(start);
    let pos = start;
    while (pos < this.end && isRegular(buffer[pos])) pos++;
    this.pos = pos;
    return { kind: 'keyword', value: buffer.toString('latin1', start, pos), start };
  }

  private number(start: number): Token {
    const { buffer } = this;
    let pos = start;
    if (buffer[pos] === 0x2b || buffer[pos] === 0x2d) pos++;
    let integer = true;
    let digits = 0;
    while (pos < this.end) {
      const byte = buffer[pos];
      if (byte >= 0x30 && byte <= 0x39) digits++;
      else if (byte === 0x2e && integer) integer = false;
      else break;
      pos++;
    }
    // "1.5.3" or "12abc" are not numbers: the rest is junk a strict reader refuses.
    if (pos < this.end && isRegular(buffer[pos])) throw malformed(`malformed number at ${start}`);
    this.pos = pos;
    const value = digits === 0 ? 0 : integer && digits < 16 ? integerAt(buffer, start, pos) : Number(buffer.toString('latin1', start, pos));
    if (!Number.isFinite(value)) throw malformed(`malformed number at ${start}`);
    return { kind: 'number', value, integer, start };
  }

  /**
   * After a non-negative integer: the generation of `gen R` if that is what follows (plain whitespace
   * between), the lexer moved past it; else undefined and nothing moved. Page trees and arrays hold
   * thousands of references, and reading each as three tokens was most of opening a large file.
   */
  referenceGeneration(): number | undefined {
    const { buffer, end } = this;
    let pos = this.pos;
    const whitespaceFrom = pos;
    while (pos < end && WHITESPACE[buffer[pos]]) pos++;
    if (pos === whitespaceFrom) return undefined;
    const digitsFrom = pos;
    let gen = 0;
    while (pos < end && buffer[pos] >= 0x30 && buffer[pos] <= 0x39 && pos - digitsFrom < 10) gen = gen * 10 + buffer[pos++] - 0x30;
    if (pos === digitsFrom) return undefined;
    const gap = pos;
    while (pos < end && WHITESPACE[buffer[pos]]) pos++;
    if (pos === gap || buffer[pos] !== 0x52 /* R */ || (pos + 1 < end && isRegular(buffer[pos + 1]))) return undefined;
    this.pos = pos + 1;
    return gen;
  }

  /**
   * `num gen R` at the position (after whitespace): its object number, the generation in
   * `referenceGen`, and the lexer moved past it. Else -1, and only the whitespace skipped. Arrays of
   * references (page trees, annotations) are read this way, without tokens.
   */
  reference(): number {
    this.skipWhitespace();
    const { buffer, end } = this;
    const start = this.pos;
    let pos = start;
    let num = 0;
    while (pos < end && buffer[pos] >= 0x30 && buffer[pos] <= 0x39 && pos - start < 10) num = num * 10 + buffer[pos++] - 0x30;
    if (pos === start || pos >= end || !WHITESPACE[buffer[pos]]) return -1;
    this.pos = pos;
    const gen = this.referenceGeneration();
    if (gen === undefined) {
      this.pos = start;
      return -1;
    }
    this.referenceGen = gen;
    return num;
  }

  private name(): string {
    const { buffer } = this;
    let pos = this.pos + 1;
    const start = pos;
    let escaped = false;
    while (pos < this.end && isRegular(buffer[pos])) {
      if (buffer[pos] === 0x23) escaped = true;
      pos++;
    }
    this.pos = pos;
    if (!escaped) return buffer.toString('latin1', start, pos);
    const bytes: number[] = [];
    for (let i = start; i < pos; i++) {
      const high = HEX_VALUE[buffer[i + 1]];
      const low = HEX_VALUE[buffer[i + 2]];
      if (buffer[i] === 0x23 && i + 2 < pos && high >= 0 && low >= 0) {
        bytes.push(high * 16 + low);
        i += 2;
      } else bytes.push(buffer[i]);
    }
    return Buffer.from(bytes).toString('latin1');
  }

  private hexString(): Buffer {
    const { buffer } = this;
    let pos = this.pos + 1;
    const nibbles: number[] = [];
    for (;;) {
      if (pos >= this.end) throw malformed('unterminated hex string');
      const byte = buffer[pos++];
      if (byte === 0x3e) break;
      if (WHITESPACE[byte]) continue;
      const value = HEX_VALUE[byte];
      if (value < 0) throw malformed(`invalid character in hex string at ${pos - 1}`);
      nibbles.push(value);
    }
    this.pos = pos;
    const out = Buffer.alloc((nibbles.length + 1) >> 1);
    for (let i = 0; i < nibbles.length; i++) out[i >> 1] |= i % 2 === 0 ? nibbles[i] << 4 : nibbles[i];
    return out;
  }

  private literalString(): Buffer {
    const { buffer } = this;
    let pos = this.pos + 1;
    let depth = 1;
    const out: number[] = [];
    for (;;) {
      if (pos >= this.end) throw malformed('unterminated literal string');
      const byte = buffer[pos++];
      if (byte === 0x28) depth++;
      else if (byte === 0x29 && --depth === 0) break;
      if (byte === 0x5c /* \ */) {
        if (pos >= this.end) throw malformed('unterminated literal string');
        const escape = buffer[pos++];
        const simple = ESCAPES[escape];
        if (simple !== undefined) out.push(simple);
        else if (escape >= 0x30 && escape <= 0x37) {
          let value = escape - 0x30;
          for (let i = 0; i < 2 && pos < this.end && buffer[pos] >= 0x30 && buffer[pos] <= 0x37; i++) value = value * 8 + buffer[pos++] - 0x30;
          out.push(value & 0xff);
        } else if (escape === 0x0d) {
          if (buffer[pos] === 0x0a) pos++;
        } else if (escape !== 0x0a) out.push(escape);
        continue;
      }
      if (byte === 0x0d) {
        // An end of line in a string is read as a line feed whatever its form (§7.3.4.2).
        if (buffer[pos] === 0x0a) pos++;
        out.push(0x0a);
        continue;
      }
      out.push(byte);
    }
    this.pos = pos;
    return Buffer.from(out);
  }
}

function integerAt(buffer: Buffer, start: number, end: number): number {
  let pos = start;
  const negative = buffer[pos] === 0x2d;
  if (negative || buffer[pos] === 0x2b) pos++;
  let value = 0;
  while (pos < end) value = value * 10 + buffer[pos++] - 0x30;
  return negative ? -value : value;
}

const ESCAPES: Record<number, number> = { 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09, 0x62: 0x08, 0x66: 0x0c, 0x28: 0x28, 0x29: 0x29, 0x5c: 0x5c };
