import type { DataSource } from 'typeorm';
import type { OcspStatusSource } from '@theqa/ca';

/**
 * Reads a certificate's status together with the status epoch, and remembers per serial the oldest
 * epoch that reads of the last minute saw. The cache stores an answer only if that epoch is still the
 * database's (see TieredOcspCache): an answer signed from a read that predates any status change is
 * never stored. Keeping the oldest (rather than consuming it) covers `presign`, which reads once and
 * stores two encodings, at the price of skipping a few cache writes right after a change.
 */
export class OcspStatusReader {
  private readonly readEpochs = new Map<string, { epoch: number; at: number }>();

  constructor(private readonly dataSource: DataSource) {}

  read: OcspStatusSource = async (issuerName, serialHex) => {
    const serial = serialHex.toUpperCase();
    const rows = await this.dataSource.query(
      `SELECT c.issuer, c.status, c.revoked_at, c.revocation_reason, e.epoch
         FROM ca_status_epoch e LEFT JOIN ca_certificate c ON c.serial_hex = $1 WHERE e.id = 1`,
      [serial],
    );
    const row = rows[0];
    this.remember(serial, Number(row.epoch));
    // A serial this CA never issued, or issued by another of our CAs, is unknown to this issuer.
    if (!row.status || row.issuer !== issuerName || row.status === 'pending') return undefined;
    if (row.status === 'good') return { kind: 'good' };
    return { kind: 'revoked', revokedAt: new Date(row.revoked_at), reason: row.revocation_reason === 0 ? undefined : (row.revocation_reason ?? undefined) };
  };

  /** The oldest epoch recent reads of this serial saw, if any. */
  readEpoch(serialHex: string): number | undefined {
    return this.readEpochs.get(serialHex.toUpperCase())?.epoch;
  }

  private remember(serial: string, epoch: number): void {
    const now = Date.now();
    const earlier = this.readEpochs.get(serial);
    const keep = earlier && now - earlier.at < READ_MEMORY_MS ? Math.min(earlier.epoch, epoch) : epoch;
    this.readEpochs.delete(serial);
    this.readEpochs.set(serial, { epoch: keep, at: earlier && keep === earlier.epoch ? earlier.at : now });
    if (this.readEpochs.size > MAX_REMEMBERED) this.readEpochs.delete(this.readEpochs.keys().next().value as string);
  }
}

// Longer than any signing takes, so an answer's write always finds the epoch of the read behind it.
const READ_MEMORY_MS = 60_000;
const MAX_REMEMBERED = 100_000;
