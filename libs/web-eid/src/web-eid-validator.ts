import { X509Certificate } from 'node:crypto';
import type { CivilNumber } from '@theqa/kernel';
import { readAuthToken, type AuthToken } from './auth-token';
import { checkIssuer, checkPolicies, checkPurpose, checkValidity, isRefusal, personOf, readCardCertificate } from './card-certificate';
import type { ChallengeNonces } from './challenge-nonces';
import { refuse, type WebEidRefusal } from './refusal';
import { checkRevocation, type OcspTransport } from './revocation-check';
import { checkRequestOrigin, siteOrigin } from './site-origin';
import { checkSignature } from './token-signature';

export interface WebEidValidatorOptions {
  /** The gateway's public origin (https://id.example.om): what the card signs. */
  origin: string;
  /** Development: an http origin on any host (else only on loopback). */
  allowHttpOrigin?: boolean;
  /** The CA certificates (DER) that issue card authentication certificates: the Citizen Authentication CA. */
  trustAnchors: readonly Buffer[];
  /** Policy OIDs a card authentication certificate must assert (the card-authentication profile's). */
  requiredPolicies: readonly string[];
  /** The platform's OCSP responder. */
  ocsp: OcspTransport;
  nonces: ChallengeNonces;
  /** Tolerance for the OCSP responder's clock (default 300 s). */
  ocspClockSkewSeconds?: number;
  clock?: () => Date;
}

export interface AuthenticationAttempt {
  /** The token the page got from the Web eID extension: its JSON text, or the parsed object. */
  token: unknown;
  /** The nonce the page asked the extension to sign (it was issued to `binding`). */
  challengeNonce: unknown;
  /** The browser interaction the nonce was issued to (the OpenID provider's interaction uid). */
  binding: string;
  /** The request's `Origin` header, when the gateway has one. */
  requestOrigin?: string;
}

export interface CardAuthentication {
  ok: true;
  /** The person: the certificate subject's PNOOM- serial number. */
  civilNumber: CivilNumber;
  certificate: { der: Buffer; serialHex: string; subject: string; notAfter: Date };
  algorithm: AuthToken['algorithm'];
  appVersion: string;
}

export type WebEidOutcome = CardAuthentication | WebEidRefusal;

/**
 * Validates a Web eID authentication token as the reference validators do, as a pipeline of small
 * named steps; the first that fails names the refusal. Never throws for anything the browser sends
 * (only the nonce store's own failure, a database that is down, propagates). The nonce is consumed by
 * every attempt whose token has the right shape, whatever follows, so each nonce buys one attempt.
 */
export class WebEidValidator {
  readonly origin: string;
  private readonly anchors: X509Certificate[];
  private readonly clock: () => Date;

  constructor(private readonly options: WebEidValidatorOptions) {
    this.origin = siteOrigin(options.origin, options.allowHttpOrigin);
    if (!options.trustAnchors.length) throw new Error('Web eID needs at least one trusted card CA');
    this.anchors = options.trustAnchors.map((der) => new X509Certificate(der));
    this.clock = options.clock ?? (() => new Date());
  }

  async validate(attempt: AuthenticationAttempt): Promise<WebEidOutcome> {
    const token = readAuthToken(attempt.token);
    if (isRefusal(token)) return token;
    const fromElsewhere = checkRequestOrigin(this.origin, attempt.requestOrigin);
    if (fromElsewhere) return fromElsewhere;
    const use = await this.options.nonces.consume(attempt.challengeNonce, attempt.binding);
    if (use !== 'consumed') return refuse(`nonce-${use}`, `challenge nonce ${use} for this interaction`);
    const challengeNonce = attempt.challengeNonce as string;

    const now = this.clock();
    const certificate = readCardCertificate(token.unverifiedCertificate);
    if (isRefusal(certificate)) return certificate;
    const expired = checkValidity(certificate, now);
    if (expired) return expired;
    // Trust before what the certificate says of itself: a purpose or policy asserted by an issuer we do
    // not trust means nothing, and a stranger's certificate is refused as what it is (certificate-untrusted),
    // not for lacking our profile's policy.
    const issuer = checkIssuer(certificate, this.anchors, now);
    if (isRefusal(issuer)) return issuer;
    const profile = checkPurpose(certificate) ?? checkPolicies(certificate, this.options.requiredPolicies);
    if (profile) return profile;
    const civilNumber = personOf(certificate);
    if (isRefusal(civilNumber)) return civilNumber;
    // The signature before the OCSP round trip: a forgery costs the responder nothing.
    const signature = checkSignature({ certificate, algorithm: token.algorithm, signature: token.signature, origin: this.origin, challengeNonce });
    if (signature) return signature;
    const revoked = await checkRevocation(certificate, issuer, now, { transport: this.options.ocsp, clockSkewSeconds: this.options.ocspClockSkewSeconds ?? 300 });
    if (revoked) return revoked;

    return {
      ok: true,
      civilNumber,
      certificate: { der: certificate.der, serialHex: certificate.node.serialNumber.toUpperCase(), subject: certificate.node.subject.replace(/\n/g, ', '), notAfter: certificate.fields.notAfter },
      algorithm: token.algorithm,
      appVersion: token.appVersion,
    };
  }
}
