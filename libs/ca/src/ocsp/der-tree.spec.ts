import { octetString, sequence, tlv } from '../der/der-writer';
import { encodeDerTree, tlvNode } from './der-tree';

describe('encodeDerTree', () => {
  it('writes what nested tlv() calls write, for every length form', () => {
    for (const size of [0, 1, 0x7f, 0x80, 0xff, 0x100, 0xffff, 0x10000, 0x123456]) {
      const blob = Buffer.alloc(size, 0xab);
      const expected = sequence(tlv(0xa0, octetString(blob)), Buffer.from([5, 0]));
      expect(encodeDerTree(tlvNode(0x30, tlvNode(0xa0, tlvNode(0x04, blob)), Buffer.from([5, 0])))).toEqual(expected);
    }
    expect(encodeDerTree(Buffer.from([1, 2]))).toEqual(Buffer.from([1, 2]));
  });
});
