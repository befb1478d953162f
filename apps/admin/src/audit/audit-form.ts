import type { AuditQuery } from '@theqa/audit';
import type { Bilingual } from '@theqa/kernel';

/**
 * The console reads and shows times in the ministry's time: Asia/Muscat, which has kept UTC+4 without
 * daylight saving since 1920 — so a fixed offset is exact (html.ts shows times in the same zone).
 */
export const CONSOLE_TIME_OFFSET = '+04:00';

/** The search and export forms' fields as typed (kept to show the form again). */
export interface AuditFormValues {
  actor: string;
  action: string;
  subject: string;
  from: string;
  to: string;
  /** Entries per page, one of PAGE_SIZES ('' for the default). */
  size: string;
}

/** The page sizes the search offers; the first is the default. */
export const PAGE_SIZES = ['50', '20', '100', '200'] as const;

/** Input a page refuses before asking the service: the form comes back with this message. */
export class AuditFormError extends Error {
  constructor(
    readonly title: Bilingual,
    readonly field?: keyof AuditFormValues | 'known',
  ) {
    super(title.en);
    this.name = 'AuditFormError';
  }
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * A time as a `datetime-local` or `date` field sends it, in Muscat time; a bare date is the start of
 * that day, or — for the end of a period — the start of the next, so that "to 2026-03-31" includes the 31st.
 */
export function consoleTime(text: string, role: 'from' | 'to'): Date | undefined {
  const value = text.trim();
  if (!value) return undefined;
  const name = role === 'from' ? { ar: 'بداية الفترة', en: 'The start of the period' } : { ar: 'نهاية الفترة', en: 'The end of the period' };
  const invalid = () => new AuditFormError({ ar: `${name.ar} ليست تاريخًا صحيحًا (مثال: 2026-03-01T08:30)`, en: `${name.en} is not a valid date (for example 2026-03-01T08:30)` }, role);
  const date = DATE.exec(value);
  const dateTime = DATE_TIME.exec(value);
  const parts = date ?? dateTime;
  if (!parts) throw invalid();
  const [, year, month, day, hour = '00', minute = '00', second = '00'] = parts;
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) throw invalid();
  // A real calendar day (2026-02-30 is not one).
  const calendar = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (calendar.toISOString().slice(0, 10) !== `${year}-${month}-${day}`) throw invalid();
  const time = new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}${CONSOLE_TIME_OFFSET}`);
  if (date && role === 'to') return new Date(time.getTime() + 86_400_000);
  return time;
}

/** The form's values from a query or a body: one string each, nothing else. */
export function auditFormValues(source: unknown): AuditFormValues {
  const record = source && typeof source === 'object' ? (source as Record<string, unknown>) : {};
  const one = (name: string) => (typeof record[name] === 'string' ? (record[name] as string) : '');
  return { actor: one('actor'), action: one('action'), subject: one('subject'), from: one('from'), to: one('to'), size: one('size') };
}

/** The search the form asks for (the service checks lengths and order), and the page it continues from. */
export function auditQueryOf(values: AuditFormValues, before: unknown): AuditQuery {
  return {
    actor: values.actor,
    action: values.action,
    subject: values.subject,
    from: consoleTime(values.from, 'from'),
    to: consoleTime(values.to, 'to'),
    pageSize: pageSizeOf(values.size),
    before: typeof before === 'string' ? before : undefined,
  };
}

function pageSizeOf(text: string): number | undefined {
  if (text === '') return undefined;
  if (!(PAGE_SIZES as readonly string[]).includes(text)) throw new AuditFormError({ ar: `عدد السجلات في الصفحة أحد هذه: ${PAGE_SIZES.join('، ')}`, en: `Entries per page is one of ${PAGE_SIZES.join(', ')}` }, 'size');
  return Number(text);
}

/** The period of an export: both ends required, in order (the service refuses empty and too large ones). */
export function exportRangeOf(values: AuditFormValues): { from: Date; to: Date } {
  const from = consoleTime(values.from, 'from');
  const to = consoleTime(values.to, 'to');
  if (!from) throw new AuditFormError({ ar: 'حدّد بداية الفترة المراد تصديرها', en: 'Give the start of the period to export' }, 'from');
  if (!to) throw new AuditFormError({ ar: 'حدّد نهاية الفترة المراد تصديرها', en: 'Give the end of the period to export' }, 'to');
  if (from >= to) throw new AuditFormError({ ar: 'بداية الفترة بعد نهايتها', en: 'The period starts after it ends' }, 'to');
  return { from, to };
}

/** A checkpoint the auditor recorded earlier, as `audit verify` printed it: `N:digest`. */
export function knownCheckpointsOf(text: string): Array<{ number: number; digest: string }> {
  const value = text.trim();
  if (!value) return [];
  const match = /^#?([1-9][0-9]{0,9}):([0-9a-f]{64})$/i.exec(value);
  if (!match) throw new AuditFormError({ ar: 'نقطة التحقق المسجلة تُكتب رقمها ثم نقطتين ثم بصمتها (64 خانة ست عشرية)', en: 'A recorded checkpoint is written as its number, a colon and its digest (64 hex digits)' }, 'known');
  return [{ number: Number(match[1]), digest: match[2].toLowerCase() }];
}
