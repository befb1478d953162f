import { bidiClass, embeddingLevels, visualOrder } from './bidi';

const levels = (text: string, paragraph: 0 | 1) => embeddingLevels(Array.from(text, (char) => char.codePointAt(0) ?? 0), paragraph);

describe('the bidirectional algorithm for one line', () => {
  it('classes the characters of names, dates and labels', () => {
    expect(['س', 'a', '1', '١', '/', ':', '-', '+', ' ', '(', '\u0651', '،'].map((char) => bidiClass(char.codePointAt(0) ?? 0))).toEqual([
      'AL', 'L', 'EN', 'AN', 'CS', 'CS', 'ES', 'ES', 'WS', 'ON', 'NSM', 'CS',
    ]);
  });

  it('keeps plain text at the paragraph level', () => {
    expect(levels('Salim', 0)).toEqual([0, 0, 0, 0, 0]);
    expect(levels('سالم بن', 1)).toEqual([1, 1, 1, 1, 1, 1, 1]);
  });

  it('raises numbers in Arabic text one level, joined by their separators', () => {
    // التاريخ: ٢٠٢٥/٠١ — the colon after the word stays with it; the date is one left-to-right number.
    expect(levels('س: ٢٠٢٥/٠١', 1)).toEqual([1, 1, 1, 2, 2, 2, 2, 2, 2, 2]);
    // European digits after an Arabic letter are Arabic numbers (W2) but still left to right.
    expect(levels('س 10:42', 1)).toEqual([1, 1, 2, 2, 2, 2, 2]);
  });

  it('gives a Latin word in an Arabic line, and an Arabic word in a Latin line, their own direction', () => {
    expect(levels('سالم Salim', 1)).toEqual([1, 1, 1, 1, 1, 2, 2, 2, 2, 2]);
    expect(levels('Name: سالم', 0)).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 1, 1]);
  });

  it('gives a mark the level of its letter and puts trailing spaces back at the paragraph level', () => {
    expect(levels('a\u0651 ', 1)).toEqual([2, 2, 1]);
  });

  it('puts runs in visual order, reversing from the highest level down', () => {
    const runs = (...specs: [string, number][]) => specs.map(([name, level]) => ({ name, level }));
    expect(visualOrder(runs(['date', 2], [' ', 1], ['label', 1])).map((run) => run.name)).toEqual(['label', ' ', 'date']);
    expect(visualOrder(runs(['name', 1], [' ', 1], ['latin', 2], ['digits', 2])).map((run) => run.name)).toEqual(['latin', 'digits', ' ', 'name']);
    expect(visualOrder(runs(['Name', 0], ['ar1', 1], ['ar2', 1], ['end', 0])).map((run) => run.name)).toEqual(['Name', 'ar2', 'ar1', 'end']);
  });
});
