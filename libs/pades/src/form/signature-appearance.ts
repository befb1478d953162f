/**
 * What a visible signature looks like, as the appearance renderer (./appearance) produces it: a form
 * XObject's content and the subset fonts it uses. The writer embeds it; it knows nothing of shaping.
 */
export interface SignatureAppearance {
  /** The form XObject's BBox, in points. */
  width: number;
  height: number;
  /** Content stream operators; the fonts are resources /F1 (and /F2). */
  content: Buffer;
  fonts: EmbeddedFont[];
}

export interface EmbeddedFont {
  resourceName: string;
  /** A subset TrueType program whose glyph ids are the CIDs (Identity-H, CIDToGIDMap Identity). */
  fontFile2: Buffer;
  /** With its subset tag, e.g. "ABCDEF+NotoNaskhArabic-Regular". */
  postScriptName: string;
  /** Advance widths in 1/1000 em, for the /W array. */
  widths: Array<[cid: number, width: number]>;
  /** A complete ToUnicode CMap stream body. */
  toUnicode: Buffer;
  descriptor: {
    ascent: number;
    descent: number;
    capHeight: number;
    bbox: [number, number, number, number];
    flags: number;
    italicAngle: number;
    stemV: number;
  };
}
