import type { DataSource } from 'typeorm';
import type { CertificateStatus } from '@theqa/ca';

/** A validated search of the ledger (the CA operations' `CertificateQuery` after its checks). */
export interface CertificateSearchFilter {
  civilNumber?: string;
  /** Serials from `from` (inclusive) to `below` (exclusive, absent: no end): a prefix as a range of the primary key. */
  serialRange?: { from: string; below?: string };
  status?: CertificateStatus;
  issuer?: string;
  profile?: string;
  /** Continue after this certificate (newest first): its reservation time, as PostgreSQL wrote it, and serial. */
  after?: { reservedAt: string; serialHex: string };
  limit: number;
}

/** A certificate as the search lists it (no DER: a page of them stays small). */
export interface CertificateListing {
  serialHex: string;
  issuer: string;
  profile: string;
  subject: string;
  civilNumber?: string;
  status: CertificateStatus;
  notBefore: Date;
  notAfter: Date;
  issuedAt?: Date;
  revokedAt?: Date;
  revocationReason?: number;
  /** The keyset position: reservation time in PostgreSQL's own text (microseconds kept) and the serial. */
  position: { reservedAt: string; serialHex: string };
}

interface ListingRow {
  serial_hex: string;
  issuer: string;
  profile: string;
  subject: string;
  civil_number: string | null;
  status: CertificateStatus;
  not_before: Date;
  not_after: Date;
  issued_at: Date | null;
  revoked_at: Date | null;
  revocation_reason: number | null;
  position_at: string;
}

/**
 * The ledger searched newest first, one statement per page: only the conditions asked for are in its
 * WHERE (so the planner sees which index serves it: the person's, the serial's primary key, or the
 * ledger's by reservation time), and the page continues after a (reserved_at, serial) position, never
 * by OFFSET, so a deep page costs what the first one does.
 */
export class PostgresCertificateSearch {
  constructor(private readonly dataSource: DataSource) {}

  async search(filter: CertificateSearchFilter): Promise<CertificateListing[]> {
    const { sql, parameters } = certificateSearchStatement(filter);
    const rows: ListingRow[] = await this.dataSource.query(sql, parameters);
    return rows.map((row) => ({
      serialHex: row.serial_hex,
      issuer: row.issuer,
      profile: row.profile,
      subject: row.subject,
      civilNumber: row.civil_number ?? undefined,
      status: row.status,
      notBefore: new Date(row.not_before),
      notAfter: new Date(row.not_after),
      issuedAt: row.issued_at ? new Date(row.issued_at) : undefined,
      revokedAt: row.revoked_at ? new Date(row.revoked_at) : undefined,
      revocationReason: row.revocation_reason ?? undefined,
      position: { reservedAt: row.position_at, serialHex: row.serial_hex },
    }));
  }
}

/** The statement and its parameters (exported for the EXPLAIN checks of the tests). */
export function certificateSearchStatement(filter: CertificateSearchFilter): { sql: string; parameters: unknown[] } {
  const parameters: unknown[] = [];
  const where: string[] = [];
  const bind = (value: unknown) => `$${parameters.push(value)}`;
  if (filter.civilNumber !== undefined) where.push(`civil_number = ${bind(filter.civilNumber)}`);
  if (filter.serialRange) {
    where.push(`serial_hex >= ${bind(filter.serialRange.from)}`);
    if (filter.serialRange.below !== undefined) where.push(`serial_hex < ${bind(filter.serialRange.below)}`);
  }
  if (filter.status !== undefined) where.push(`status = ${bind(filter.status)}`);
  if (filter.issuer !== undefined) where.push(`issuer = ${bind(filter.issuer)}`);
  if (filter.profile !== undefined) where.push(`profile = ${bind(filter.profile)}`);
  if (filter.after) where.push(`(reserved_at, serial_hex) < (${bind(filter.after.reservedAt)}::timestamptz, ${bind(filter.after.serialHex)})`);
  const sql = `SELECT serial_hex, issuer, profile, subject, civil_number, status, not_before, not_after, issued_at, revoked_at, revocation_reason, reserved_at::text AS position_at
                 FROM ca_certificate ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
                ORDER BY ca_certificate.reserved_at DESC, serial_hex DESC LIMIT ${bind(filter.limit)}`;
  return { sql, parameters };
}
