import { FIRST_PARTY_CLAIMS, FirstPartyOidcClient, type FirstPartyClientOptions } from '@theqa/first-party-web';

export { LoginFailed, LoginRefused } from '@theqa/first-party-web';

/** The claims the console asks for: who the administrator is, in both scripts (those of every first-party app). */
export const ADMIN_CLAIMS = FIRST_PARTY_CLAIMS;

/**
 * The console as a relying party of the gateway, the portal's way (FirstPartyOidcClient), at HIGH
 * assurance only: the gateway refuses a MEDIUM identity on its own page, and the callback checks again.
 */
export class AdminOidcClient extends FirstPartyOidcClient {
  constructor(options: Omit<FirstPartyClientOptions, 'acr'>) {
    super({ ...options, acr: 'high' });
  }
}
