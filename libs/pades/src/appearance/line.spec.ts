import { fontFace, nominalGlyph } from './font-face';
import { shapeLine } from './line';

const drawn = (text: string, rightToLeft: boolean) => shapeLine(text, rightToLeft).glyphs;
const reversed = (text: string) => [...text].reverse().join('');

describe('shaping a line with HarfBuzz', () => {
  const arabic = fontFace('arabic');

  it('forms the lam-alef ligature: one glyph for two letters, mapped back to both', () => {
    const glyphs = drawn('سلام', true);
    expect(glyphs.map((glyph) => glyph.text)).toEqual(['م', 'لا', 'س']);
    const ligature = glyphs[1].glyph;
    expect(ligature).not.toBe(nominalGlyph(arabic, 0x644));
    expect(ligature).not.toBe(nominalGlyph(arabic, 0x627));
  });

  it('joins letters: initial, medial and final forms differ from each other and from the isolated letter', () => {
    const isolated = drawn('ب', true);
    expect(isolated.map((glyph) => glyph.glyph)).toEqual([nominalGlyph(arabic, 0x628)]);
    // Drawn left to right: the final form (the last letter) first.
    const [final, medial, initial] = drawn('ببب', true).map((glyph) => glyph.glyph);
    expect(new Set([isolated[0].glyph, initial, medial, final]).size).toBe(4);
  });

  it('draws Arabic right to left: the first letter is the rightmost glyph', () => {
    const text = 'سالم بن ناصر الحارثي';
    const glyphs = drawn(text, true);
    expect(glyphs.map((glyph) => glyph.text).join('')).toBe(reversed(text));
    expect(glyphs.every((glyph) => glyph.face.typeface === 'arabic')).toBe(true);
    const xs = glyphs.map((glyph) => glyph.x);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
  });

  it('keeps the digits of an Arabic date left to right and the words around them right to left', () => {
    const glyphs = drawn('التاريخ: ٢٠٢٥/٠١/١٥ ١٠:٤٢', true);
    expect(glyphs.map((glyph) => glyph.text).join('')).toBe(`١٠:٤٢ ٢٠٢٥/٠١/١٥ :${reversed('التاريخ')}`);
    // Noto Naskh has no slash: it comes from the Latin font, the digits around it from the Arabic one.
    expect(glyphs.filter((glyph) => glyph.text === '/').map((glyph) => glyph.face.typeface)).toEqual(['latin', 'latin']);
    expect(glyphs.find((glyph) => glyph.text === '٢')?.face.typeface).toBe('arabic');
  });

  it('puts a Latin name in an Arabic line left to right, in the Latin font', () => {
    const glyphs = drawn('المفوض: Salim', true);
    expect(glyphs.map((glyph) => glyph.text).join('')).toBe(`Salim :${reversed('المفوض')}`);
    expect(glyphs.slice(0, 5).map((glyph) => glyph.face.typeface)).toEqual(Array(5).fill('latin'));
  });

  it('sets Latin text left to right in DejaVu Sans', () => {
    const line = shapeLine('Salim Nasser Al Harthy', false);
    expect(line.glyphs.map((glyph) => glyph.text).join('')).toBe('Salim Nasser Al Harthy');
    expect(new Set(line.glyphs.map((glyph) => glyph.face.postScriptName))).toEqual(new Set(['DejaVuSans']));
    expect(line.width).toBeGreaterThan(10_000);
  });

  it('places a mark over its letter and draws it right after that letter', () => {
    const glyphs = drawn('موقّع', true);
    const shadda = glyphs.findIndex((glyph) => glyph.text === '\u0651');
    const qaf = glyphs[shadda - 1];
    expect(qaf.text).toBe('ق');
    expect(glyphs[shadda].y).toBeGreaterThan(0);
    const next = glyphs[shadda + 1];
    // Over the qaf: between its left edge and the next glyph's (the waw, to its right).
    expect(glyphs[shadda].x).toBeGreaterThanOrEqual(qaf.x);
    expect(glyphs[shadda].x).toBeLessThan(next.x);
  });
});
