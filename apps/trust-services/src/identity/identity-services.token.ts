/** Nest injection token of the IdentityServices the platform opened. */
export const IDENTITY_SERVICES = Symbol('IDENTITY_SERVICES');
