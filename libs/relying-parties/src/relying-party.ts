import type { JsonWebKey } from 'node:crypto';
import type { AcrValue, Bilingual } from '@theqa/kernel';

/** How the RP authenticates at the token (and CIBA) endpoint. No `none`: every RP is a confidential client. */
export const AUTH_METHODS = ['private_key_jwt', 'client_secret_basic'] as const;
export type AuthMethod = (typeof AUTH_METHODS)[number];

export type RelyingPartyStatus = 'active' | 'disabled';

/**
 * A public signing key of a relying party, as registered: only the public members are kept (EC: crv,
 * x, y; RSA: n, e), so a stored JWKS can be shown, exported and handed to the gateway without any care.
 * A node:crypto JsonWebKey, so it goes straight into createPublicKey.
 */
export interface ClientPublicJwk extends JsonWebKey {
  kty: 'EC' | 'RSA';
  kid: string;
  use?: 'sig';
  alg?: string;
}

export interface ClientJwks {
  keys: ClientPublicJwk[];
}

/** A registered relying party: who it is, where logins may return, what it may ask for and why, how it authenticates. */
export interface RelyingParty {
  clientId: string;
  name: Bilingual;
  /** Compared as exact strings by the gateway; all on one host (`sectorHost`). */
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  /** The entitlement: claims in catalogue order, and the purpose shown on the consent screen. */
  claims: string[];
  purpose: Bilingual;
  /** The assurance levels it may ask for (one or both), lowest first. */
  acrValues: AcrValue[];
  authMethod: AuthMethod;
  /** private_key_jwt only: the keys pasted at registration (exactly one of `jwks` and `jwksUri`). */
  jwks?: ClientJwks;
  /**
   * private_key_jwt only: where the RP publishes its keys (https), fetched and cached by `RemoteJwks`,
   * so that it rotates them without an administrator (exactly one of `jwks` and `jwksUri`).
   */
  jwksUri?: string;
  /** client_secret_basic only: which secret is current (see client-secret.ts); the secret itself is never stored. */
  secretGeneration?: number;
  /** May use the decoupled (CIBA, poll mode) grant. */
  ciba: boolean;
  /**
   * Its authorization requests must come through PAR (RFC 9126 `require_pushed_authorization_requests`,
   * as FAPI 2.0 has it): a plain request in the browser's address bar is refused.
   */
  requirePushedAuthorizationRequests: boolean;
  status: RelyingPartyStatus;
  /** The host of the redirect URIs: the sector of pairwise subject identifiers. */
  sectorHost: string;
  createdAt: Date;
  updatedAt: Date;
  disabledAt?: Date;
}

/**
 * What an administrator submits (CLI, console). Loosely typed on purpose: it comes from flags and
 * JSON, and every field is checked by `validateRegistration`, which names each problem.
 */
export interface RelyingPartyInput {
  /** Optional: `rp-` and 12 random characters when absent. */
  clientId?: string;
  name: Bilingual;
  redirectUris: readonly string[];
  postLogoutRedirectUris?: readonly string[];
  claims: readonly string[];
  purpose: Bilingual;
  /** `medium`/`high` or the full URNs. */
  acrValues: readonly string[];
  authMethod: string;
  jwks?: { keys: readonly unknown[] };
  /** private_key_jwt: the https URL of its JWK set, instead of `jwks`. */
  jwksUri?: string;
  ciba?: boolean;
  requirePushedAuthorizationRequests?: boolean;
}

/** An administrator's edit: the fields to replace (the client id stays; see RelyingPartyRegistry.update). */
export type RelyingPartyChanges = Partial<Omit<RelyingPartyInput, 'clientId'>>;
