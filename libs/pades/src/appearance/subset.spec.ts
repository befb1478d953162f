import { fontFace, nominalGlyph } from './font-face';
import { copyIn, HB_MEMORY_MODE_READONLY, shapingModule } from './harfbuzz';
import { shapeLine } from './line';
import { subsetFont } from './subset';

function tables(font: Buffer): Map<string, Buffer> {
  const entries = new Map<string, Buffer>();
  for (let i = 0; i < font.readUInt16BE(4); i++) {
    const record = 12 + i * 16;
    const offset = font.readUInt32BE(record + 8);
    entries.set(font.toString('latin1', record, record + 4), font.subarray(offset, offset + font.readUInt32BE(record + 12)));
  }
  return entries;
}

/** The height of each glyph's outline as HarfBuzz reads it from `font` (0: no outline). */
function outlineHeights(font: Buffer, glyphs: number[]): number[] {
  const hb = shapingModule();
  const face = hb.hb_face_create(hb.hb_blob_create(copyIn(hb, font), font.byteLength, HB_MEMORY_MODE_READONLY, 0, 0), 0);
  const hbFont = hb.hb_font_create(face);
  const extents = hb.malloc(16);
  const heights = glyphs.map((glyph) => (hb.hb_font_get_glyph_extents(hbFont, glyph, extents) ? 0 - new Int32Array(hb.memory.buffer, extents, 4)[3] || 0 : 0));
  hb.free(extents);
  return heights;
}

describe('subsetting a font with hb-subset', () => {
  const arabic = fontFace('arabic');
  const latin = fontFace('latin');
  const name = shapeLine('سالم بن ناصر الحارثي', true).glyphs.map((glyph) => glyph.glyph);

  it('keeps only the glyphs drawn, far smaller than the font', () => {
    const subset = subsetFont(arabic.bytes, name);
    expect(subset.length).toBeLessThan(arabic.bytes.length / 10);
    const latinSubset = subsetFont(latin.bytes, shapeLine('Salim Nasser Al Harthy', false).glyphs.map((glyph) => glyph.glyph));
    expect(latinSubset.length).toBeLessThan(latin.bytes.length / 50);
  });

  it('keeps every glyph at its id, so that the shaped ids are the CIDs', () => {
    const subset = subsetFont(arabic.bytes, name);
    const numGlyphs = tables(subset).get('maxp')?.readUInt16BE(4) ?? 0;
    expect(numGlyphs).toBeGreaterThan(Math.max(...name));
    // The same outlines at the same ids; a glyph not asked for (the letter ج) is empty.
    const jeem = nominalGlyph(arabic, 0x62c);
    expect(name).not.toContain(jeem);
    expect(outlineHeights(subset, [...name, jeem])).toEqual([...outlineHeights(arabic.bytes, name), 0]);
    expect(outlineHeights(arabic.bytes, [jeem])[0]).toBeGreaterThan(0);
  });

  it('is a TrueType program with what a PDF viewer reads and without the layout tables', () => {
    const names = [...tables(subsetFont(latin.bytes, [36, 68])).keys()];
    expect(names).toEqual(expect.arrayContaining(['head', 'hhea', 'maxp', 'loca', 'glyf', 'hmtx', 'cmap', 'OS/2']));
    for (const dropped of ['GSUB', 'GPOS', 'GDEF', 'kern', 'MATH']) expect(names).not.toContain(dropped);
  });
});
