import type { DataSource } from 'typeorm';
import { PreparedStatement } from '../prepared-statement';

/**
 * A row beside the OpenID Provider's own models: which device approved the login a grant was made for
 * (first-party relying parties only, see the gateway's findAccount). It carries the grant's id in
 * `grant_id`, so revoking the grant (a consent withdrawn, a logout) removes it with the grant's codes
 * and tokens, and it expires with the grant.
 */
const KIND = 'GrantDevice';

const DEVICE_OF = new PreparedStatement<{ device: string }>(
  'oidc_grant_device',
  `SELECT payload->>'device' AS device FROM oidc_model WHERE kind = '${KIND}' AND id = $1 AND (expires_at IS NULL OR expires_at > now())`,
);

export class PostgresGrantDevices {
  constructor(private readonly dataSource: DataSource) {}

  async record(grantId: string, device: string, expiresInSeconds: number): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO oidc_model (kind, id, payload, grant_id, expires_at) VALUES ('${KIND}', $1, $2, $1, now() + make_interval(secs => $3::float8))
       ON CONFLICT (kind, id) DO UPDATE SET payload = EXCLUDED.payload, expires_at = EXCLUDED.expires_at`,
      [grantId, JSON.stringify({ grantId, device }), expiresInSeconds],
    );
  }

  async deviceOf(grantId: string): Promise<string | undefined> {
    const [row] = await DEVICE_OF.run(this.dataSource, [grantId]);
    return row?.device ?? undefined;
  }

  /** Every grant whose login this device approved, with its codes and tokens, in one DELETE; how many grants. */
  async revokeOfDevice(device: string): Promise<number> {
    const rows: Array<{ grants: number | string }> = await this.dataSource.query(
      `WITH of_device AS (
         SELECT id FROM oidc_model WHERE kind = '${KIND}' AND payload->>'device' = $1
       ), revoked AS (
         DELETE FROM oidc_model WHERE grant_id IN (SELECT id FROM of_device) OR (kind = 'Grant' AND id IN (SELECT id FROM of_device))
         RETURNING kind)
       SELECT count(*) FILTER (WHERE kind = 'Grant') AS grants FROM revoked`,
      [device],
    );
    return Number(rows[0]?.grants ?? 0);
  }

  /**
   * Every grant of the person at any relying party (the provider keeps the person as the grant's
   * `accountId`), with its codes and tokens, and their sessions at the provider, in one DELETE: a
   * suspended identity keeps no way in. How many grants.
   */
  async revokeOfPerson(civilNumber: string): Promise<number> {
    const rows: Array<{ grants: number | string }> = await this.dataSource.query(
      `WITH of_person AS (
         SELECT id FROM oidc_model WHERE kind = 'Grant' AND payload->>'accountId' = $1
       ), revoked AS (
         DELETE FROM oidc_model
          WHERE (kind = 'Grant' AND id IN (SELECT id FROM of_person)) OR grant_id IN (SELECT id FROM of_person) OR (kind = 'Session' AND payload->>'accountId' = $1)
         RETURNING kind)
       SELECT count(*) FILTER (WHERE kind = 'Grant') AS grants FROM revoked`,
      [civilNumber],
    );
    return Number(rows[0]?.grants ?? 0);
  }
}
