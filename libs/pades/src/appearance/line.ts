import { embeddingLevels, visualOrder, type ParagraphLevel } from './bidi';
import { fontFace, nominalGlyph, type FontFace, type Typeface } from './font-face';
import { shapeRun } from './shaping';

/** A glyph of a laid-out line. Lengths are in 1/1000 em, PDF's glyph space. */
export interface LineGlyph {
  face: FontFace;
  glyph: number;
  /** The characters this glyph stands for (a lam-alef ligature: two; the second glyph of a split character: none). */
  text: string;
  /** Where it is drawn, from the line's start on its baseline (mark offsets included). */
  x: number;
  y: number;
}

export interface ShapedLine {
  text: string;
  rightToLeft: boolean;
  /** In drawing order: left to right, except that a mark follows the letter it sits on (see shapeLine). */
  glyphs: LineGlyph[];
  /** The sum of the advances, in 1/1000 em. */
  width: number;
}

const ARABIC_SCRIPT = /[\p{Script=Arabic}]/u;
const OTHER_SCRIPT_LETTER = /\p{L}/u;
const MARK = /[\p{Mn}\p{Me}]/u;
const MARKS_ONLY = /^[\p{Mn}\p{Me}]+$/u;

/**
 * Shapes one line: the bidirectional algorithm cuts it into runs of one direction and one font, each run is
 * shaped by HarfBuzz, and the runs are put in visual order. `rightToLeft` is the paragraph's direction
 * (Arabic lines), which also decides where the characters common to both scripts go when nothing else does.
 */
export function shapeLine(text: string, rightToLeft: boolean): ShapedLine {
  const codePoints = Array.from(text, (char) => char.codePointAt(0) ?? 0);
  const levels = embeddingLevels(codePoints, (rightToLeft ? 1 : 0) as ParagraphLevel);
  const typefaces = chooseTypefaces(codePoints, rightToLeft ? 'arabic' : 'latin');
  const glyphs: LineGlyph[] = [];
  let pen = 0;
  for (const run of visualOrder(cutRuns(codePoints, levels, typefaces))) {
    const face = fontFace(run.typeface);
    const rtl = run.level % 2 === 1;
    const shaped = shapeRun({ face, text, start: run.start, end: run.end, rightToLeft: rtl });
    const clusterText = clusterTexts(text, shaped.map((glyph) => glyph.cluster), run.end);
    const toEm = 1000 / face.unitsPerEm;
    // The characters of a cluster of several glyphs are given to its logically first glyph.
    const texts = shaped.map(() => '');
    const given = new Set<number>();
    for (let k = 0; k < shaped.length; k++) {
      const i = rtl ? shaped.length - 1 - k : k;
      const cluster = shaped[i].cluster;
      if (!given.has(cluster)) texts[i] = clusterText.get(cluster) ?? '';
      given.add(cluster);
    }
    const placed = shaped.map((glyph, i) => {
      const at = { face, glyph: glyph.glyph, text: texts[i], x: pen + glyph.xOffset * toEm, y: glyph.yOffset * toEm };
      pen += glyph.xAdvance * toEm;
      return at;
    });
    glyphs.push(...(rtl ? marksAfterTheirLetters(placed) : placed));
  }
  return { text, rightToLeft, glyphs, width: pen };
}

/**
 * In right-to-left visual order a letter's marks come before it (they have the higher offsets). Text
 * extractors attach a mark to the glyph drawn just before it, so each letter is drawn first and its marks
 * after; every glyph keeps its position.
 */
function marksAfterTheirLetters(glyphs: LineGlyph[]): LineGlyph[] {
  const ordered: LineGlyph[] = [];
  let marks: LineGlyph[] = [];
  for (const glyph of glyphs) {
    if (MARKS_ONLY.test(glyph.text)) marks.push(glyph);
    else {
      ordered.push(glyph, ...marks);
      marks = [];
    }
  }
  return [...ordered, ...marks];
}

/**
 * Each character's font: Arabic script in the Arabic font, other letters in the Latin one; digits, spaces
 * and punctuation follow the letter before them (or after, at the start), and a mark its base. A
 * character the chosen font lacks (a slash in Noto Naskh) goes to the other font.
 */
function chooseTypefaces(codePoints: readonly number[], fallback: Typeface): Typeface[] {
  const scripts = codePoints.map((codePoint): Typeface | undefined => {
    const char = String.fromCodePoint(codePoint);
    if (ARABIC_SCRIPT.test(char) && !MARK.test(char)) return 'arabic';
    if (OTHER_SCRIPT_LETTER.test(char)) return 'latin';
    return undefined;
  });
  const chosen: Typeface[] = [];
  for (let i = 0; i < codePoints.length; i++) {
    const char = String.fromCodePoint(codePoints[i]);
    if (MARK.test(char) && i > 0) {
      chosen.push(chosen[i - 1]);
      continue;
    }
    let typeface = scripts[i];
    for (let j = i - 1; typeface === undefined && j >= 0; j--) typeface = scripts[j];
    for (let j = i + 1; typeface === undefined && j < codePoints.length; j++) typeface = scripts[j];
    typeface ??= fallback;
    const other: Typeface = typeface === 'arabic' ? 'latin' : 'arabic';
    if (!nominalGlyph(fontFace(typeface), codePoints[i]) && nominalGlyph(fontFace(other), codePoints[i])) typeface = other;
    chosen.push(typeface);
  }
  return chosen;
}

interface Run {
  /** UTF-16 offsets into the line. */
  start: number;
  end: number;
  level: number;
  typeface: Typeface;
}

function cutRuns(codePoints: readonly number[], levels: readonly number[], typefaces: readonly Typeface[]): Run[] {
  const runs: Run[] = [];
  let offset = 0;
  for (let i = 0; i < codePoints.length; i++) {
    const length = codePoints[i] > 0xffff ? 2 : 1;
    const last = runs.at(-1);
    if (last && last.level === levels[i] && last.typeface === typefaces[i]) last.end += length;
    else runs.push({ start: offset, end: offset + length, level: levels[i], typeface: typefaces[i] });
    offset += length;
  }
  return runs;
}

/** The characters of each cluster: from its offset to the next cluster's (or the run's end). */
function clusterTexts(text: string, clusters: readonly number[], end: number): Map<number, string> {
  const starts = [...new Set(clusters)].sort((a, b) => a - b);
  return new Map(starts.map((start, i) => [start, text.slice(start, starts[i + 1] ?? end)]));
}
