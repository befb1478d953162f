/** Nest injection token of the IdentityServices the platform opened. */
export const IDENTITY_SERVICES = Symbol('IDENTITY_SERVICES');
/** Nest injection token of the development tools (development only). */
export const DEVELOPMENT_TOOLS = Symbol('DEVELOPMENT_TOOLS');
