import type { IdentityStore } from '@theqa/identity';
import type { RateVerdict } from '@theqa/kernel';
import type { ValidationReport } from '@theqa/pades';
import type { RelyingParty } from '@theqa/relying-parties';
import type { SigningRequests } from '@theqa/signing';

/** What the composition root hands the signing service's routes. */
export interface SigningAppDependencies {
  requests: SigningRequests;
  /** Authenticates a relying party by its gateway credentials (client_secret_basic or private_key_jwt). */
  authenticate(authorization: string | undefined): Promise<RelyingParty>;
  /** For devices' signed reads of their signing requests. */
  identities: IdentityStore;
  /** Validates a signed PDF against the platform's root, asking its OCSP responder for what the file lacks. */
  validate(pdf: Buffer): Promise<ValidationReport>;
  /** The public validation's limit per caller's address. */
  admitValidation(address: string): Promise<RateVerdict>;
  /** The platform's public URL: links in answers, and the audience of client assertions. */
  publicBaseUrl: string;
}

export const SIGNING_APP = Symbol('SIGNING_APP');
