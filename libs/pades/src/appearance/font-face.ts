import fs from 'node:fs';
import path from 'node:path';
import { copyIn, HB_MEMORY_MODE_READONLY, shapingModule } from './harfbuzz';

/** The two typefaces of an appearance: Arabic script, and everything Latin (letters, digits, punctuation). */
export type Typeface = 'arabic' | 'latin';

/** What the PDF's FontDescriptor says about a font, in 1/1000 em as PDF glyph space wants. */
export interface FontDescriptorValues {
  ascent: number;
  descent: number;
  capHeight: number;
  bbox: [number, number, number, number];
  flags: number;
  italicAngle: number;
  stemV: number;
}

/** A font loaded once per process: its bytes, HarfBuzz's face and font over them, and its metrics. */
export interface FontFace {
  typeface: Typeface;
  /** The PostScript name without a subset tag, e.g. `NotoNaskhArabic-Regular`. */
  postScriptName: string;
  bytes: Buffer;
  unitsPerEm: number;
  /** hb_font_t* in the shaping module; its scale is the font's units per em. */
  font: number;
  descriptor: FontDescriptorValues;
}

// Noto Naskh Arabic (SIL OFL) from @embedpdf/fonts-arabic; DejaVu Sans (Bitstream Vera licence) from dejavu-fonts-ttf.
// The Arabic package exports only its JavaScript entry (dist/), so its fonts/ folder is found from there.
const FONT_FILES: Record<Typeface, () => string> = {
  arabic: () => path.resolve(path.dirname(require.resolve('@embedpdf/fonts-arabic')), '../fonts/NotoNaskhArabic-Regular.ttf'),
  latin: () => require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
};

const loaded = new Map<Typeface, FontFace>();

export function fontFace(typeface: Typeface): FontFace {
  let face = loaded.get(typeface);
  if (!face) {
    face = loadFontFace(typeface, fs.readFileSync(FONT_FILES[typeface]()));
    loaded.set(typeface, face);
  }
  return face;
}

function loadFontFace(typeface: Typeface, bytes: Buffer): FontFace {
  const hb = shapingModule();
  // The copy in the WASM heap is never freed: the face is cached for the life of the process.
  const blob = hb.hb_blob_create(copyIn(hb, bytes), bytes.byteLength, HB_MEMORY_MODE_READONLY, 0, 0);
  const face = hb.hb_face_create(blob, 0);
  const tables = readTableDirectory(bytes);
  const unitsPerEm = hb.hb_face_get_upem(face);
  const font = hb.hb_font_create(face);
  return {
    typeface,
    postScriptName: readPostScriptName(bytes, tables),
    bytes,
    unitsPerEm,
    font,
    descriptor: readDescriptor(bytes, tables, unitsPerEm, capHeight(font)),
  };
}

/**
 * The top of a capital H, or of an alef in a font without Latin: OS/2's sCapHeight is absent from
 * DejaVu's old OS/2 version and zero in Noto Naskh.
 */
function capHeight(font: number): number {
  const hb = shapingModule();
  const extents = hb.malloc(16);
  try {
    for (const letter of ['H', '\u0627']) {
      const glyph = nominalGlyphOf(font, letter.charCodeAt(0));
      if (glyph && hb.hb_font_get_glyph_extents(font, glyph, extents)) return new Int32Array(hb.memory.buffer, extents, 4)[1];
    }
    return 0;
  } finally {
    hb.free(extents);
  }
}

/** The glyph id that `codepoint` maps to, or 0 (.notdef) where the font has none. */
export function nominalGlyph(face: FontFace, codepoint: number): number {
  return nominalGlyphOf(face.font, codepoint);
}

function nominalGlyphOf(font: number, codepoint: number): number {
  const hb = shapingModule();
  const out = hb.malloc(4);
  try {
    return hb.hb_font_get_nominal_glyph(font, codepoint, out) ? new Uint32Array(hb.memory.buffer, out, 1)[0] : 0;
  } finally {
    hb.free(out);
  }
}

/** The glyph's advance in the font's horizontal metrics (hmtx), in font units: what a PDF viewer advances by. */
export function glyphAdvance(face: FontFace, glyph: number): number {
  return shapingModule().hb_font_get_glyph_h_advance(face.font, glyph);
}

type TableDirectory = Map<string, { offset: number; length: number }>;

function readTableDirectory(bytes: Buffer): TableDirectory {
  const tables: TableDirectory = new Map();
  const count = bytes.readUInt16BE(4);
  for (let i = 0; i < count; i++) {
    const record = 12 + i * 16;
    tables.set(bytes.toString('latin1', record, record + 4), { offset: bytes.readUInt32BE(record + 8), length: bytes.readUInt32BE(record + 12) });
  }
  return tables;
}

function table(tables: TableDirectory, name: string): number {
  const entry = tables.get(name);
  if (!entry) throw new Error(`font without a ${name} table`);
  return entry.offset;
}

function readDescriptor(bytes: Buffer, tables: TableDirectory, unitsPerEm: number, capHeight: number): FontDescriptorValues {
  const scale = (value: number) => Math.round((value * 1000) / unitsPerEm);
  const head = table(tables, 'head');
  const hhea = table(tables, 'hhea');
  const os2 = table(tables, 'OS/2');
  const post = table(tables, 'post');
  const weightClass = bytes.readUInt16BE(os2 + 4);
  return {
    ascent: scale(bytes.readInt16BE(hhea + 4)),
    descent: scale(bytes.readInt16BE(hhea + 6)),
    capHeight: scale(capHeight),
    bbox: [scale(bytes.readInt16BE(head + 36)), scale(bytes.readInt16BE(head + 38)), scale(bytes.readInt16BE(head + 40)), scale(bytes.readInt16BE(head + 42))],
    // Symbolic (bit 3): a CID font's glyphs are addressed by id, not through a standard Latin encoding.
    flags: 4,
    italicAngle: bytes.readInt32BE(post + 4) / 65536,
    // PDF has no stem width in the font; this is the usual estimate from the weight class.
    stemV: Math.round(10 + 220 * ((weightClass - 50) / 900) ** 2),
  };
}

/** The name table's PostScript name (name id 6), from its Windows Unicode or Macintosh Roman record. */
function readPostScriptName(bytes: Buffer, tables: TableDirectory): string {
  const name = table(tables, 'name');
  const count = bytes.readUInt16BE(name + 2);
  const strings = name + bytes.readUInt16BE(name + 4);
  for (let i = 0; i < count; i++) {
    const record = name + 6 + i * 12;
    if (bytes.readUInt16BE(record + 6) !== 6) continue;
    const platform = bytes.readUInt16BE(record);
    const start = strings + bytes.readUInt16BE(record + 10);
    const end = start + bytes.readUInt16BE(record + 8);
    if (platform === 3) return Buffer.from(bytes.subarray(start, end)).swap16().toString('utf16le');
    if (platform === 1) return bytes.toString('latin1', start, end);
  }
  throw new Error('font without a PostScript name');
}
