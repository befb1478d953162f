import type { AuditRecord } from '../audit-chain';
import { AuditConsoleError } from './audit-console-error';

/** A search of the audit log as a page asks it (every field optional; text fields match exactly). */
export interface AuditQuery {
  /** `admin:<civil number>`, `device:<serial>`, `system`… */
  actor?: string;
  /** A dotted action, e.g. `certificate.revoked`. */
  action?: string;
  /** A civil number, a serial, a client id. */
  subject?: string;
  /** Entries written at or after… */
  from?: Date;
  /** …and before this time. */
  to?: Date;
  /** Entries per page: 1 to 200, default 50. */
  pageSize?: number;
  /** The `older` cursor of the page before. */
  before?: string;
}

/** What the storage runs: the query checked, the page's size plus one (to know whether more follow). */
export interface AuditSearchFilter {
  actor?: string;
  action?: string;
  subject?: string;
  from?: Date;
  to?: Date;
  beforeSeq?: number;
  limit: number;
}

/** An entry as a page shows it. */
export interface AuditEntryView {
  seq: number;
  occurredAt: Date;
  action: string;
  actor: string;
  subject: string;
  details: Record<string, unknown>;
  /** The entry's chain hash (hex). */
  hash: string;
}

export interface AuditPage {
  entries: AuditEntryView[];
  /** Cursor of the next (older) page; absent on the last. */
  older?: string;
}

export const AUDIT_PAGE_SIZE = { default: 50, max: 200 };
const MAX_TEXT = 200;

const invalid = (ar: string, en: string) => new AuditConsoleError('audit-query-invalid', { ar, en });

/** Checks a page's query and turns it into the storage's filter; refuses what could only be a mistake. */
export function auditSearchFilter(query: AuditQuery): AuditSearchFilter {
  const text = (value: string | undefined, name: { ar: string; en: string }) => {
    if (value === undefined) return undefined;
    const trimmed = String(value).trim();
    if (!trimmed) return undefined;
    if (trimmed.length > MAX_TEXT) throw invalid(`${name.ar} أطول من ${MAX_TEXT} حرفًا`, `${name.en} is longer than ${MAX_TEXT} characters`);
    return trimmed;
  };
  const time = (value: Date | undefined, name: { ar: string; en: string }) => {
    if (value === undefined) return undefined;
    if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw invalid(`${name.ar} ليس تاريخًا صحيحًا`, `${name.en} is not a valid date`);
    return value;
  };
  const from = time(query.from, { ar: 'بداية الفترة', en: 'The start of the period' });
  const to = time(query.to, { ar: 'نهاية الفترة', en: 'The end of the period' });
  if (from && to && from >= to) throw invalid('بداية الفترة بعد نهايتها', 'The period starts after it ends');
  const pageSize = query.pageSize ?? AUDIT_PAGE_SIZE.default;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > AUDIT_PAGE_SIZE.max) throw invalid(`حجم الصفحة من 1 إلى ${AUDIT_PAGE_SIZE.max}`, `The page size is from 1 to ${AUDIT_PAGE_SIZE.max}`);
  let beforeSeq: number | undefined;
  if (query.before !== undefined && query.before !== '') {
    if (!/^[1-9][0-9]{0,15}$/.test(query.before)) throw invalid('موضع الصفحة غير صحيح', 'The page position is not valid');
    beforeSeq = Number(query.before);
  }
  return {
    actor: text(query.actor, { ar: 'المنفّذ', en: 'The actor' }),
    action: text(query.action, { ar: 'الإجراء', en: 'The action' }),
    subject: text(query.subject, { ar: 'الموضوع', en: 'The subject' }),
    from,
    to,
    beforeSeq,
    limit: pageSize + 1,
  };
}

/** A page of what the storage answered to `auditSearchFilter`'s filter (one entry more than the page). */
export function auditPage(records: AuditRecord[], filter: AuditSearchFilter): AuditPage {
  const pageSize = filter.limit - 1;
  const shown = records.slice(0, pageSize);
  const entries = shown.map((record) => ({
    seq: record.seq,
    occurredAt: record.occurredAt,
    action: record.action,
    actor: record.actor,
    subject: record.subject,
    details: parseDetails(record.details),
    hash: record.hash.toString('hex'),
  }));
  return records.length > pageSize ? { entries, older: String(shown[shown.length - 1].seq) } : { entries };
}

function parseDetails(details: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(details);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : { value: parsed };
  } catch {
    // The chain holds whatever text was hashed; a page still shows it.
    return { text: details };
  }
}
