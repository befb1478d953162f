/**
 * The Web eID specification's own examples against our reading of the token format (issue 15: "the
 * authentication token format is checked against the Web eID specification's examples"). The card's side
 * (the token our card app makes) is checked in libs/id-card/test/web-eid-specification.spec.ts.
 *
 * Sources, quoted verbatim below:
 * - [ARCH] web-eid/web-eid-system-architecture-doc, README.md, "Web eID authentication token specification":
 *   the example token, the nine algorithm names, "the value that is signed … is hash(origin)+hash(challenge
 *   nonce) … the same hash function that is used in the signature algorithm", the origin "must not end with a
 *   slash", "the challenge nonce … must contain at least 256 bits of entropy", "the browser extension and
 *   native application reject challenge nonces shorter than 44 bytes".
 * - [FORMAT] the same repository, docs/web-eid-auth-token-v2-format-spec.md: the nonce's "literal Base64
 *   string is UTF-8 encoded and used in the hashing step", not its decoded bytes.
 * - [JAVA] web-eid/web-eid-authtoken-validation-java, src/test/java/eu/webeid/security/testutil/
 *   AbstractTestWithValidator.java (VALID_AUTH_TOKEN, VALID_CHALLENGE_NONCE), AuthTokenValidators.java
 *   (TOKEN_ORIGIN_URL "https://ria.ee"), validator/AuthTokenSignatureTest.java (AUTH_TOKEN_WRONG_CERT, the wrong
 *   nonce …124, the wrong origin https://invalid.org); src/main/…/challenge/ChallengeNonceGenerator.java
 *   (NONCE_LENGTH = 32 bytes, base64).
 * - [APP] web-eid/web-eid-app, src/controller/command-handlers/authenticate.cpp: the nonce must be 44 to 128
 *   characters; appVersion "https://web-eid.eu/web-eid-app/releases/<version>"; the card signs
 *   hash(hash(origin) + hash(nonce)).
 *
 * Where we are stricter than the reference validator, deliberately (README of this lib): unknown fields and
 * format web-eid:1.1 are refused (the Java parser ignores unknown fields and takes any "web-eid:1…"), and
 * appVersion must be an https URL (the Java validator does not read it); a challenge nonce is only ever one
 * we issued (32 bytes, 44 characters), not any string of 44–128 characters.
 */
import { createHash, verify, X509Certificate } from 'node:crypto';
import { readAuthToken, SIGNATURE_ALGORITHMS, signedData, TOKEN_FORMATS, WebEidValidator, NONCE_BYTES, type AuthToken, type WebEidOutcome } from '../src';
import { ChallengeNonces } from '../src/challenge-nonces';
import { isRefusal, readCardCertificate } from '../src/card-certificate';
import { checkSignature } from '../src/token-signature';
import { MemoryNonceStore, openTestAuthority, type TestAuthority } from '../src/testing';

/** [ARCH] README.md, "Token format": the example, verbatim (its certificate and signature elided with "..."). */
const ARCH_EXAMPLE = `{
  "unverifiedCertificate": "MIIFozCCA4ugAwIBAgIQHFpdK-zCQsFW4...",
  "algorithm": "RS256",
  "signature": "HBjNXIaUskXbfhzYQHvwjKDUWfNu4yxXZha...",
  "format": "web-eid:1.0",
  "appVersion": "https://web-eid.eu/web-eid-app/releases/v2.0.0"
}`;

/** [ARCH] "allowed values are the algorithms specified in JWA RFC sections 3.3, 3.4 and 3.5". */
const SPEC_ALGORITHMS = ['ES256', 'ES384', 'ES512', 'PS256', 'PS384', 'PS512', 'RS256', 'RS384', 'RS512'];

/** [JAVA] AuthTokenValidators.TOKEN_ORIGIN_URL and AbstractTestWithValidator.VALID_CHALLENGE_NONCE. */
const JAVA_ORIGIN = 'https://ria.ee';
const JAVA_NONCE = '12345678123456781234567812345678912356789123';

/**
 * [JAVA] AbstractTestWithValidator.VALID_AUTH_TOKEN, verbatim: a real ES384 token of the Estonian test card
 * of JÕEORG, JAAK-KRISTJAN (PNOEE-38001085718), certificate by "TEST of ESTEID2018", valid 2021-07-22 to
 * 2026-07-09 21:59:59 UTC, signed over https://ria.ee and JAVA_NONCE.
 */
const JAVA_VALID_AUTH_TOKEN =
  '{"algorithm":"ES384",' +
  '"unverifiedCertificate":"MIIEBDCCA2WgAwIBAgIQY5OGshxoPMFg+Wfc0gFEaTAKBggqhkjOPQQDBDBgMQswCQYDVQQGEwJFRTEbMBkGA1UECgwSU0sgSUQgU29sdXRpb25zIEFTMRcwFQYDVQRhDA5OVFJFRS0xMDc0NzAxMzEbMBkGA1UEAwwSVEVTVCBvZiBFU1RFSUQyMDE4MB4XDTIxMDcyMjEyNDMwOFoXDTI2MDcwOTIxNTk1OVowfzELMAkGA1UEBhMCRUUxKjAoBgNVBAMMIUrDlUVPUkcsSkFBSy1LUklTVEpBTiwzODAwMTA4NTcxODEQMA4GA1UEBAwHSsOVRU9SRzEWMBQGA1UEKgwNSkFBSy1LUklTVEpBTjEaMBgGA1UEBRMRUE5PRUUtMzgwMDEwODU3MTgwdjAQBgcqhkjOPQIBBgUrgQQAIgNiAAQmwEKsJTjaMHSaZj19hb9EJaJlwbKc5VFzmlGMFSJVk4dDy+eUxa5KOA7tWXqzcmhh5SYdv+MxcaQKlKWLMa36pfgv20FpEDb03GCtLqjLTRZ7649PugAQ5EmAqIic29CjggHDMIIBvzAJBgNVHRMEAjAAMA4GA1UdDwEB/wQEAwIDiDBHBgNVHSAEQDA+MDIGCysGAQQBg5EhAQIBMCMwIQYIKwYBBQUHAgEWFWh0dHBzOi8vd3d3LnNrLmVlL0NQUzAIBgYEAI96AQIwHwYDVR0RBBgwFoEUMzgwMDEwODU3MThAZWVzdGkuZWUwHQYDVR0OBBYEFPlp/ceABC52itoqppEmbf71TJz6MGEGCCsGAQUFBwEDBFUwUzBRBgYEAI5GAQUwRzBFFj9odHRwczovL3NrLmVlL2VuL3JlcG9zaXRvcnkvY29uZGl0aW9ucy1mb3ItdXNlLW9mLWNlcnRpZmljYXRlcy8TAkVOMCAGA1UdJQEB/wQWMBQGCCsGAQUFBwMCBggrBgEFBQcDBDAfBgNVHSMEGDAWgBTAhJkpxE6fOwI09pnhClYACCk+ezBzBggrBgEFBQcBAQRnMGUwLAYIKwYBBQUHMAGGIGh0dHA6Ly9haWEuZGVtby5zay5lZS9lc3RlaWQyMDE4MDUGCCsGAQUFBzAChilodHRwOi8vYy5zay5lZS9UZXN0X29mX0VTVEVJRDIwMTguZGVyLmNydDAKBggqhkjOPQQDBAOBjAAwgYgCQgDCAgybz0u3W+tGI+AX+PiI5CrE9ptEHO5eezR1Jo4j7iGaO0i39xTGUB+NSC7P6AQbyE/ywqJjA1a62jTLcS9GHAJCARxN4NO4eVdWU3zVohCXm8WN3DWA7XUcn9TZiLGQ29P4xfQZOXJi/z4PNRRsR4plvSNB3dfyBvZn31HhC7my8woi",' +
  '"appVersion":"https://web-eid.eu/web-eid-app/releases/2.5.0+0",' +
  '"signature":"0Ov7ME6pTY1K2GXMj8Wxov/o2fGIMEds8OMY5dKdkB0nrqQX7fG1E5mnsbvyHpMDecMUH6Yg+p1HXdgB/lLqOcFZjt/OVXPjAAApC5d1YgRYATDcxsR1zqQwiNcHdmWn",' +
  '"format":"web-eid:1.0"}';

/** [JAVA] AuthTokenSignatureTest.AUTH_TOKEN_WRONG_CERT, verbatim: the same person's other certificate, with a signature its key did not make. */
const JAVA_AUTH_TOKEN_WRONG_CERT =
  '{"algorithm":"ES384",' +
  '"unverifiedCertificate":"MIIEBDCCA2WgAwIBAgIQH9NeN14jo0ReaircrN2YvDAKBggqhkjOPQQDBDBgMQswCQYDVQQGEwJFRTEbMBkGA1UECgwSU0sgSUQgU29sdXRpb25zIEFTMRcwFQYDVQRhDA5OVFJFRS0xMDc0NzAxMzEbMBkGA1UEAwwSVEVTVCBvZiBFU1RFSUQyMDE4MB4XDTIwMDMxMjEyMjgxMloXDTI1MDMxMjIxNTk1OVowfzELMAkGA1UEBhMCRUUxKjAoBgNVBAMMIUrDlUVPUkcsSkFBSy1LUklTVEpBTiwzODAwMTA4NTcxODEQMA4GA1UEBAwHSsOVRU9SRzEWMBQGA1UEKgwNSkFBSy1LUklTVEpBTjEaMBgGA1UEBRMRUE5PRUUtMzgwMDEwODU3MTgwdjAQBgcqhkjOPQIBBgUrgQQAIgNiAARVeP+9l3b1mm3fMHPeCFLbD7esXI8lDc+soWCBoMnZGo3d2Rg/mzKCIWJtw+JhcN7RwFFH9cwZ8Gni4C3QFYBIIJ2GdjX2KQfEkDvRsnKw6ZZmJQ+HC4ZFew3r8gauhfejggHDMIIBvzAJBgNVHRMEAjAAMA4GA1UdDwEB/wQEAwIDiDBHBgNVHSAEQDA+MDIGCysGAQQBg5EhAQIBMCMwIQYIKwYBBQUHAgEWFWh0dHBzOi8vd3d3LnNrLmVlL0NQUzAIBgYEAI96AQIwHwYDVR0RBBgwFoEUMzgwMDEwODU3MThAZWVzdGkuZWUwHQYDVR0OBBYEFOfk7lPOq6rb9IbFZF1q97kJ4s2iMGEGCCsGAQUFBwEDBFUwUzBRBgYEAI5GAQUwRzBFFj9odHRwczovL3NrLmVlL2VuL3JlcG9zaXRvcnkvY29uZGl0aW9ucy1mb3ItdXNlLW9mLWNlcnRpZmljYXRlcy8TAkVOMCAGA1UdJQEB/wQWMBQGCCsGAQUFBwMCBggrBgEFBQcDBDAfBgNVHSMEGDAWgBTAhJkpxE6fOwI09pnhClYACCk+ezBzBggrBgEFBQcBAQRnMGUwLAYIKwYBBQUHMAGGIGh0dHA6Ly9haWEuZGVtby5zay5lZS9lc3RlaWQyMDE4MDUGCCsGAQUFBzAChilodHRwOi8vYy5zay5lZS9UZXN0X29mX0VTVEVJRDIwMTguZGVyLmNydDAKBggqhkjOPQQDBAOBjAAwgYgCQgEQRbzFOSHIcmIEKczhN8xuteYgN2zEXZSJdP0q1iH1RR2AzZ8Ddz6SKRn/bZSzjcd4b7h3AyOEQr2hcidYkxT7sAJCAMPtOUryqp2WbTEUoOpbWrKqp8GjaAiVpBGDn/Xdu5M2Z6dvwZHnFGgRrZXtyUbcAgRW7MQJ0s/9GCVro3iqUzNN",' +
  '"appVersion":"https://web-eid.eu/web-eid-app/releases/2.0.0+0",' +
  '"signature":"arx164xRiwhIQDINe0J+ZxJWZFOQTx0PBtOaWaxAe7gofEIHRIbV1w0sOCYBJnvmvMem9hU4nc2+iJx2x8poYck4Z6eI3GwtiksIec3XQ9ZIk1n/XchXnmPn3GYV+HzJ",' +
  '"format":"web-eid:1.0"}';

/** The independent computation of [ARCH]/[APP]'s signed value: hash(origin) ‖ hash(nonce), of their UTF-8 text. */
function specSignedValue(hash: string, origin: string, nonce: string): Buffer {
  return Buffer.concat([createHash(hash).update(Buffer.from(origin, 'utf8')).digest(), createHash(hash).update(Buffer.from(nonce, 'utf8')).digest()]);
}

function parsed(text: string): AuthToken {
  const token = readAuthToken(text);
  if (isRefusal(token)) throw new Error(`refused: ${token.detail}`);
  return token;
}

describe('the Web eID specification’s examples', () => {
  describe('the token format: field names and values', () => {
    it('the architecture document’s example has exactly our five fields; verbatim it is refused only for its elided certificate', () => {
      expect(Object.keys(JSON.parse(ARCH_EXAMPLE)).sort()).toEqual(['algorithm', 'appVersion', 'format', 'signature', 'unverifiedCertificate']);
      // "MIIFozCCA4ugAwIBAgIQHFpdK-zCQsFW4..." is an illustration (a base64url '-' and an ellipsis), not base64.
      expect(readAuthToken(ARCH_EXAMPLE)).toMatchObject({ ok: false, code: 'token-invalid', detail: 'unverifiedCertificate is not base64' });
    });

    it('the example with only its elided values completed is read as it stands: RS256, web-eid:1.0, its appVersion', () => {
      const example = JSON.parse(ARCH_EXAMPLE) as Record<string, string>;
      const completed = { ...example, unverifiedCertificate: Buffer.alloc(900, 7).toString('base64'), signature: Buffer.alloc(256, 9).toString('base64') };
      expect(readAuthToken(JSON.stringify(completed, null, 2))).toEqual(completed);
      expect(readAuthToken(completed)).toMatchObject({ algorithm: 'RS256', format: 'web-eid:1.0', appVersion: 'https://web-eid.eu/web-eid-app/releases/v2.0.0' });
    });

    it('the reference validator’s valid token (a real ES384 card token) is read verbatim, as text and as parsed JSON', () => {
      const token = parsed(JAVA_VALID_AUTH_TOKEN);
      expect(token).toEqual(JSON.parse(JAVA_VALID_AUTH_TOKEN));
      expect(readAuthToken(JSON.parse(JAVA_VALID_AUTH_TOKEN))).toEqual(token);
      expect(token.algorithm).toBe('ES384');
      // ECDSA as the card makes it: raw r ‖ s, 2 × 48 bytes for P-384 (not DER).
      expect(Buffer.from(token.signature, 'base64')).toHaveLength(96);
      const certificate = new X509Certificate(Buffer.from(token.unverifiedCertificate, 'base64'));
      expect(certificate.subject).toContain('serialNumber=PNOEE-38001085718');
    });

    it('the algorithms are exactly the specification’s nine, each with the hash its name says (SHA-256 for RS256)', () => {
      expect(Object.keys(SIGNATURE_ALGORITHMS).sort()).toEqual([...SPEC_ALGORITHMS].sort());
      for (const name of SPEC_ALGORITHMS) {
        const bits = name.slice(2);
        expect({ name, hash: SIGNATURE_ALGORITHMS[name as keyof typeof SIGNATURE_ALGORITHMS].hash }).toEqual({ name, hash: `sha${bits}` });
        expect(signedData(name as keyof typeof SIGNATURE_ALGORITHMS, JAVA_ORIGIN, JAVA_NONCE)).toHaveLength((2 * Number(bits)) / 8);
      }
      // JWS names, case and all: nothing else is an algorithm.
      for (const name of ['es256', 'HS256', 'none', 'EdDSA', 'ES256K', 'RS1']) expect(readAuthToken({ ...JSON.parse(JAVA_VALID_AUTH_TOKEN), algorithm: name })).toMatchObject({ code: 'token-invalid' });
    });

    it('format: web-eid:1.0 (and web-eid:1) as the specification’s current version; other majors are refused', () => {
      expect(TOKEN_FORMATS).toEqual(['web-eid:1', 'web-eid:1.0']);
      for (const format of ['web-eid:2.0', 'web-eid', 'WEB-EID:1.0', 'webeid:1.0', '']) expect(readAuthToken({ ...JSON.parse(JAVA_VALID_AUTH_TOKEN), format })).toMatchObject({ code: 'token-invalid' });
    });
  });

  describe('the signature input: hash(origin) ‖ hash(challenge nonce), with the algorithm’s hash', () => {
    const token = parsed(JAVA_VALID_AUTH_TOKEN);
    const certificate = readCardCertificate(token.unverifiedCertificate);
    if (isRefusal(certificate)) throw new Error(certificate.detail);
    const p1363 = { key: certificate.node.publicKey, dsaEncoding: 'ieee-p1363' as const };
    const signature = Buffer.from(token.signature, 'base64');

    it('computed here with node:crypto alone, the reference token’s signature verifies over it; our signedData is the same bytes', () => {
      const value = specSignedValue('sha384', JAVA_ORIGIN, JAVA_NONCE);
      expect(value).toHaveLength(96);
      expect(verify('sha384', value, p1363, signature)).toBe(true);
      expect(signedData('ES384', JAVA_ORIGIN, JAVA_NONCE)).toEqual(value);
      expect(checkSignature({ certificate, algorithm: 'ES384', signature: token.signature, origin: JAVA_ORIGIN, challengeNonce: JAVA_NONCE })).toBeUndefined();
    });

    it('and over nothing else: the reference tests’ wrong nonce and wrong origin, a trailing slash, the nonce’s decoded bytes, plain concatenation, another hash', () => {
      const wrong: Array<[string, Buffer]> = [
        ['nonce …124 (AuthTokenSignatureTest)', specSignedValue('sha384', JAVA_ORIGIN, '12345678123456781234567812345678912356789124')],
        ['origin https://invalid.org (AuthTokenSignatureTest)', specSignedValue('sha384', 'https://invalid.org', JAVA_NONCE)],
        ['origin with a trailing slash', specSignedValue('sha384', `${JAVA_ORIGIN}/`, JAVA_NONCE)],
        ['the nonce base64-decoded', Buffer.concat([createHash('sha384').update(JAVA_ORIGIN).digest(), createHash('sha384').update(Buffer.from(JAVA_NONCE, 'base64')).digest()])],
        ['origin ‖ nonce without the hashes', Buffer.from(JAVA_ORIGIN + JAVA_NONCE)],
        ['SHA-256 halves', specSignedValue('sha256', JAVA_ORIGIN, JAVA_NONCE)],
      ];
      for (const [name, value] of wrong) expect({ name, verifies: verify('sha384', value, p1363, signature) }).toEqual({ name, verifies: false });
      for (const [origin, nonce] of [['https://invalid.org', JAVA_NONCE], [JAVA_ORIGIN, '12345678123456781234567812345678912356789124']]) {
        expect(checkSignature({ certificate, algorithm: 'ES384', signature: token.signature, origin, challengeNonce: nonce })).toMatchObject({ code: 'signature-invalid' });
      }
    });

    it('the reference token with the wrong certificate (AUTH_TOKEN_WRONG_CERT): signature-invalid', () => {
      const other = parsed(JAVA_AUTH_TOKEN_WRONG_CERT);
      const otherCertificate = readCardCertificate(other.unverifiedCertificate);
      if (isRefusal(otherCertificate)) throw new Error(otherCertificate.detail);
      expect(checkSignature({ certificate: otherCertificate, algorithm: 'ES384', signature: other.signature, origin: JAVA_ORIGIN, challengeNonce: JAVA_NONCE })).toMatchObject({ code: 'signature-invalid' });
    });
  });

  describe('the reference token through our whole validator: refused for the right reason, never a crash', () => {
    let ca: TestAuthority;
    const ocsp = jest.fn(async (_request: Buffer): Promise<Buffer> => Promise.reject(new Error('OCSP must not be asked for a refused certificate')));
    // The reference nonce is none we issued (ours are 43 characters and '='): a store that takes any, so that
    // the certificate's own steps are what decides.
    const anyNonce = { consume: async () => 'consumed' as const } as unknown as ChallengeNonces;
    const validator = (at: Date) => new WebEidValidator({ origin: JAVA_ORIGIN, trustAnchors: [ca.citizenCa], requiredPolicies: [ca.cardPolicy], ocsp, nonces: anyNonce, clock: () => at });
    const attempt = (token: unknown) => ({ token, challengeNonce: JAVA_NONCE, binding: 'spec' });

    beforeAll(async () => {
      ca = await openTestAuthority();
    });

    it('after 2026-07-09 21:59:59 UTC the Estonian test certificate has expired: certificate-expired', async () => {
      const outcome = await validator(new Date('2026-07-10T00:00:00Z')).validate(attempt(JAVA_VALID_AUTH_TOKEN));
      expect(outcome).toMatchObject({ ok: false, code: 'certificate-expired', detail: 'expired at 2026-07-09T21:59:59.000Z' });
    });

    it('while it was valid, its issuer (TEST of ESTEID2018) is not our Citizen Authentication CA: certificate-untrusted', async () => {
      for (const text of [JAVA_VALID_AUTH_TOKEN, JAVA_AUTH_TOKEN_WRONG_CERT]) {
        const outcome: WebEidOutcome = await validator(new Date('2024-06-01T00:00:00Z')).validate(attempt(text));
        expect(outcome).toMatchObject({ ok: false, code: 'certificate-untrusted' });
        if (!outcome.ok) expect(outcome.detail).toContain('TEST of ESTEID2018');
      }
      expect(ocsp).not.toHaveBeenCalled();
    });
  });

  describe('the challenge nonce', () => {
    it('ours are the reference implementation’s: 32 random bytes (256 bits), base64 with its padding, 44 characters', async () => {
      expect(NONCE_BYTES * 8).toBeGreaterThanOrEqual(256);
      const nonces = new ChallengeNonces(new MemoryNonceStore());
      const issued = await Promise.all(Array.from({ length: 200 }, (_, i) => nonces.issue(`spec-${i}`)));
      for (const { challengeNonce } of issued) {
        expect(challengeNonce).toHaveLength(44);
        const bytes = Buffer.from(challengeNonce, 'base64');
        expect(bytes).toHaveLength(32);
        expect(bytes.toString('base64')).toBe(challengeNonce);
      }
      expect(new Set(issued.map((n) => n.challengeNonce)).size).toBe(200);
      // 256 random bits a nonce: over 200 nonces about half of the 51 200 bits are set (a constant or counter fails this).
      const ones = issued.reduce((sum, { challengeNonce }) => sum + [...Buffer.from(challengeNonce, 'base64')].reduce((s, byte) => s + byte.toString(2).replace(/0/g, '').length, 0), 0);
      expect(ones / (200 * 256)).toBeGreaterThan(0.47);
      expect(ones / (200 * 256)).toBeLessThan(0.53);
    });

    it('a nonce shorter than the specification’s 44 characters is refused even when the store holds it, before the store is asked', async () => {
      const store = new MemoryNonceStore();
      const consume = jest.spyOn(store, 'consume');
      const nonces = new ChallengeNonces(store);
      // 43 characters; 16 bytes (the format note's "at least 16 bytes recommended" is below the architecture's 256 bits); 31 bytes.
      for (const short of ['A'.repeat(43), Buffer.alloc(16, 1).toString('base64'), Buffer.alloc(31, 1).toString('base64')]) {
        await store.save(short, 'spec', 300);
        expect(await nonces.consume(short, 'spec')).toBe('unknown');
      }
      // The reference tests' nonce: 44 characters, but not one we issue (no padding): unknown too.
      await store.save(JAVA_NONCE, 'spec', 300);
      expect(await nonces.consume(JAVA_NONCE, 'spec')).toBe('unknown');
      expect(consume).not.toHaveBeenCalled();
    });

    it('the token’s signature is over the nonce the server issued and holds, never one the token names', () => {
      // [ARCH]: the website reconstructs the signed data from its trusted storage; the token has no nonce or origin field.
      const withNonce: Record<string, unknown> = { ...JSON.parse(JAVA_VALID_AUTH_TOKEN), nonce: JAVA_NONCE };
      expect(readAuthToken(withNonce)).toMatchObject({ code: 'token-invalid', detail: 'unknown field "nonce"' });
      const withOrigin: Record<string, unknown> = { ...JSON.parse(JAVA_VALID_AUTH_TOKEN), origin: JAVA_ORIGIN };
      expect(readAuthToken(withOrigin)).toMatchObject({ code: 'token-invalid', detail: 'unknown field "origin"' });
    });
  });
});
