import { PdfDict, PdfName, PdfRef, PdfString } from './objects';
import { Parser } from './parser';

const parse = (text: string) => new Parser(Buffer.from(text, 'latin1'), 0).parseObject();

describe('reading arrays', () => {
  it('reads references among other objects, and integers that only look like the start of one', () => {
    const items = parse('[1 0 R 2 3 /Name 4 0 R 5 (s) 6 7 8 9 R 10]') as unknown[];
    expect(items).toEqual([new PdfRef(1, 0), 2, 3, PdfName.of('Name'), new PdfRef(4, 0), 5, new PdfString(Buffer.from('s'), false), 6, 7, new PdfRef(8, 9), 10]);
  });

  it('reads a page tree\'s kids, however they are spaced', () => {
    expect(parse('[\n12 0 R\r\n13  1   R 14 0 R]')).toEqual([new PdfRef(12, 0), new PdfRef(13, 1), new PdfRef(14, 0)]);
    expect(parse('[ ]')).toEqual([]);
  });

  it('does not take "R" glued to a name or keyword for a reference', () => {
    expect(() => parse('[1 0 Rx]')).toThrow(/unexpected keyword/);
    expect(parse('[1 0 R/Name]')).toEqual([new PdfRef(1, 0), PdfName.of('Name')]);
  });

  it('keeps dictionaries and nested arrays intact after references', () => {
    const [ref, dict, nested] = parse('[3 0 R << /Parent 2 0 R /Count 1 >> [4 0 R]]') as [PdfRef, PdfDict, PdfRef[]];
    expect(ref).toEqual(new PdfRef(3, 0));
    expect(dict.get('Parent')).toEqual(new PdfRef(2, 0));
    expect(dict.get('Count')).toBe(1);
    expect(nested).toEqual([new PdfRef(4, 0)]);
  });

  it('refuses an array that does not end', () => {
    expect(() => parse('[1 0 R 2 0 R')).toThrow(/unterminated array/);
  });
});
