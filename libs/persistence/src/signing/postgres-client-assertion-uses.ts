import type { DataSource } from 'typeorm';
import type { ClientAssertionUses } from '@theqa/relying-parties';

/** Client-assertion ids accepted by the platform's APIs (`client_assertion_use`): the INSERT decides, once. */
export class PostgresClientAssertionUses implements ClientAssertionUses {
  constructor(private readonly dataSource: DataSource) {}

  async use(clientId: string, jti: string, expiresAt: Date): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO client_assertion_use (client_id, jti, expires_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING jti`,
      [clientId, jti, expiresAt],
    );
    return (Array.isArray(rows[0]) ? (rows[0] as unknown[]) : rows).length === 1;
  }
}
