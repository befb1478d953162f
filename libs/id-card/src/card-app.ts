/**
 * The native app's role in Web eID: what the browser extension asks of the card, answered over PKCS#11.
 * Every operation opens the token it needs, checks the PIN by the card's rules, and closes it.
 */
import { createHash } from 'node:crypto';
// The light entry (node:crypto only): the card app starts once per browser request.
import { signedData } from '@theqa/web-eid/signed-data';
import { CardError } from './card-error';
import { KEY_OF_PIN } from './card-layout';
import { withCardToken, type CardReader } from './card-token';
import { findCardKey, readCertificate, signDigest } from './card-keys';
import { presentPin, unblockPin } from './pin-check';
import {
  assertNonce,
  assertOrigin,
  CARD_APP_VERSION,
  documentHash,
  HASH_LENGTH,
  jwaAlgorithm,
  WEB_EID_FORMAT,
  type HashFunction,
  type SignatureAlgorithmDescription,
  type WebEidAuthenticationToken,
} from './web-eid';

/** Signs the challenge nonce for the origin with the authentication key (PIN1): a Web eID authentication token. */
export function authenticate(reader: CardReader, request: { origin: string; challengeNonce: string; pin1: string }): Promise<WebEidAuthenticationToken> {
  assertOrigin(request.origin);
  assertNonce(request.challengeNonce);
  return withCardToken(reader, 'authentication', async (token) => {
    const certificate = readCertificate(token.session, 'authentication');
    presentPin(token, request.pin1);
    const key = findCardKey(token.session, 'authentication');
    const algorithm = jwaAlgorithm(key.algorithm);
    // What the server's validator checks, from the one definition of it: hash(origin) ‖ hash(nonce).
    const input = signedData(algorithm.name, request.origin, request.challengeNonce);
    const signature = await signDigest(token.session, key, createHash(algorithm.hash).update(input).digest());
    return {
      unverifiedCertificate: certificate.toString('base64'),
      algorithm: algorithm.name,
      // JWS encoding (RFC 7518 §3.4): r ‖ s, as the token returns it.
      signature: signature.toString('base64'),
      format: WEB_EID_FORMAT,
      appVersion: CARD_APP_VERSION,
    };
  });
}

/** The qualified signing certificate (no PIN: a card's certificates are public) and what the key can sign. */
export function getSigningCertificate(reader: CardReader): Promise<{ certificate: string; supportedSignatureAlgorithms: SignatureAlgorithmDescription[] }> {
  return withCardToken(reader, 'signing', (token) => ({
    certificate: readCertificate(token.session, 'signing').toString('base64'),
    supportedSignatureAlgorithms: (Object.keys(HASH_LENGTH) as HashFunction[]).map((hashFunction) => ({ cryptoAlgorithm: 'ECC' as const, hashFunction, paddingScheme: 'NONE' as const })),
  }));
}

/**
 * Signs a document hash with the signing key (PIN2). The signature is ECDSA's r ‖ s (IEEE P1363), as
 * Web eID returns it; CMS/PAdES wants it DER-encoded (ecdsaRawToDer of @theqa/keys).
 */
export function signHash(reader: CardReader, request: { hash: string; hashFunction: string; pin2: string }): Promise<{ signature: string; signatureAlgorithm: SignatureAlgorithmDescription }> {
  const { hash, hashFunction } = documentHash(request.hash, request.hashFunction);
  return withCardToken(reader, 'signing', async (token) => {
    readCertificate(token.session, 'signing');
    presentPin(token, request.pin2);
    const signature = await signDigest(token.session, findCardKey(token.session, 'signing'), hash, request.pin2);
    return { signature: signature.toString('base64'), signatureAlgorithm: { cryptoAlgorithm: 'ECC', hashFunction, paddingScheme: 'NONE' } };
  });
}

/** Sets a new PIN1 or PIN2 with the PUK, which unblocks it. */
export function unblock(reader: CardReader, request: { puk: string; newPin: string; which: string }): Promise<{ unblocked: 'pin1' | 'pin2' }> {
  const which = request.which;
  if (which !== 'pin1' && which !== 'pin2') throw new CardError('usage', '--which must be pin1 or pin2');
  return withCardToken(reader, KEY_OF_PIN[which], (token) => {
    readCertificate(token.session, KEY_OF_PIN[which]);
    unblockPin(token, request.puk, request.newPin);
    return { unblocked: which };
  });
}
