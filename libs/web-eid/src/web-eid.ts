import { ChallengeNonces, type ChallengeNonceStore, type IssuedChallenge } from './challenge-nonces';
import type { OcspTransport } from './revocation-check';
import { WebEidValidator, type AuthenticationAttempt, type WebEidOutcome } from './web-eid-validator';

export interface WebEidOptions {
  origin: string;
  allowHttpOrigin?: boolean;
  trustAnchors: readonly Buffer[];
  requiredPolicies: readonly string[];
  ocsp: OcspTransport;
  nonceStore: ChallengeNonceStore;
  /** Default 300 (five minutes, as the reference libraries). */
  nonceLifetimeSeconds?: number;
  ocspClockSkewSeconds?: number;
  clock?: () => Date;
}

/**
 * Login with the ID card over Web eID, the server's side: a challenge for one browser interaction,
 * then the token the card signed over it. What the gateway holds (PlatformServices.webEid()).
 */
export class WebEid {
  readonly nonces: ChallengeNonces;
  readonly validator: WebEidValidator;

  constructor(options: WebEidOptions) {
    this.nonces = new ChallengeNonces(options.nonceStore, options.nonceLifetimeSeconds);
    this.validator = new WebEidValidator({ ...options, nonces: this.nonces });
  }

  /** The origin the card must sign: the gateway's public origin. */
  get origin(): string {
    return this.validator.origin;
  }

  /** A fresh challenge nonce for this browser interaction (the page hands it to the extension). */
  challenge(binding: string): Promise<IssuedChallenge> {
    return this.nonces.issue(binding);
  }

  /** The person the token proves, or why not (see WebEidRefusalCode). */
  authenticate(attempt: AuthenticationAttempt): Promise<WebEidOutcome> {
    return this.validator.validate(attempt);
  }
}
