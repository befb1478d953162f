import { isToken, newToken, tokenSha256 } from './session-token';
import type { LoginTransaction, LoginTransactionStore } from './portal-session';

/** Ten minutes from "log in" to the gateway's answer: the gateway's own interaction lasts as long. */
export const LOGIN_TRANSACTION_SECONDS = 600;

/**
 * Logins under way: the PKCE verifier, state and nonce of each, kept in the database under the hash
 * of a random token that only the browser's cookie holds, and taken once when the gateway answers.
 */
export class LoginTransactions {
  constructor(private readonly store: LoginTransactionStore) {}

  async begin(transaction: LoginTransaction): Promise<string> {
    const token = newToken();
    await this.store.create(tokenSha256(token), transaction, LOGIN_TRANSACTION_SECONDS);
    return token;
  }

  async take(token: unknown): Promise<LoginTransaction | undefined> {
    if (!isToken(token)) return undefined;
    return this.store.take(tokenSha256(token));
  }
}
