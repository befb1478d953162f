import { copyIn, HB_MEMORY_MODE_READONLY, subsetModule, tag } from './harfbuzz';

// hb_subset_flags_t and hb_subset_sets_t.
const HB_SUBSET_FLAGS_RETAIN_GIDS = 0x2;
const HB_SUBSET_SETS_DROP_TABLE_TAG = 3;

/*
 * What a PDF viewer does not read from an embedded TrueType program: layout (the shaping is done, and
 * keeping GSUB would also pull every glyph its substitutions reach into the subset), kerning, glyph
 * names, and the tables of other tools. ISO 32000's list of required tables is head, hhea, loca, maxp,
 * cvt, prep, glyf, hmtx, fpgm; cmap and OS/2 stay for the stricter readers (PDF/A validators).
 */
const DROPPED_TABLES = ['GSUB', 'GPOS', 'GDEF', 'BASE', 'JSTF', 'MATH', 'kern', 'FFTM', 'DSIG', 'gasp', 'hdmx', 'LTSH', 'VDMX', 'PCLT', 'vhea', 'vmtx'];

/**
 * The font program with only `glyphs` (and the components of composite glyphs) left, each at its
 * original id: the content stream's CIDs are the shaped glyph ids (Identity-H, CIDToGIDMap Identity).
 */
export function subsetFont(font: Uint8Array, glyphs: Iterable<number>): Buffer {
  const hb = subsetModule();
  const face = subsetFace(font);
  const input = hb.hb_subset_input_create_or_fail();
  let subset = 0;
  try {
    if (!input) throw new Error('hb-subset: out of memory');
    const glyphSet = hb.hb_subset_input_glyph_set(input);
    hb.hb_set_add(glyphSet, 0);
    for (const glyph of glyphs) hb.hb_set_add(glyphSet, glyph);
    const dropped = hb.hb_subset_input_set(input, HB_SUBSET_SETS_DROP_TABLE_TAG);
    for (const name of DROPPED_TABLES) hb.hb_set_add(dropped, tag(name));
    hb.hb_subset_input_set_flags(input, hb.hb_subset_input_get_flags(input) | HB_SUBSET_FLAGS_RETAIN_GIDS);
    subset = hb.hb_subset_or_fail(face, input);
    if (!subset) throw new Error('hb-subset could not subset the font');
    const result = hb.hb_face_reference_blob(subset);
    const length = hb.malloc(4);
    try {
      const pointer = hb.hb_blob_get_data(result, length);
      return Buffer.from(new Uint8Array(hb.memory.buffer, pointer, new Uint32Array(hb.memory.buffer, length, 1)[0]));
    } finally {
      hb.free(length);
      hb.hb_blob_destroy(result);
    }
  } finally {
    if (subset) hb.hb_face_destroy(subset);
    if (input) hb.hb_subset_input_destroy(input);
  }
}

// The source fonts are few and live as long as the process: each is copied into the subsetter's heap once.
const faces = new WeakMap<Uint8Array, number>();

function subsetFace(font: Uint8Array): number {
  let face = faces.get(font);
  if (face === undefined) {
    const hb = subsetModule();
    const source = hb.hb_face_create(hb.hb_blob_create(copyIn(hb, font), font.byteLength, HB_MEMORY_MODE_READONLY, 0, 0), 0);
    // Preprocessing builds once the lookups that every subset of this font would otherwise rebuild.
    face = hb.hb_subset_preprocess(source);
    faces.set(font, face);
  }
  return face;
}
