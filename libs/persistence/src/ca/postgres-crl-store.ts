import type { DataSource, EntityManager } from 'typeorm';

export interface StoredCrl {
  issuer: string;
  crlNumber: bigint;
  thisUpdate: Date;
  nextUpdate: Date;
  entries: number;
  der: Buffer;
}

/**
 * The latest CRL of each issuer. `publish` runs the build inside a transaction holding the issuer's
 * row lock, so CRL numbers only ever grow even with several instances publishing at once.
 */
export class PostgresCrlStore {
  constructor(private readonly dataSource: DataSource) {}

  async latest(issuer: string): Promise<StoredCrl | undefined> {
    const [row] = await this.dataSource.query(
      `SELECT issuer, crl_number, this_update, next_update, entries, der FROM ca_crl WHERE issuer = $1 AND crl_number > 0`,
      [issuer],
    );
    return row ? toStored(row) : undefined;
  }

  /**
   * `build` runs inside the transaction and must read through `tx`: after the lock, so that a higher
   * CRL number never carries an older view of the revocations (and on the embedded database, whose
   * one session the transaction holds, any other connection would wait forever).
   */
  async publish(
    issuer: string,
    build: (crlNumber: bigint, tx: EntityManager) => Promise<{ der: Buffer; thisUpdate: Date; nextUpdate: Date; entries: number }>,
  ): Promise<StoredCrl> {
    return this.dataSource.transaction(async (tx) => {
      // Number 0 marks "nothing published yet"; the row exists so that there is something to lock.
      await tx.query(
        `INSERT INTO ca_crl (issuer, crl_number, this_update, next_update, entries, der) VALUES ($1, 0, now(), now(), 0, '\\x') ON CONFLICT (issuer) DO NOTHING`,
        [issuer],
      );
      const [row] = await tx.query(`SELECT crl_number FROM ca_crl WHERE issuer = $1 FOR UPDATE`, [issuer]);
      const crlNumber = BigInt(row.crl_number) + 1n;
      const built = await build(crlNumber, tx);
      await tx.query(`UPDATE ca_crl SET crl_number = $2, this_update = $3, next_update = $4, entries = $5, der = $6 WHERE issuer = $1`, [
        issuer,
        crlNumber.toString(),
        built.thisUpdate.toISOString(),
        built.nextUpdate.toISOString(),
        built.entries,
        built.der,
      ]);
      return { issuer, crlNumber, ...built };
    });
  }
}

function toStored(row: { issuer: string; crl_number: string; this_update: Date; next_update: Date; entries: number; der: Buffer }): StoredCrl {
  return {
    issuer: row.issuer,
    crlNumber: BigInt(row.crl_number),
    thisUpdate: new Date(row.this_update),
    nextUpdate: new Date(row.next_update),
    entries: Number(row.entries),
    der: row.der,
  };
}
