export type { PortalSession, NewPortalSession, PortalSessionStore, SessionTimeouts, LoginTransaction, LoginTransactionStore } from './sessions/portal-session';
export { PortalSessions, DEFAULT_SESSION_TIMEOUTS } from './sessions/portal-sessions';
export { LoginTransactions, LOGIN_TRANSACTION_SECONDS } from './sessions/login-transactions';
export { csrfMatches, isToken, tokenSha256, TOKEN_PATTERN } from './sessions/session-token';
