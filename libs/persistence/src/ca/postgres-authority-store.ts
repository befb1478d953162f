import type { DataSource } from 'typeorm';
import type { AuthorityStore } from '@theqa/ca';

/** The hierarchy's own certificates (never their keys: those stay in the key store). */
export class PostgresAuthorityStore implements AuthorityStore {
  constructor(private readonly dataSource: DataSource) {}

  async load(name: string) {
    const [row] = await this.dataSource.query(`SELECT key_label, certificate_der FROM ca_authority WHERE name = $1`, [name]);
    return row ? { keyLabel: row.key_label as string, certificateDer: row.certificate_der as Buffer } : undefined;
  }

  async save(name: string, certificateDer: Buffer, keyLabel: string) {
    await this.dataSource.query(
      `INSERT INTO ca_authority (name, key_label, certificate_der) VALUES ($1, $2, $3)
       ON CONFLICT (name) DO UPDATE SET key_label = EXCLUDED.key_label, certificate_der = EXCLUDED.certificate_der, updated_at = now()`,
      [name, keyLabel, certificateDer],
    );
  }
}
