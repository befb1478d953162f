/** Nest injection token of the gateway's services (see gateway.ts). */
export const GATEWAY = Symbol('theqa.gateway');
