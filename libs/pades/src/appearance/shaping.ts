import type { FontFace } from './font-face';
import { shapingModule, tag } from './harfbuzz';

/** One glyph as HarfBuzz placed it, in font units; `cluster` is the UTF-16 offset of its first character in the line. */
export interface ShapedGlyph {
  glyph: number;
  cluster: number;
  xAdvance: number;
  xOffset: number;
  yOffset: number;
}

export interface ShapingRun {
  face: FontFace;
  /** The whole line: HarfBuzz sees the characters around the run, so letters join across a change of font. */
  text: string;
  start: number;
  end: number;
  rightToLeft: boolean;
}

const HB_DIRECTION_LTR = 4;
const HB_DIRECTION_RTL = 5;
// Marks keep clusters of their own, so that a shadda maps back to U+0651 and only ligatures (لا) span several characters.
const HB_BUFFER_CLUSTER_LEVEL_MONOTONE_CHARACTERS = 1;

const languages = new Map<string, number>();

/** The glyphs of `text[start, end)` in visual order, left to right, whatever the run's direction. */
export function shapeRun(run: ShapingRun): ShapedGlyph[] {
  const hb = shapingModule();
  const arabic = run.face.typeface === 'arabic';
  const buffer = hb.hb_buffer_create();
  const text = hb.malloc(run.text.length * 2);
  try {
    const units = new Uint16Array(hb.memory.buffer, text, run.text.length);
    for (let i = 0; i < run.text.length; i++) units[i] = run.text.charCodeAt(i);
    hb.hb_buffer_add_utf16(buffer, text, run.text.length, run.start, run.end - run.start);
    hb.hb_buffer_set_direction(buffer, run.rightToLeft ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
    hb.hb_buffer_set_script(buffer, tag(arabic ? 'Arab' : 'Latn'));
    hb.hb_buffer_set_language(buffer, language(arabic ? 'ar' : 'en'));
    hb.hb_buffer_set_cluster_level(buffer, HB_BUFFER_CLUSTER_LEVEL_MONOTONE_CHARACTERS);
    hb.hb_shape(run.face.font, buffer, 0, 0);
    const count = hb.hb_buffer_get_length(buffer);
    // hb_glyph_info_t and hb_glyph_position_t are both five 32-bit words.
    const infos = new Uint32Array(hb.memory.buffer, hb.hb_buffer_get_glyph_infos(buffer, 0), count * 5);
    const positions = new Int32Array(hb.memory.buffer, hb.hb_buffer_get_glyph_positions(buffer, 0), count * 5);
    const glyphs: ShapedGlyph[] = [];
    for (let i = 0; i < count; i++) {
      glyphs.push({ glyph: infos[i * 5], cluster: infos[i * 5 + 2], xAdvance: positions[i * 5], xOffset: positions[i * 5 + 2], yOffset: positions[i * 5 + 3] });
    }
    return glyphs;
  } finally {
    hb.free(text);
    hb.hb_buffer_destroy(buffer);
  }
}

function language(code: string): number {
  let language = languages.get(code);
  if (language === undefined) {
    const hb = shapingModule();
    const text = hb.malloc(code.length);
    new Uint8Array(hb.memory.buffer, text, code.length).set(Buffer.from(code, 'latin1'));
    // hb_language_t values are interned by HarfBuzz for the life of the module.
    language = hb.hb_language_from_string(text, code.length);
    hb.free(text);
    languages.set(code, language);
  }
  return language;
}
