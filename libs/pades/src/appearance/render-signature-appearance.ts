import { createHash } from 'node:crypto';
import type { Bilingual } from '@theqa/kernel';
import { pdfNumber, textOperators, type PlacedLine } from './content-stream';
import { glyphAdvance, type FontDescriptorValues, type FontFace } from './font-face';
import { layOut, type AppearanceRow } from './layout';
import { formatSigningTime, type ArabicDigits } from './signing-time';
import { subsetFont } from './subset';
import { toUnicodeCMap } from './to-unicode';

/** A visible signature's normal appearance: a form XObject's content and the fonts it draws with. */
export interface SignatureAppearance {
  /** The form XObject's BBox is [0 0 width height], in points. */
  width: number;
  height: number;
  /** The content stream's operators; its fonts are the resources named in `fonts`. */
  content: Buffer;
  fonts: AppearanceFont[];
}

/** A Type0 font with Identity-H encoding over a CIDFontType2 (TrueType) with CIDToGIDMap Identity: CID = glyph id. */
export interface AppearanceFont {
  /** The name in the XObject's /Resources /Font dictionary: F1, F2. */
  resourceName: string;
  /** The subset TrueType program, glyph ids unchanged (FontFile2). */
  fontFile2: Buffer;
  /** BaseFont and FontName, with a subset tag: `ABCDEF+NotoNaskhArabic`. */
  postScriptName: string;
  /** The advance of every glyph drawn, in 1/1000 em, for the CIDFont's W array. */
  widths: Array<[cid: number, width: number]>;
  /** The ToUnicode CMap stream's content. */
  toUnicode: Buffer;
  descriptor: FontDescriptorValues;
}

export interface SignatureAppearanceOptions {
  /** The size of the box, in points. */
  width: number;
  height: number;
  /** The signer's name in Arabic and in Latin script; either may be absent, not both. */
  signer: Partial<Bilingual>;
  signedAt: Date;
  /** The IANA time zone the signing time is shown in, with its offset. Default: UTC. */
  timeZone?: string;
  /** Arabic-Indic digits in the Arabic lines (default), or Latin ones. */
  arabicDigits?: ArabicDigits;
  reason?: Partial<Bilingual>;
  /** The heading; `null` for none. Default: «موقّع رقمياً» / "Digitally signed". */
  title?: Partial<Bilingual> | null;
}

export const DIGITALLY_SIGNED: Bilingual = { ar: 'موقّع رقمياً', en: 'Digitally signed' };

const LABELS = { reason: { ar: 'السبب', en: 'Reason' }, date: { ar: 'التاريخ', en: 'Date' } } satisfies Record<string, Bilingual>;
const BORDER_WIDTH = 0.75;
const BORDER_COLOUR = '0.2 0.33 0.55 RG';
const TEXT_GRAY = 0.08;
const TITLE_GRAY = 0.35;

/**
 * Renders a signature's visible appearance: the title, the signer's name, the reason and the signing time,
 * each in Arabic (right-aligned, shaped by HarfBuzz) and in English (left-aligned), at the largest size that
 * fits the box, inside a thin border. The fonts are subsets of Noto Naskh Arabic and DejaVu Sans holding
 * only the glyphs drawn. The first call loads HarfBuzz and the fonts (some 100 ms); later ones take a few ms.
 */
export function renderSignatureAppearance(options: SignatureAppearanceOptions): SignatureAppearance {
  const { width, height } = options;
  if (!(width > 0 && height > 0)) throw new RangeError('a signature appearance needs a positive width and height');
  if (!options.signer.ar && !options.signer.en) throw new RangeError("a signature appearance needs the signer's name");
  const time = formatSigningTime(options.signedAt, options.timeZone ?? 'UTC', options.arabicDigits);
  const title = options.title === undefined ? DIGITALLY_SIGNED : options.title;
  const rows: AppearanceRow[] = [
    ...(title ? [{ ...title, scale: 0.85, gray: TITLE_GRAY }] : []),
    { ...options.signer, scale: 1.2, gray: TEXT_GRAY },
    ...(options.reason?.ar || options.reason?.en ? [{ ...labelled(LABELS.reason, options.reason), scale: 0.9, gray: TEXT_GRAY }] : []),
    { ...labelled(LABELS.date, time), scale: 0.85, gray: TEXT_GRAY },
  ];
  const padding = Math.min(6, Math.max(2, Math.min(width, height) * 0.06));
  const { lines } = layOut(rows, { width, height, padding });

  const fonts = collectFonts(lines);
  const text = textOperators(lines, {
    resourceName: (face) => fonts.of(face).resourceName,
    width: (face, glyph) => fonts.of(face).widths.get(glyph) ?? 0,
  });
  const inset = BORDER_WIDTH / 2;
  const border = `${pdfNumber(BORDER_WIDTH)} w ${BORDER_COLOUR} ${pdfNumber(inset)} ${pdfNumber(inset)} ${pdfNumber(width - BORDER_WIDTH)} ${pdfNumber(height - BORDER_WIDTH)} re S`;
  return {
    width,
    height,
    content: Buffer.from(`q\n${border}\n${text}\nQ\n`, 'latin1'),
    fonts: [...fonts.used].map(([face, font]) => {
      const widths = [...font.widths].sort(([a], [b]) => a - b);
      const ids = widths.map(([id]) => id);
      return {
        resourceName: font.resourceName,
        fontFile2: subsetFont(face.bytes, ids),
        postScriptName: `${subsetTag(face, ids)}+${face.postScriptName}`,
        widths,
        toUnicode: toUnicodeCMap(font.texts),
        descriptor: { ...face.descriptor, bbox: [...face.descriptor.bbox] },
      };
    }),
  };
}

interface UsedFont {
  resourceName: string;
  /** Glyph id → the characters it stands for, for ToUnicode. */
  texts: Map<number, string>;
  /** Glyph id → its W width in 1/1000 em. */
  widths: Map<number, number>;
}

/** The faces the lines draw with, the Arabic one first (F1 whenever there is Arabic), and their glyphs. */
function collectFonts(lines: readonly PlacedLine[]): { used: Map<FontFace, UsedFont>; of(face: FontFace): UsedFont } {
  const used = new Map<FontFace, UsedFont>();
  const glyphs = lines.flatMap((placed) => placed.line.glyphs);
  glyphs.sort((a, b) => Number(b.face.typeface === 'arabic') - Number(a.face.typeface === 'arabic'));
  for (const glyph of glyphs) {
    let font = used.get(glyph.face);
    if (!font) used.set(glyph.face, (font = { resourceName: `F${used.size + 1}`, texts: new Map(), widths: new Map() }));
    if (!font.texts.get(glyph.glyph)) font.texts.set(glyph.glyph, glyph.text);
    if (!font.widths.has(glyph.glyph)) font.widths.set(glyph.glyph, Math.round((glyphAdvance(glyph.face, glyph.glyph) * 1000) / glyph.face.unitsPerEm));
  }
  return {
    used,
    of(face) {
      const font = used.get(face);
      if (!font) throw new Error(`no glyph of ${face.postScriptName} was collected`);
      return font;
    },
  };
}

function labelled(label: Bilingual, text: Partial<Bilingual>): Partial<Bilingual> {
  return { ar: text.ar && `${label.ar}: ${text.ar}`, en: text.en && `${label.en}: ${text.en}` };
}

/** Six capital letters that name the subset (ISO 32000-1 §9.6.4), the same for the same glyphs. */
function subsetTag(face: FontFace, glyphs: readonly number[]): string {
  const digest = createHash('sha256').update(`${face.postScriptName}:${glyphs.join(',')}`).digest();
  return Array.from(digest.subarray(0, 6), (byte) => String.fromCharCode(65 + (byte % 26))).join('');
}
