import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A private_key_jwt relying party may publish its keys at a JWKS URI instead of registering them:
 * `jwks_uri`, and the keys' invariant becomes "exactly one of jwks and jwks_uri for private_key_jwt,
 * neither for client_secret_basic" (the first, unnamed, check of the relying_party table said
 * "jwks exactly for private_key_jwt"; it is replaced by a named one).
 */
export class RelyingPartyJwksUri1764700000650 implements MigrationInterface {
  name = 'RelyingPartyJwksUri1764700000650';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE relying_party
        ADD COLUMN jwks_uri text CHECK (length(jwks_uri) <= 2000),
        DROP CONSTRAINT relying_party_check,
        ADD CONSTRAINT relying_party_keys_check CHECK (
          CASE auth_method WHEN 'private_key_jwt' THEN (jwks IS NULL) <> (jwks_uri IS NULL) ELSE jwks IS NULL AND jwks_uri IS NULL END
        )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM relying_party WHERE jwks_uri IS NOT NULL`);
    await db.query(`
      ALTER TABLE relying_party
        DROP CONSTRAINT relying_party_keys_check,
        DROP COLUMN jwks_uri,
        ADD CONSTRAINT relying_party_check CHECK ((auth_method = 'private_key_jwt') = (jwks IS NOT NULL))`);
  }
}
