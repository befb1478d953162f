/**
 * The token our card app makes, against the Web eID specification (the server's side and the specification's
 * own example tokens: libs/web-eid/test/web-eid-specification.spec.ts, where the sources are quoted):
 * - [ARCH] web-eid/web-eid-system-architecture-doc README.md, "Token format": exactly `unverifiedCertificate`,
 *   `algorithm` (one of the nine JWA names), `signature`, `format` "web-eid:1.0", `appVersion` ("the URL
 *   identifying the name and version of the application", e.g. https://web-eid.eu/web-eid-app/releases/v2.0.0);
 *   the signed value hash(origin) ‖ hash(challenge nonce) with the algorithm's hash.
 * - [APP] web-eid/web-eid-app src/controller/command-handlers/authenticate.cpp: the nonce is 44 to 128
 *   characters; the certificate is base64 with its padding.
 * A card personalised on SoftHSM2 in-process, with certificates from the CA hierarchy in memory.
 */
import { createHash, verify, X509Certificate } from 'node:crypto';
import { readAuthToken, WebEid } from '@theqa/web-eid';
import { MemoryNonceStore, openTestAuthority, type TestAuthority } from '@theqa/web-eid/testing';
import { authenticate, CardError, CARD_APP_VERSION, personaliseCard, WEB_EID_FORMAT } from '../src';
import { softHsmIsAvailable } from '@theqa/testing';
import { issuerFor, lockFolder, personalisation, PINS, softHsmModule } from './card-issuer';

const ORIGIN = 'https://login.theqa.test';
const SPEC_ALGORITHMS = ['ES256', 'ES384', 'ES512', 'PS256', 'PS384', 'PS512', 'RS256', 'RS384', 'RS512'];
const identity = { civilNumber: '90150017', givenName: 'Spec', surname: 'Card', fullName: 'Spec Card Holder' };

// SoftHSM2 stands for the card's chip: without it (a newcomer's machine) the suite is skipped and named as such.
(softHsmIsAvailable() ? describe : describe.skip)('the card app’s Web eID authentication token, by the specification', () => {
  const module = softHsmIsAvailable() ? softHsmModule() : ''; // (a skipped suite's body is still read)
  const lockDirectory = lockFolder();
  const reader = { module, card: 'WEBEID-SPEC-1', lockDirectory };
  let ca: TestAuthority;
  let webEid: WebEid;

  beforeAll(async () => {
    ca = await openTestAuthority();
    await personaliseCard(personalisation(reader.card, module, lockDirectory), issuerFor(ca, identity, new Date(Date.now() + 30 * 86_400_000)));
    webEid = new WebEid({ origin: ORIGIN, trustAnchors: [ca.citizenCa], requiredPolicies: [ca.cardPolicy], ocsp: ca.ocsp, nonceStore: new MemoryNonceStore() });
  });

  it('has exactly the specification’s five fields, format web-eid:1.0, a JWA algorithm, appVersion a release URL', async () => {
    const { challengeNonce } = await webEid.challenge('spec-fields');
    const token = await authenticate(reader, { origin: ORIGIN, challengeNonce, pin1: PINS.pin1 });
    expect(Object.keys(token).sort()).toEqual(['algorithm', 'appVersion', 'format', 'signature', 'unverifiedCertificate']);
    expect(token.format).toBe('web-eid:1.0');
    expect(WEB_EID_FORMAT).toBe('web-eid:1.0');
    expect(SPEC_ALGORITHMS).toContain(token.algorithm);
    expect(token.algorithm).toBe('ES256');
    // The form of the specification's https://web-eid.eu/web-eid-app/releases/v2.0.0: https, a path naming the app, …/releases/<version>.
    expect(token.appVersion).toBe(CARD_APP_VERSION);
    expect(token.appVersion).toMatch(/^https:\/\/[a-z0-9.-]+\/[a-z0-9-]+(?:\/[a-z0-9-]+)*\/releases\/v?\d+\.\d+\.\d+(?:[+-][0-9A-Za-z.+-]+)?$/);
    // Standard base64 with padding (not base64url), of one DER certificate and of a raw P-256 r ‖ s.
    expect(Buffer.from(token.unverifiedCertificate, 'base64').toString('base64')).toBe(token.unverifiedCertificate);
    expect(new X509Certificate(Buffer.from(token.unverifiedCertificate, 'base64')).subject).toContain('serialNumber=PNOOM-90150017');
    expect(Buffer.from(token.signature, 'base64').toString('base64')).toBe(token.signature);
    expect(Buffer.from(token.signature, 'base64')).toHaveLength(64);
    // Our reader takes it as it is (as JSON text too, the way the extension's message carries it).
    expect(readAuthToken(JSON.stringify(token))).toEqual(token);
  });

  it('signs hash(origin) ‖ hash(nonce) with SHA-256 (ES256’s hash), as computed here with node:crypto alone, and nothing else', async () => {
    const { challengeNonce } = await webEid.challenge('spec-signature');
    const token = await authenticate(reader, { origin: ORIGIN, challengeNonce, pin1: PINS.pin1 });
    const key = { key: new X509Certificate(Buffer.from(token.unverifiedCertificate, 'base64')).publicKey, dsaEncoding: 'ieee-p1363' as const };
    const sha256 = (text: string) => createHash('sha256').update(Buffer.from(text, 'utf8')).digest();
    const signature = Buffer.from(token.signature, 'base64');
    expect(verify('sha256', Buffer.concat([sha256(ORIGIN), sha256(challengeNonce)]), key, signature)).toBe(true);
    expect(verify('sha256', Buffer.concat([sha256(`${ORIGIN}/`), sha256(challengeNonce)]), key, signature)).toBe(false);
    expect(verify('sha256', Buffer.concat([sha256(challengeNonce), sha256(ORIGIN)]), key, signature)).toBe(false);
    expect(verify('sha256', Buffer.concat([sha256(ORIGIN), createHash('sha256').update(Buffer.from(challengeNonce, 'base64')).digest()]), key, signature)).toBe(false);
  });

  it('the server’s validator takes the card’s token: the person is the card holder; the nonce is then used', async () => {
    const { challengeNonce } = await webEid.challenge('spec-validate');
    const token = await authenticate(reader, { origin: ORIGIN, challengeNonce, pin1: PINS.pin1 });
    expect(await webEid.authenticate({ token, challengeNonce, binding: 'spec-validate' })).toMatchObject({ ok: true, civilNumber: '90150017', algorithm: 'ES256', appVersion: CARD_APP_VERSION });
    expect(await webEid.authenticate({ token, challengeNonce, binding: 'spec-validate' })).toMatchObject({ ok: false, code: 'nonce-used' });
    // Signed for another origin: refused by the server's signature check.
    const other = await webEid.challenge('spec-other-origin');
    const elsewhere = await authenticate(reader, { origin: 'https://evil.example', challengeNonce: other.challengeNonce, pin1: PINS.pin1 });
    expect(await webEid.authenticate({ token: elsewhere, challengeNonce: other.challengeNonce, binding: 'spec-other-origin' })).toMatchObject({ ok: false, code: 'signature-invalid' });
  });

  it('the card app takes nonces of 44 to 128 characters, as the reference app, and origins without a path or trailing slash', async () => {
    const refusal = (request: { origin: string; challengeNonce: string }) =>
      // (authenticate refuses a malformed request before it returns its promise)
      Promise.resolve()
        .then(() => authenticate(reader, { ...request, pin1: PINS.pin1 }))
        .then(
        () => 'signed',
        (error: unknown) => (error instanceof CardError ? error.code : String(error)),
      );
    expect(await refusal({ origin: ORIGIN, challengeNonce: 'A'.repeat(43) })).toBe('nonce-invalid');
    expect(await refusal({ origin: ORIGIN, challengeNonce: 'A'.repeat(129) })).toBe('nonce-invalid');
    expect(await refusal({ origin: ORIGIN, challengeNonce: 'A'.repeat(128) })).toBe('signed');
    expect(await refusal({ origin: `${ORIGIN}/`, challengeNonce: 'A'.repeat(44) })).toBe('origin-invalid');
  });
});
