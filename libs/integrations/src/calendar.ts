// Calendar dates as `YYYY-MM-DD`, computed in UTC so that no machine's time zone shifts a day.
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseDate(date: string): Date {
  const match = DATE.exec(date);
  const parsed = match ? new Date(Date.UTC(+match[1], +match[2] - 1, +match[3])) : new Date(NaN);
  if (Number.isNaN(parsed.getTime()) || formatDate(parsed) !== date) throw new RangeError(`not a calendar date: ${date}`);
  return parsed;
}

export function formatDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  const d = parseDate(date);
  d.setUTCDate(d.getUTCDate() + days);
  return formatDate(d);
}

/** Same day and month `years` later; 29 February becomes 1 March in a common year. */
export function addYears(date: string, years: number): string {
  const d = parseDate(date);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return formatDate(d);
}
