import type { MacKey } from '@theqa/keys';

/** The key-store MAC key behind the gateway's cookie keys and pairwise subjects; a rotation is a new label. */
export const GATEWAY_SECRETS_LABEL = 'gateway-secrets-1';

/**
 * Secrets every gateway instance derives alike from one key in the key store, so nothing secret is
 * configured per instance or kept in the database.
 */
export class GatewaySecrets {
  constructor(private readonly mac: MacKey) {}

  /** Keys for oidc-provider's signed cookies. */
  async cookieKeys(): Promise<string[]> {
    return [(await this.mac.mac(Buffer.from('theqa gateway cookie key 1'))).toString('base64url')];
  }

  /**
   * The subject a relying party sees: a MAC of the person and the relying party's sector, so two
   * relying parties cannot link their users, and one sees the same subject at every login.
   */
  async pairwiseSubject(sector: string, accountId: string): Promise<string> {
    return (await this.mac.mac(Buffer.from(`theqa pairwise subject\n${sector}\n${accountId}`))).toString('base64url');
  }

  /** A per-browser key for rate limits: the cookie's random id, never shown back. */
  async browserKey(browserId: string): Promise<string> {
    return (await this.mac.mac(Buffer.from(`theqa browser\n${browserId}`))).toString('base64url').slice(0, 22);
  }
}
