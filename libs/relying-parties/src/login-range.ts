import { RelyingPartyError, type FieldProblem } from './relying-party-error';

/** The longest range of days counted at once: a year (a leap year's). */
export const LOGIN_RANGE_MAX_DAYS = 366;

/** Calendar days, both included (YYYY-MM-DD). */
export interface LoginRange {
  from: string;
  to: string;
}

export interface DailyLogins {
  day: string;
  logins: number;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MS_PER_DAY = 86_400_000;

function dayOf(value: unknown, field: string, problems: FieldProblem[]): string | undefined {
  const text = value instanceof Date ? value.toISOString().slice(0, 10) : value;
  if (typeof text !== 'string' || !DAY.test(text) || Number.isNaN(Date.parse(`${text}T00:00:00Z`)) || new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) !== text) {
    problems.push({ field, problem: 'must be a calendar day, YYYY-MM-DD' });
    return undefined;
  }
  return text;
}

/** The range an administrator asked for, or `rp-invalid` naming what is wrong with it. */
export function loginRange(range: { from: unknown; to: unknown }): LoginRange {
  const problems: FieldProblem[] = [];
  const from = dayOf(range?.from, 'from', problems);
  const to = dayOf(range?.to, 'to', problems);
  if (from && to) {
    const days = (Date.parse(to) - Date.parse(from)) / MS_PER_DAY + 1;
    if (days < 1) problems.push({ field: 'to', problem: 'must not be before from' });
    else if (days > LOGIN_RANGE_MAX_DAYS) problems.push({ field: 'to', problem: `at most ${LOGIN_RANGE_MAX_DAYS} days from from` });
  }
  if (problems.length || !from || !to) throw RelyingPartyError.invalid(problems);
  return { from, to };
}

/** Every day of the range, in order. */
export function daysOf(range: LoginRange): string[] {
  const days: string[] = [];
  for (let t = Date.parse(range.from); t <= Date.parse(range.to); t += MS_PER_DAY) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}
