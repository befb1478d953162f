import { reasonName, type CertificateStatus } from '@theqa/ca';
import { isCivilNumber } from '@theqa/kernel';
import type { CertificateListing, CertificateSearchFilter } from '@theqa/persistence';
import { CaOperationsError } from './ca-operations-error';

/** A search of the certificates as a page asks it (every field optional). */
export interface CertificateQuery {
  civilNumber?: string;
  /**
   * Hexadecimal digits (separators `:`, spaces and a leading `0x` ignored, any case): every certificate
   * whose serial, as the ledger writes it (upper case, an even number of digits), starts with them. A
   * whole serial finds that one certificate.
   */
  serial?: string;
  status?: CertificateStatus;
  /** The issuing CA's name in the hierarchy, e.g. `citizen-authentication-ca`. */
  ca?: string;
  /** The certificate profile, e.g. `citizen-authentication`. */
  profile?: string;
  /** Certificates per page: 1 to 200, default 50. */
  pageSize?: number;
  /** The `next` cursor of the page before. */
  after?: string;
}

/** A certificate as the search lists it, newest first. */
export interface CertificateSummary {
  serialHex: string;
  ca: string;
  profile: string;
  subject: string;
  civilNumber?: string;
  status: CertificateStatus;
  notBefore: Date;
  notAfter: Date;
  issuedAt?: Date;
  revokedAt?: Date;
  /** RFC 5280 reason name of a revocation or hold (`keyCompromise`, `certificateHold`…). */
  reason?: string;
}

export interface CertificatePage {
  certificates: CertificateSummary[];
  /** Cursor of the next (older) page; absent on the last. */
  next?: string;
}

export const CERTIFICATE_PAGE_SIZE = { default: 50, max: 200 };
export const CERTIFICATE_STATUSES: readonly CertificateStatus[] = ['good', 'revoked', 'on-hold', 'pending'];
const NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
const SERIAL_DIGITS = /^[0-9A-F]{1,40}$/;
const POSITION_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2}){0,2}$/;

const invalid = (ar: string, en: string) => new CaOperationsError('certificate-query-invalid', { ar, en });

/** Checks a page's query and turns it into the ledger search's filter (one more than the page, to know whether more follow). */
export function certificateSearchFilter(query: CertificateQuery): CertificateSearchFilter {
  const filter: CertificateSearchFilter = { limit: pageSize(query.pageSize) + 1 };
  const civilNumber = present(query.civilNumber);
  if (civilNumber !== undefined) {
    if (!isCivilNumber(civilNumber)) throw invalid('الرقم المدني غير صحيح', 'The civil number is not valid');
    filter.civilNumber = civilNumber;
  }
  const serial = present(query.serial);
  if (serial !== undefined) filter.serialRange = serialPrefixRange(serial);
  const status = present(query.status);
  if (status !== undefined) {
    if (!CERTIFICATE_STATUSES.includes(status as CertificateStatus)) throw invalid('الحالة إحدى: good، revoked، on-hold، pending', 'The status is one of good, revoked, on-hold, pending');
    filter.status = status as CertificateStatus;
  }
  const ca = present(query.ca);
  if (ca !== undefined) {
    if (!NAME.test(ca)) throw invalid('اسم الجهة المصدرة غير صحيح', 'The CA name is not valid');
    filter.issuer = ca;
  }
  const profile = present(query.profile);
  if (profile !== undefined) {
    if (!NAME.test(profile)) throw invalid('اسم ملف الشهادة غير صحيح', 'The profile name is not valid');
    filter.profile = profile;
  }
  const after = present(query.after);
  if (after !== undefined) filter.after = decodePosition(after);
  return filter;
}

/** The page of what the search answered (one listing more than the page when more follow). */
export function certificatePage(listings: CertificateListing[], filter: CertificateSearchFilter): CertificatePage {
  const size = filter.limit - 1;
  const shown = listings.slice(0, size);
  const certificates = shown.map((l) => ({
    serialHex: l.serialHex,
    ca: l.issuer,
    profile: l.profile,
    subject: l.subject,
    civilNumber: l.civilNumber,
    status: l.status,
    notBefore: l.notBefore,
    notAfter: l.notAfter,
    issuedAt: l.issuedAt,
    revokedAt: l.revokedAt,
    reason: reasonName(l.revocationReason),
  }));
  return listings.length > size ? { certificates, next: encodePosition(shown[shown.length - 1].position) } : { certificates };
}

/**
 * A prefix as a range of the serial's primary key (`from` ≤ serial < `below`): a range, unlike LIKE,
 * uses the primary key's index whatever the database's collation. `below` is the prefix's successor
 * ("A9" → "AA", "AF" → "B"); "FF…" has none.
 */
export function serialPrefixRange(input: string): { from: string; below?: string } {
  let digits = input.trim().replace(/^0x/i, '').replace(/[:\s-]/g, '').toUpperCase();
  if (!SERIAL_DIGITS.test(digits)) throw invalid('الرقم التسلسلي أرقام ست عشرية (حتى 40)', 'The serial number is hexadecimal digits (up to 40)');
  const from = digits;
  while (digits.endsWith('F')) digits = digits.slice(0, -1);
  if (!digits) return { from };
  const last = parseInt(digits[digits.length - 1], 16) + 1;
  return { from, below: digits.slice(0, -1) + last.toString(16).toUpperCase() };
}

function pageSize(value: number | undefined): number {
  const size = value ?? CERTIFICATE_PAGE_SIZE.default;
  if (!Number.isInteger(size) || size < 1 || size > CERTIFICATE_PAGE_SIZE.max) throw invalid(`حجم الصفحة من 1 إلى ${CERTIFICATE_PAGE_SIZE.max}`, `The page size is from 1 to ${CERTIFICATE_PAGE_SIZE.max}`);
  return size;
}

function present(value: string | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  const trimmed = String(value).trim();
  return trimmed ? trimmed : undefined;
}

function encodePosition(position: { reservedAt: string; serialHex: string }): string {
  return Buffer.from(JSON.stringify([position.reservedAt, position.serialHex]), 'utf8').toString('base64url');
}

function decodePosition(cursor: string): { reservedAt: string; serialHex: string } {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = undefined;
  }
  if (!Array.isArray(decoded) || decoded.length !== 2 || typeof decoded[0] !== 'string' || typeof decoded[1] !== 'string' || !POSITION_TIME.test(decoded[0]) || !/^[0-9A-F]{2,40}$/.test(decoded[1])) {
    throw invalid('موضع الصفحة غير صحيح', 'The page position is not valid');
  }
  return { reservedAt: decoded[0], serialHex: decoded[1] };
}
