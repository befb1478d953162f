import type { PlacedLine } from './content-stream';
import { fontFace } from './font-face';
import { shapeLine, type ShapedLine } from './line';

/** One item of the appearance (the title, the name, the reason, the date) in either or both languages. */
export interface AppearanceRow {
  ar?: string;
  en?: string;
  /** Its size relative to the others (the name is larger). */
  scale: number;
  gray: number;
}

export interface Box {
  width: number;
  height: number;
  /** Between the border and the text, in points. */
  padding: number;
}

/** The text never grows past this (in points, before a row's scale), however large the box. */
export const LARGEST_FONT_SIZE = 12;
/** Below this the appearance would not be read: the box is refused rather than filled with specks. */
export const SMALLEST_FONT_SIZE = 3;

// Naskh's letters are small for their em: at 1.15 times the size, Arabic looks as large as DejaVu's Latin.
const ARABIC_SCALE = 1.15;
// Lines are as tall as the font's ascender and descender (Naskh's marks need its 1.6 em), and 1.25 em at least.
const SMALLEST_LINE_HEIGHT = 1.25;
// Between the Arabic and the Latin lines when stacked, in em.
const BLOCK_GAP = 0.4;
// Space between an Arabic and a Latin text side by side, in em.
const COLUMN_GAP = 1.5;

interface Measured {
  line: ShapedLine;
  scale: number;
  gray: number;
  /** Above and below the baseline, in em (the font's hhea ascender and descender). */
  ascent: number;
  descent: number;
}

/**
 * Lays the rows out in the box at the largest size that fits, trying two arrangements: side by side
 * (each row on one line, Latin from the left edge and Arabic from the right), which suits wide boxes,
 * and stacked (the Arabic lines, then the Latin ones), for narrow ones.
 */
export function layOut(rows: readonly AppearanceRow[], box: Box): { lines: PlacedLine[]; size: number } {
  const measured = rows.map((row) => ({
    ar: row.ar ? measure(shapeLine(row.ar, true), row) : undefined,
    en: row.en ? measure(shapeLine(row.en, false), row) : undefined,
  }));
  const innerWidth = box.width - 2 * box.padding;
  const innerHeight = box.height - 2 * box.padding;

  const sideBySide = measured.map((row) => [row.ar, row.en].filter((line) => line !== undefined));
  const sideBySideSize = Math.min(
    LARGEST_FONT_SIZE,
    innerHeight / sum(sideBySide.map((group) => Math.max(...group.map(height)))),
    ...sideBySide.map((group) => innerWidth / (sum(group.map(width)) + (group.length > 1 ? COLUMN_GAP * group[0].scale : 0))),
  );
  const arabic = measured.flatMap((row) => (row.ar ? [row.ar] : []));
  const latin = measured.flatMap((row) => (row.en ? [row.en] : []));
  const stacked = [...arabic, ...latin].map((line) => [line]);
  const blockGap = arabic.length && latin.length ? BLOCK_GAP : 0;
  const stackedSize = Math.min(
    LARGEST_FONT_SIZE,
    innerHeight / (sum(stacked.map((group) => height(group[0]))) + blockGap),
    ...stacked.map((group) => innerWidth / width(group[0])),
  );

  const sideBySideWins = sideBySideSize >= stackedSize;
  const [groups, size] = sideBySideWins ? [sideBySide, sideBySideSize] : [stacked, stackedSize];
  if (!(size >= SMALLEST_FONT_SIZE)) {
    throw new RangeError(`a signature appearance of ${box.width}×${box.height} pt is too small for its text (it would be set at ${size.toFixed(1)} pt)`);
  }
  const gap = sideBySideWins ? 0 : blockGap * size;
  const used = sum(groups.map((group) => Math.max(...group.map(height)))) * size + gap;
  let top = box.height - box.padding - (innerHeight - used) / 2;
  const lines: PlacedLine[] = [];
  for (const [index, group] of groups.entries()) {
    if (index === arabic.length) top -= gap;
    const ascent = Math.max(...group.map((line) => line.ascent * line.scale)) * size;
    const baseline = top - ascent;
    for (const line of group) {
      const lineWidth = width(line) * size;
      const x = line.line.rightToLeft ? box.width - box.padding - lineWidth : box.padding;
      lines.push({ line: line.line, x, baseline, size: size * line.scale, gray: line.gray });
    }
    top -= Math.max(...group.map(height)) * size;
  }
  return { lines, size };
}

function measure(line: ShapedLine, row: AppearanceRow): Measured {
  const { ascent, descent } = fontFace(line.rightToLeft ? 'arabic' : 'latin').descriptor;
  const scale = row.scale * (line.rightToLeft ? ARABIC_SCALE : 1);
  return { line, scale, gray: row.gray, ascent: ascent / 1000, descent: descent / 1000 };
}

/** In em of the base size. */
function width(line: Measured): number {
  return (line.line.width / 1000) * line.scale;
}

function height(line: Measured): number {
  return Math.max(line.ascent - line.descent, SMALLEST_LINE_HEIGHT) * line.scale;
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
