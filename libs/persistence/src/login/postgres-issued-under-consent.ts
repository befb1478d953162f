import type { DataSource } from 'typeorm';
import type { IssuedUnderConsent } from '@theqa/consent';

/**
 * What oidc-provider issued to a relying party for a person: the grants, and the codes and tokens made
 * under a grant (a pending CIBA request has no grant yet and is left alone). Found by the person and
 * the relying party each row carries; one DELETE, so a token is either gone or was never found. Reads
 * the primary key's `kind` prefix, not the whole table: a withdrawal is rare, the rows of these kinds
 * live minutes to an hour.
 */
const GRANT_AND_TOKENS = ['Grant', 'AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest'];

/** The OpenID Provider's side of a consent that ends: userinfo and introspection stop answering for its tokens. */
export class PostgresIssuedUnderConsent implements IssuedUnderConsent {
  constructor(private readonly dataSource: DataSource) {}

  async revoke(civilNumber: string, clientId: string): Promise<number> {
    const rows: Array<{ grants: number | string }> = await this.dataSource.query(
      `WITH revoked AS (
         DELETE FROM oidc_model
          WHERE kind = ANY($3) AND (kind = 'Grant' OR grant_id IS NOT NULL)
            AND payload->>'accountId' = $1 AND payload->>'clientId' = $2
         RETURNING kind)
       SELECT count(*) FILTER (WHERE kind = 'Grant') AS grants FROM revoked`,
      [civilNumber, clientId, GRANT_AND_TOKENS],
    );
    return Number(rows[0]?.grants ?? 0);
  }
}
