// @theqa/web-eid/testing: the platform's CA hierarchy in memory issuing card certificates, a nonce store in
// memory, and the card's signature, for this lib's tests and the card's (libs/id-card). Kept out of the
// main entry point so production code cannot reach it (ESLint refuses `@theqa/*/testing` there).
export { authToken, cardSignature, MemoryNonceStore, openTestAuthority, type TestAuthority } from './card-authority';
