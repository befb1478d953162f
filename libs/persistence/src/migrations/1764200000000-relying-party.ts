import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Relying parties the gateway accepts. The schema repeats the registry's invariants that a stray write
 * could break: keys exactly for private_key_jwt, a secret generation exactly for client_secret_basic,
 * a disabled date exactly for a disabled RP. Client secrets are derived, never stored.
 */
export class RelyingParty1764200000000 implements MigrationInterface {
  name = 'RelyingParty1764200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE relying_party (
        client_id                 text PRIMARY KEY CHECK (client_id ~ '^[a-z0-9][a-z0-9-]{2,62}$'),
        name_ar                   text NOT NULL,
        name_en                   text NOT NULL,
        redirect_uris             text[] NOT NULL CHECK (cardinality(redirect_uris) BETWEEN 1 AND 10),
        post_logout_redirect_uris text[] NOT NULL DEFAULT '{}' CHECK (cardinality(post_logout_redirect_uris) <= 10),
        sector_host               text NOT NULL,
        claims                    text[] NOT NULL,
        purpose_ar                text NOT NULL,
        purpose_en                text NOT NULL,
        acr_values                text[] NOT NULL CHECK (cardinality(acr_values) >= 1 AND acr_values <@ ARRAY['urn:theqa:loa:medium', 'urn:theqa:loa:high']),
        auth_method               text NOT NULL CHECK (auth_method IN ('private_key_jwt', 'client_secret_basic')),
        jwks                      jsonb,
        secret_generation         integer CHECK (secret_generation >= 1),
        ciba                      boolean NOT NULL DEFAULT false,
        status                    text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
        created_at                timestamptz NOT NULL,
        updated_at                timestamptz NOT NULL,
        disabled_at               timestamptz,
        CHECK ((auth_method = 'private_key_jwt') = (jwks IS NOT NULL)),
        CHECK ((auth_method = 'client_secret_basic') = (secret_generation IS NOT NULL)),
        CHECK ((status = 'disabled') = (disabled_at IS NOT NULL))
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE relying_party`);
  }
}
