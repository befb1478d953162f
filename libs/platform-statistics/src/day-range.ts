import type { Bilingual } from '@theqa/kernel';

/** Calendar days, both included, as YYYY-MM-DD in the platform's statistics time zone. */
export interface DayRange {
  from: string;
  to: string;
}

export const MAX_RANGE_DAYS = 366;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Bad input from the dashboard: a stable code and a title in both languages. */
export class StatisticsError extends Error {
  constructor(
    readonly code: 'statistics-range-invalid',
    readonly title: Bilingual,
  ) {
    super(title.en);
    this.name = 'StatisticsError';
  }
}

/** Every day of a checked range, in order; refuses a malformed, reversed or over-long range. */
export function daysOf(range: DayRange): string[] {
  const from = dayNumber(range.from);
  const to = dayNumber(range.to);
  if (from === undefined || to === undefined) throw new StatisticsError('statistics-range-invalid', { ar: 'التاريخ بالصيغة YYYY-MM-DD', en: 'Dates are written YYYY-MM-DD' });
  if (to < from) throw new StatisticsError('statistics-range-invalid', { ar: 'بداية الفترة بعد نهايتها', en: 'The period starts after it ends' });
  if (to - from + 1 > MAX_RANGE_DAYS) throw new StatisticsError('statistics-range-invalid', { ar: `الفترة ${MAX_RANGE_DAYS} يومًا على الأكثر`, en: `The period is at most ${MAX_RANGE_DAYS} days` });
  const days: string[] = [];
  for (let day = from; day <= to; day++) days.push(new Date(day * 86_400_000).toISOString().slice(0, 10));
  return days;
}

/** Days since 1970-01-01 of a real calendar date; undefined for anything else (2026-02-30 included). */
function dayNumber(text: string): number | undefined {
  const match = typeof text === 'string' ? DAY.exec(text) : null;
  if (!match) return undefined;
  const time = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return new Date(time).toISOString().slice(0, 10) === text ? time / 86_400_000 : undefined;
}

/** The range of the `days` days up to and including today in `timeZone`. */
export function lastDays(days: number, timeZone: string, now = new Date()): DayRange {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  const end = Date.parse(`${today}T00:00:00Z`);
  return { from: new Date(end - (days - 1) * 86_400_000).toISOString().slice(0, 10), to: today };
}
