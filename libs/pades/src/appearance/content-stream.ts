import type { FontFace } from './font-face';
import type { ShapedLine } from './line';
import { hex4 } from './to-unicode';

/** A line put in the box: its left end on the baseline, in points from the box's lower left corner. */
export interface PlacedLine {
  line: ShapedLine;
  x: number;
  baseline: number;
  size: number;
  /** DeviceGray level of the text: 0 black. */
  gray: number;
}

export interface DrawingFonts {
  /** The resource name of each face the lines use (F1, F2). */
  resourceName(face: FontFace): string;
  /** The width the PDF font's W array gives each glyph, in 1/1000 em: what a viewer advances by after it. */
  width(face: FontFace, glyph: number): number;
}

// Moves below half a thousandth of an em (the W array's rounding) are left out: they never add up, since
// each glyph's position is aimed at from the line's start.
const MOVE_THRESHOLD = 0.5;

/** PDF numbers: at most three decimals, no exponent, no "-0". */
export function pdfNumber(value: number): string {
  const text = String(Math.round(value * 1000) / 1000);
  return text === '-0' ? '0' : text;
}

/**
 * The text operators of the lines. Each line starts with an absolute Tm; its glyphs go in TJ arrays of
 * two-byte glyph ids, where a number moves the pen wherever HarfBuzz's placement differs from the
 * W widths (kerning, marks); a mark's y offset is a text rise (Ts).
 */
export function textOperators(lines: readonly PlacedLine[], fonts: DrawingFonts): string {
  const out: string[] = ['BT'];
  let gray: number | undefined;
  let font = '';
  for (const placed of lines) {
    if (placed.gray !== gray) out.push(`${pdfNumber(placed.gray)} g`);
    gray = placed.gray;
    out.push(`1 0 0 1 ${pdfNumber(placed.x)} ${pdfNumber(placed.baseline)} Tm`);
    let cursor = 0;
    let rise = 0;
    let array: string[] | undefined;
    const close = () => {
      if (array?.length) out.push(`[${array.join('')}] TJ`);
      array = undefined;
    };
    for (const glyph of placed.line.glyphs) {
      const resource = `/${fonts.resourceName(glyph.face)} ${pdfNumber(placed.size)} Tf`;
      const glyphRise = (glyph.y / 1000) * placed.size;
      if (resource !== font || Math.abs(glyphRise - rise) > 0.0005) {
        close();
        if (resource !== font) out.push(resource);
        if (Math.abs(glyphRise - rise) > 0.0005) out.push(`${pdfNumber(glyphRise)} Ts`);
        font = resource;
        rise = glyphRise;
      }
      array ??= [];
      const shift = Math.round((glyph.x - cursor) * 100) / 100;
      if (Math.abs(shift) >= MOVE_THRESHOLD) {
        array.push(pdfNumber(-shift));
        cursor += shift;
      }
      // Glyphs in a row share one hex string: <0A1B0C2D>.
      const last = array.length - 1;
      if (array[last]?.endsWith('>')) array[last] = `${array[last].slice(0, -1)}${hex4(glyph.glyph)}>`;
      else array.push(`<${hex4(glyph.glyph)}>`);
      cursor += fonts.width(glyph.face, glyph.glyph);
    }
    close();
    if (rise !== 0) out.push('0 Ts');
  }
  out.push('ET');
  return out.join('\n');
}
