/**
 * The object parser (ISO 32000-2 §7.3): direct objects, and indirect objects with their streams.
 * A stream's /Length may be indirect; the caller resolves it (the document knows where objects are).
 */
import { malformed } from '../errors';
import { Lexer, isWhitespace, type Token } from './lexer';
import { PdfDict, PdfName, PdfRef, PdfStream, PdfString, type PdfObject } from './objects';

const MAX_DEPTH = 256;

export interface IndirectObject {
  num: number;
  gen: number;
  object: PdfObject;
}

export type LengthResolver = (ref: PdfRef) => PdfObject;

export class Parser {
  readonly lexer: Lexer;
  private peeked: Token[] = [];

  constructor(buffer: Buffer, pos: number, end = buffer.length) {
    this.lexer = new Lexer(buffer, pos, end);
  }

  /** Where the next unread token begins. */
  get pos(): number {
    return this.peeked.length ? this.peeked[0].start : this.lexer.pos;
  }

  next(): Token {
    return this.peeked.shift() ?? this.lexer.next();
  }

  peek(index = 0): Token {
    while (this.peeked.length <= index) this.peeked.push(this.lexer.next());
    return this.peeked[index];
  }

  parseObject(depth = 0): PdfObject {
    if (depth > MAX_DEPTH) throw malformed('objects nested too deeply');
    const token = this.next();
    switch (token.kind) {
      case 'number': {
        if (token.integer && token.value >= 0) {
          const fast = this.peeked.length === 0 ? this.lexer.referenceGeneration() : undefined;
          if (fast !== undefined) return new PdfRef(token.value, fast);
          const gen = this.peek(0);
          const keyword = this.peek(1);
          if (gen.kind === 'number' && gen.integer && gen.value >= 0 && keyword.kind === 'keyword' && keyword.value === 'R') {
            this.peeked.splice(0, 2);
            return new PdfRef(token.value, gen.value);
          }
        }
        return token.value;
      }
      case 'name':
        return PdfName.of(token.value);
      case 'string':
        return new PdfString(token.value, token.hex);
      case '[': {
        const items: PdfObject[] = [];
        for (;;) {
          const num = this.peeked.length === 0 ? this.lexer.reference() : -1;
          if (num >= 0) {
            items.push(new PdfRef(num, this.lexer.referenceGen));
            continue;
          }
          const next = this.peek().kind;
          if (next === ']') break;
          if (next === 'eof') throw malformed('unterminated array');
          items.push(this.parseObject(depth + 1));
        }
        this.next();
        return items;
      }
      case '<<': {
        const result = new PdfDict();
        for (;;) {
          const key = this.next();
          if (key.kind === '>>') break;
          if (key.kind !== 'name') throw malformed(`dictionary key expected at ${key.start}`);
          if (this.peek().kind === '>>') {
            // A key without a value: readers treat it as null; we drop it.
            continue;
          }
          const value = this.parseObject(depth + 1);
          if (value !== null) result.set(key.value, value);
        }
        return result;
      }
      case 'keyword':
        if (token.value === 'true') return true;
        if (token.value === 'false') return false;
        if (token.value === 'null') return null;
        throw malformed(`unexpected keyword "${token.value.slice(0, 20)}" at ${token.start}`);
      default:
        throw malformed(`unexpected ${token.kind === 'eof' ? 'end of data' : `"${token.kind}"`} at ${token.start}`);
    }
  }

  /** `num gen obj … endobj` at the current position, with its stream if it has one. */
  parseIndirectObject(resolveLength: LengthResolver): IndirectObject {
    const num = this.next();
    const gen = this.next();
    const keyword = this.next();
    if (num.kind !== 'number' || !num.integer || gen.kind !== 'number' || !gen.integer || keyword.kind !== 'keyword' || keyword.value !== 'obj') {
      throw malformed(`no object header at ${num.start}`);
    }
    let object = this.parseObject();
    const after = this.peek();
    if (after.kind === 'keyword' && after.value === 'stream') {
      if (!(object instanceof PdfDict)) throw malformed(`stream without a dictionary at ${after.start}`);
      object = this.streamData(object, after.start + 'stream'.length, resolveLength);
    }
    return { num: num.value, gen: gen.value, object };
  }

  private streamData(streamDict: PdfDict, afterKeyword: number, resolveLength: LengthResolver): PdfStream {
    this.peeked = [];
    const { buffer, end } = this.lexer;
    let start = afterKeyword;
    if (buffer[start] === 0x0d) start++;
    if (buffer[start] === 0x0a) start++;
    let length = streamDict.get('Length');
    if (length instanceof PdfRef) length = resolveLength(length);
    let dataEnd = typeof length === 'number' && Number.isInteger(length) && length >= 0 ? start + length : -1;
    if (dataEnd < 0 || dataEnd > end || !endstreamAt(buffer, dataEnd, end)) {
      // A wrong /Length is common enough that every reader recovers from it: the data ends before
      // the first "endstream" (and the end of line in front of it).
      const found = buffer.indexOf('endstream', start, 'latin1');
      if (found < 0 || found > end) throw malformed(`stream without "endstream" at ${afterKeyword}`);
      dataEnd = found;
      if (buffer[dataEnd - 1] === 0x0a) dataEnd--;
      if (buffer[dataEnd - 1] === 0x0d) dataEnd--;
      dataEnd = Math.max(dataEnd, start);
    }
    this.lexer.pos = dataEnd;
    this.lexer.skipWhitespace();
    this.lexer.pos += 'endstream'.length;
    return new PdfStream(streamDict, buffer.subarray(start, dataEnd));
  }
}

function endstreamAt(buffer: Buffer, pos: number, end: number): boolean {
  while (pos < end && isWhitespace(buffer[pos])) pos++;
  return pos + 9 <= end && buffer.toString('latin1', pos, pos + 9) === 'endstream';
}
