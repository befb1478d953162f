/*
 * The Unicode bidirectional algorithm (UAX #9) for one line of plain text: no explicit embeddings,
 * isolates or bracket pairs, which an appearance's lines (a name, a reason, a date) never carry.
 * HarfBuzz shapes a run in one direction and does not reorder: left to it, the digits of an Arabic
 * date would come out reversed. This gives every character its embedding level, from which the
 * runs are cut and put in visual order.
 */

export type BidiClass = 'L' | 'R' | 'AL' | 'EN' | 'AN' | 'ES' | 'ET' | 'CS' | 'NSM' | 'WS' | 'ON';

/** The paragraph's direction: 0 for a left-to-right line (English), 1 for right-to-left (Arabic). */
export type ParagraphLevel = 0 | 1;

const ARABIC_SCRIPT = /[\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;
const HEBREW_SCRIPT = /\p{Script=Hebrew}/u;
const MARK = /[\p{Mn}\p{Me}]/u;
const LETTER = /[\p{L}\p{Mc}]/u;
const WHITE_SPACE = /\s/u;

/** The Bidi_Class of a code point, from its script and category, for the characters of text (not controls). */
export function bidiClass(codePoint: number): BidiClass {
  const char = String.fromCodePoint(codePoint);
  if ((codePoint >= 0x30 && codePoint <= 0x39) || (codePoint >= 0x6f0 && codePoint <= 0x6f9)) return 'EN';
  if ((codePoint >= 0x660 && codePoint <= 0x669) || (codePoint >= 0x600 && codePoint <= 0x605) || codePoint === 0x66b || codePoint === 0x66c || codePoint === 0x6dd) {
    return 'AN';
  }
  if (codePoint === 0x200e) return 'L';
  if (codePoint === 0x200f) return 'R';
  if (codePoint === 0x61c) return 'AL';
  if (MARK.test(char)) return 'NSM';
  if (codePoint === 0x2c || codePoint === 0x2e || codePoint === 0x2f || codePoint === 0x3a || codePoint === 0xa0 || codePoint === 0x60c) return 'CS';
  if (codePoint === 0x2b || codePoint === 0x2d || codePoint === 0x2212) return 'ES';
  if ('#$%°±٪'.includes(char) || (codePoint >= 0xa2 && codePoint <= 0xa5)) return 'ET';
  if (ARABIC_SCRIPT.test(char)) return 'AL';
  if (HEBREW_SCRIPT.test(char)) return 'R';
  if (WHITE_SPACE.test(char)) return 'WS';
  if (LETTER.test(char)) return 'L';
  return 'ON';
}

/** The embedding level of each code point of `codePoints` (rules W1–W7, N1–N2, I1–I2 and L1). */
export function embeddingLevels(codePoints: readonly number[], paragraph: ParagraphLevel): number[] {
  const original = codePoints.map(bidiClass);
  const types = [...original];
  const start: BidiClass = paragraph === 1 ? 'R' : 'L';
  const n = types.length;

  // W1: a mark takes the class of what it sits on.
  for (let i = 0; i < n; i++) if (types[i] === 'NSM') types[i] = i === 0 ? start : types[i - 1];
  // W2, W3: European digits after Arabic letters are Arabic numbers; Arabic letters are then right-to-left.
  let strong: BidiClass = start;
  for (let i = 0; i < n; i++) {
    const type = types[i];
    if (type === 'L' || type === 'R' || type === 'AL') strong = type;
    else if (type === 'EN' && strong === 'AL') types[i] = 'AN';
  }
  for (let i = 0; i < n; i++) if (types[i] === 'AL') types[i] = 'R';
  // W4: one separator between two numbers of a kind joins them (2025-01-15, 10:42, ١٠:٤٢).
  for (let i = 1; i < n - 1; i++) {
    const before = types[i - 1];
    const after = types[i + 1];
    if (types[i] === 'ES' && before === 'EN' && after === 'EN') types[i] = 'EN';
    else if (types[i] === 'CS' && before === after && (before === 'EN' || before === 'AN')) types[i] = before;
  }
  // W5: terminators next to European digits ($5, 5%) belong to the number.
  for (let i = 0; i < n; i++) {
    if (types[i] !== 'ET') continue;
    let end = i;
    while (end < n && types[end] === 'ET') end++;
    if ((i > 0 && types[i - 1] === 'EN') || (end < n && types[end] === 'EN')) types.fill('EN', i, end);
    i = end - 1;
  }
  // W6, W7: leftover separators are neutral; European digits in left-to-right text are left-to-right.
  strong = start;
  for (let i = 0; i < n; i++) {
    const type = types[i];
    if (type === 'ES' || type === 'ET' || type === 'CS') types[i] = 'ON';
    else if (type === 'L' || type === 'R') strong = type;
    else if (type === 'EN' && strong === 'L') types[i] = 'L';
  }
  // N1, N2: neutrals between two runs of one direction take it (numbers count as right-to-left), else the paragraph's.
  const direction = (type: BidiClass | undefined): 'L' | 'R' | undefined =>
    type === 'L' ? 'L' : type === 'R' || type === 'EN' || type === 'AN' ? 'R' : undefined;
  for (let i = 0; i < n; i++) {
    if (direction(types[i]) !== undefined) continue;
    let end = i;
    while (end < n && direction(types[end]) === undefined) end++;
    const before = (i > 0 && direction(types[i - 1])) || start;
    const after = (end < n && direction(types[end])) || start;
    types.fill(before === after ? before : start, i, end);
    i = end - 1;
  }
  // I1, I2.
  const levels = types.map((type) => {
    if (paragraph === 0) return type === 'R' ? 1 : type === 'AN' || type === 'EN' ? 2 : 0;
    return type === 'L' || type === 'EN' || type === 'AN' ? 2 : 1;
  });
  // L1: white space at the end of the line returns to the paragraph's level.
  for (let i = n - 1; i >= 0 && original[i] === 'WS'; i--) levels[i] = paragraph;
  return levels;
}

/**
 * L2: the visual order of runs given with their levels in logical order. From the highest level down
 * to the lowest odd one, every maximal sequence of runs at that level or above is reversed.
 */
export function visualOrder<T extends { level: number }>(runs: readonly T[]): T[] {
  const order = [...runs];
  const highest = Math.max(0, ...order.map((run) => run.level));
  const lowestOdd = Math.min(...order.map((run) => run.level).filter((level) => level % 2 === 1), highest + 1);
  for (let level = highest; level >= lowestOdd; level--) {
    for (let i = 0; i < order.length; i++) {
      if (order[i].level < level) continue;
      let end = i;
      while (end < order.length && order[end].level >= level) end++;
      order.splice(i, end - i, ...order.slice(i, end).reverse());
      i = end;
    }
  }
  return order;
}
