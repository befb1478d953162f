import { randomBytes } from 'node:crypto';
import { DatabaseError, type Pool, type PoolClient, type QueryResultRow } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * A statement of a hot path (issuance's ledger and audit writes), run as a named prepared statement on
 * the DataSource's own pg pool. PostgreSQL parses, analyses and rewrites it once per connection instead
 * of for every call (measured at about a third of the server's CPU per certificate), and the call skips
 * TypeORM's query runner (its bookkeeping cost more client CPU than the statement's protocol work).
 * Results are pg's rows, as `DataSource.query` returns them.
 *
 * Names carry a random tag per connection: the embedded database (PGlite) serves every connection, of
 * every process using it, from one session, where two connections preparing one name would collide.
 */
export class PreparedStatement<Row extends QueryResultRow> {
  constructor(
    private readonly name: string,
    private readonly text: string,
  ) {}

  async run(dataSource: DataSource, values: unknown[]): Promise<Row[]> {
    const client = await poolOf(dataSource).connect();
    let released = false;
    try {
      const result = await client.query<Row>({ name: `${this.name}_${connectionTag(client)}`, text: this.text, values });
      return result.rows;
    } catch (error) {
      // A refusal by the server leaves the connection usable; anything else (a broken socket) retires it.
      client.release(error instanceof DatabaseError ? undefined : (error as Error));
      released = true;
      throw error;
    } finally {
      if (!released) client.release();
    }
  }
}

function poolOf(dataSource: DataSource): Pool {
  const pool = (dataSource.driver as PostgresDriver).master as Pool | undefined;
  if (!pool) throw new Error('the DataSource is not connected to PostgreSQL');
  return pool;
}

const connectionTags = new WeakMap<PoolClient, string>();

function connectionTag(client: PoolClient): string {
  let tag = connectionTags.get(client);
  if (tag === undefined) connectionTags.set(client, (tag = randomBytes(6).toString('hex')));
  return tag;
}
