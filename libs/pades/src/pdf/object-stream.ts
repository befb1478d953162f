/** An object stream (§7.5.7): its header of object numbers and offsets, read once per stream. */
import { malformed } from '../errors';
import { decodeStream } from './filters';
import type { PdfObject, PdfStream } from './objects';
import { Parser } from './parser';

export class ObjectStream {
  private constructor(
    private readonly data: Buffer,
    private readonly first: number,
    private readonly offsets: Map<number, number>,
  ) {}

  static read(stream: PdfStream): ObjectStream {
    const n = stream.dict.get('N');
    const first = stream.dict.get('First');
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || typeof first !== 'number' || !Number.isInteger(first) || first < 0) {
      throw malformed('an object stream lacks a valid /N or /First');
    }
    const data = decodeStream(stream);
    if (first > data.length) throw malformed('an object stream\'s /First lies past its data');
    const parser = new Parser(data, 0, first);
    const offsets = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const num = parser.next();
      const offset = parser.next();
      if (num.kind !== 'number' || offset.kind !== 'number' || !num.integer || !offset.integer) throw malformed('an object stream has a malformed header');
      if (!offsets.has(num.value)) offsets.set(num.value, offset.value);
    }
    return new ObjectStream(data, first, offsets);
  }

  /** The object `num`, or undefined when this stream does not hold it. */
  object(num: number): PdfObject | undefined {
    const offset = this.offsets.get(num);
    if (offset === undefined) return undefined;
    const at = this.first + offset;
    if (at >= this.data.length) throw malformed(`object ${num} lies past the end of its object stream`);
    return new Parser(this.data, at).parseObject();
  }
}
