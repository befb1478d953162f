import type { DataSource } from 'typeorm';
import type { CachedOcspResponse, OcspCacheKey, OcspResponseCache } from '@theqa/ca';
import type { OcspStatusReader } from './ocsp-status';

interface Remembered extends CachedOcspResponse {
  epoch: number;
}

export interface TieredOcspCacheOptions {
  /** How stale this instance's view of the status epoch may be; a request older than that re-reads it first. */
  freshnessMs?: number;
  maxEntries?: number;
}

/**
 * Pre-signed OCSP answers in two tiers: this process's memory (a request costs no I/O), and PostgreSQL
 * (shared by every instance). Correctness across processes rests on the status epoch, bumped in the
 * same statement as any status change: memory answers are tagged with the epoch they were stored
 * under and ignored once it moves; a database write only happens if the epoch still equals the one
 * seen when the status was read. So a revocation by any process (the CLI included) is served by every
 * instance within `freshnessMs`.
 */
export class TieredOcspCache implements OcspResponseCache {
  private readonly memory = new Map<string, Remembered>();
  private readonly memoryKeys = new WeakMap<OcspCacheKey, string>();
  private epoch = -1;
  private checkedAt = 0;
  private checking?: Promise<void>;
  private readLatencyMs = 0;
  private readonly freshnessMs: number;
  private readonly maxEntries: number;

  constructor(
    private readonly dataSource: DataSource,
    private readonly statusReader: OcspStatusReader,
    options: TieredOcspCacheOptions = {},
  ) {
    this.freshnessMs = options.freshnessMs ?? 25;
    this.maxEntries = options.maxEntries ?? 250_000;
  }

  async get(key: OcspCacheKey): Promise<CachedOcspResponse | undefined> {
    const epoch = await this.currentEpoch();
    const id = memoryKey(key);
    const hit = this.memory.get(id);
    if (hit && hit.epoch === epoch) return hit;
    const [row] = await this.dataSource.query(`SELECT der, next_update FROM ca_ocsp_response WHERE serial_hex = $1 AND variant = $2`, [
      key.serialHex.toUpperCase(),
      key.variant,
    ]);
    if (!row) return undefined;
    const stored = { der: row.der as Buffer, nextUpdate: new Date(row.next_update) };
    // Rows are deleted in the statement that changes a status, so a row read under this epoch is current.
    if (this.epoch === epoch) this.remember(id, { ...stored, epoch });
    return stored;
  }

  async put(key: OcspCacheKey, der: Buffer, nextUpdate: Date, options: { replace?: boolean } = {}): Promise<void> {
    const readEpoch = this.statusReader.readEpoch(key.serialHex);
    if (readEpoch === undefined) return;
    const rows: unknown[] = await this.dataSource.query(
      `WITH current AS (SELECT epoch FROM ca_status_epoch WHERE id = 1 AND epoch = $6)
       INSERT INTO ca_ocsp_response (serial_hex, variant, issuer, der, next_update)
       SELECT $1, $2, $3, $4, $5 FROM current
       ON CONFLICT (serial_hex, variant) DO UPDATE SET der = EXCLUDED.der, next_update = EXCLUDED.next_update
        WHERE $7 OR ca_ocsp_response.next_update < EXCLUDED.next_update
       RETURNING 1`,
      [key.serialHex.toUpperCase(), key.variant, key.issuerName, der, nextUpdate.toISOString(), readEpoch, options.replace === true],
    );
    const stored = rows.length > 0;
    if (stored && this.epoch === readEpoch) this.remember(memoryKey(key), { der, nextUpdate, epoch: readEpoch });
  }

  async invalidate(_issuerName: string, serialHex: string): Promise<void> {
    const prefix = `${serialHex.toLowerCase()}\u0000`;
    for (const id of this.memory.keys()) if (id.startsWith(prefix)) this.memory.delete(id);
    await this.dataSource.query(`DELETE FROM ca_ocsp_response WHERE serial_hex = $1`, [serialHex.toUpperCase()]);
  }

  /**
   * The memory tier's answer, without I/O, when this instance's view of the epoch is fresh enough; else
   * undefined, and `get` will look further. Shortly before the view expires (twice the last read's
   * latency ahead, at most half of `freshnessMs`) it re-reads the epoch in the background, so that under
   * steady traffic the view never goes stale and hits stay synchronous, at about one read per
   * `freshnessMs` (each costs the database and this process about a millisecond of CPU on PGlite).
   */
  peek(key: OcspCacheKey): CachedOcspResponse | undefined {
    const age = Date.now() - this.checkedAt;
    const lead = Math.min(this.freshnessMs / 2, Math.max(2, 2 * this.readLatencyMs));
    if (age >= this.freshnessMs - lead && !this.checking) this.refreshEpoch().catch(() => undefined); // `get` reports failures
    if (age >= this.freshnessMs) return undefined;
    // The responder hands over the same key object for the same request: its memory key is kept with it.
    let id = this.memoryKeys.get(key);
    if (id === undefined) this.memoryKeys.set(key, (id = memoryKey(key)));
    const hit = this.memory.get(id);
    return hit && hit.epoch === this.epoch ? hit : undefined;
  }

  /** The status epoch as of at most `freshnessMs` ago; a change empties the memory tier. */
  private async currentEpoch(): Promise<number> {
    if (Date.now() - this.checkedAt >= this.freshnessMs) await this.refreshEpoch();
    return this.epoch;
  }

  private refreshEpoch(): Promise<void> {
    this.checking ??= (async () => {
      // Freshness counts from when the query was sent: the epoch it returns is at least that recent.
      const sentAt = Date.now();
      const [row] = await this.dataSource.query(`SELECT epoch FROM ca_status_epoch WHERE id = 1`);
      this.readLatencyMs = Date.now() - sentAt;
      const epoch = Number(row.epoch);
      if (epoch !== this.epoch) {
        this.memory.clear();
        this.epoch = epoch;
      }
      this.checkedAt = sentAt;
    })().finally(() => (this.checking = undefined));
    return this.checking;
  }

  private remember(id: string, entry: Remembered): void {
    this.memory.delete(id);
    this.memory.set(id, entry);
    if (this.memory.size > this.maxEntries) this.memory.delete(this.memory.keys().next().value as string);
  }
}

const memoryKey = (key: OcspCacheKey) => `${key.serialHex.toLowerCase()}\u0000${key.variant}`;
