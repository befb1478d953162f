import { randomBytes } from 'node:crypto';
import { SerialIndex } from './serial-index';

describe('SerialIndex', () => {
  /** Writes INTEGER TLVs of the given contents one after another, as the CRL writer does. */
  function layout(contents: Buffer[]): { buf: Buffer; offsets: number[] } {
    const offsets: number[] = [];
    const parts: Buffer[] = [];
    let offset = 0;
    for (const bytes of contents) {
      offsets.push(offset);
      parts.push(Buffer.from([0x02, bytes.length]), bytes, Buffer.from('filler'));
      offset += bytes.length + 2 + 6;
    }
    return { buf: Buffer.concat(parts), offsets };
  }

  it('finds the first occurrence of a repeated serial, across many table growths', () => {
    // Distinct by a counter prefix; random tails of 0–16 bytes give all lengths.
    const distinct = Array.from({ length: 50_000 }, (_, i) => {
      const prefix = Buffer.alloc(4);
      prefix.writeUInt32BE(i);
      return Buffer.concat([prefix, randomBytes(Math.floor(Math.random() * 17))]);
    });
    const contents = [...distinct, distinct[0], distinct[49_999], distinct[1234]];
    const { buf, offsets } = layout(contents);
    const index = new SerialIndex(); // starts small on purpose
    const found = offsets.map((offset) => index.add(buf, offset));
    expect(found.slice(0, 50_000).every((f) => f === -1)).toBe(true);
    expect(found.slice(50_000)).toEqual([offsets[0], offsets[49_999], offsets[1234]]);
  });

  it('tells apart serials that differ only in length or in the last byte', () => {
    const { buf, offsets } = layout([Buffer.from('0102', 'hex'), Buffer.from('010203', 'hex'), Buffer.from('0103', 'hex'), Buffer.from('0102', 'hex')]);
    const index = new SerialIndex(4);
    expect(offsets.map((offset) => index.add(buf, offset))).toEqual([-1, -1, -1, offsets[0]]);
  });
});
