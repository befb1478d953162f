/**
 * A cross-reference stream (§7.5.8): a stream object whose dictionary is also the trailer. Its rows
 * have a fixed width too; it is inflated once and rows are read when asked for.
 */
import { malformed } from '../errors';
import { decodeStream } from './filters';
import { PdfStream, type PdfObject } from './objects';
import { Parser } from './parser';
import type { Segment } from './pdf-source';
import type { XrefEntry, XrefSection } from './xref-entry';

export function readXrefStream(segment: Segment, offset: number): XrefSection {
  const parser = new Parser(segment.buffer, offset - segment.start);
  // The /Length of a cross-reference stream is direct (§7.5.8.2): nothing else is readable yet.
  const { object } = parser.parseIndirectObject(() => {
    throw malformed('a cross-reference stream has an indirect /Length');
  });
  if (!(object instanceof PdfStream) || object.dict.nameOf('Type') !== 'XRef') throw malformed(`no cross-reference stream at ${offset}`);
  const dict = object.dict;
  const widths = integers(dict.get('W'), 'W');
  if (widths.length < 3 || widths.some((w) => w < 0 || w > 8)) throw malformed('invalid /W in a cross-reference stream');
  const size = dict.get('Size');
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 0) throw malformed('a cross-reference stream has no valid /Size');
  const index = dict.has('Index') ? integers(dict.get('Index'), 'Index') : [0, size];
  if (index.length % 2 !== 0) throw malformed('invalid /Index in a cross-reference stream');
  const data = decodeStream(object);
  const [w1, w2, w3] = widths;
  const rowWidth = w1 + w2 + w3;
  if (rowWidth === 0) throw malformed('invalid /W in a cross-reference stream');

  return {
    kind: 'stream',
    offset,
    trailer: dict,
    lookup(num) {
      let row = 0;
      for (let i = 0; i < index.length; i += 2) {
        const first = index[i];
        const count = index[i + 1];
        if (num >= first && num < first + count) {
          const at = (row + num - first) * rowWidth;
          if (at + rowWidth > data.length) return undefined;
          const type = w1 === 0 ? 1 : field(data, at, w1);
          const second = field(data, at + w1, w2);
          const third = field(data, at + w1 + w2, w3);
          if (type === 0) return { type: 'free' };
          if (type === 1) return { type: 'offset', offset: second, gen: third } satisfies XrefEntry;
          if (type === 2) return { type: 'compressed', stream: second, index: third };
          return undefined; // Types above 2 are reserved: readers ignore them (§7.5.8.3).
        }
        row += count;
      }
      return undefined;
    },
  };
}

function field(data: Buffer, at: number, width: number): number {
  let value = 0;
  for (let i = 0; i < width; i++) value = value * 256 + data[at + i];
  return value;
}

function integers(value: PdfObject | undefined, key: string): number[] {
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'number' || !Number.isInteger(item) || item < 0)) {
    throw malformed(`invalid /${key} in a cross-reference stream`);
  }
  return value as number[];
}
