import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { REFUSAL_TITLES, signedData, WEB_EID_REFUSAL_CODES, WebEid, type AuthenticationAttempt, type SignatureAlgorithm, type WebEidOutcome } from '../src';
import { authToken, cardSignature, MemoryNonceStore, openTestAuthority, type TestAuthority } from '../src/testing';

const ORIGIN = 'https://id.theqa.test';
const identity = { civilNumber: '90150015', givenName: 'Card', surname: 'Holder', fullName: 'Card Test Holder' };
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000);

describe('Web eID authentication (server side)', () => {
  let ca: TestAuthority;
  let foreign: TestAuthority;
  let card: Awaited<ReturnType<TestAuthority['issueCard']>>;
  let store: MemoryNonceStore;
  let webEid: WebEid;
  const make = (overrides: Partial<ConstructorParameters<typeof WebEid>[0]> = {}) =>
    new WebEid({ origin: ORIGIN, trustAnchors: [ca.citizenCa], requiredPolicies: [ca.cardPolicy], ocsp: ca.ocsp, nonceStore: store, ...overrides });

  beforeAll(async () => {
    [ca, foreign] = await Promise.all([openTestAuthority(), openTestAuthority()]);
    card = await ca.issueCard({ identity, cardExpiry: inDays(30) });
  });
  beforeEach(() => {
    store = new MemoryNonceStore();
    webEid = make();
  });

  /** The card app's answer to a fresh challenge, as the extension hands it to the page. */
  async function signIn(options: { with?: typeof card; algorithm?: SignatureAlgorithm; origin?: string; binding?: string; service?: WebEid } = {}) {
    const service = options.service ?? webEid;
    const binding = options.binding ?? `interaction-${randomBytes(6).toString('hex')}`;
    const { challengeNonce } = await service.challenge(binding);
    const signer = options.with ?? card;
    const algorithm = options.algorithm ?? 'ES256';
    const token = authToken({ certificate: signer.der, algorithm, signature: cardSignature(signer.privateKey, algorithm, options.origin ?? ORIGIN, challengeNonce) });
    return { token, challengeNonce, binding };
  }
  const expectRefused = (outcome: WebEidOutcome, code: string) => {
    expect(outcome).toMatchObject({ ok: false, code });
    if (!outcome.ok) expect(outcome.title).toEqual(REFUSAL_TITLES[outcome.code]);
  };

  describe('the Web eID specification’s token', () => {
    it('a challenge nonce is 256 random bits in base64: 44 characters, never the same twice', async () => {
      const nonces = await Promise.all(Array.from({ length: 50 }, (_, i) => webEid.challenge(`b-${i}`)));
      for (const { challengeNonce, expiresAt } of nonces) {
        expect(challengeNonce).toMatch(/^[A-Za-z0-9+/]{43}=$/);
        expect(Buffer.from(challengeNonce, 'base64')).toHaveLength(32);
        expect(Math.round((expiresAt.getTime() - Date.now()) / 1000)).toBe(300);
      }
      expect(new Set(nonces.map((n) => n.challengeNonce)).size).toBe(50);
    });

    it('the signed value is hash(origin) ‖ hash(challenge nonce text), with the algorithm’s hash', async () => {
      // The native app's documented example: origin https://ria.ee, a 44-character nonce.
      const origin = 'https://ria.ee';
      const nonce = '12345678901234567890123456789012345678901234';
      const sha = (alg: string, s: string) => createHash(alg).update(s, 'utf8').digest();
      expect(signedData('ES256', origin, nonce)).toEqual(Buffer.concat([sha('sha256', origin), sha('sha256', nonce)]));
      expect(signedData('ES384', origin, nonce)).toHaveLength(96);
      expect(signedData('RS512', origin, nonce)).toEqual(Buffer.concat([sha('sha512', origin), sha('sha512', nonce)]));
    });

    it('a token of exactly the specification’s shape (its five fields, web-eid:1.0, an ES256 raw r‖s signature) is accepted', async () => {
      const { token, challengeNonce, binding } = await signIn();
      expect(Object.keys(token).sort()).toEqual(['algorithm', 'appVersion', 'format', 'signature', 'unverifiedCertificate']);
      expect(Buffer.from(token.signature, 'base64')).toHaveLength(64);
      // The extension's message carries the token as JSON text; the page may post it as text or parsed.
      const outcome = await webEid.authenticate({ token: JSON.stringify(token), challengeNonce, binding });
      expect(outcome).toMatchObject({ ok: true, civilNumber: '90150015', algorithm: 'ES256', certificate: { serialHex: card.serialHex } });
    });

    it('format "web-eid:1" is the same format; "web-eid:1.1" and "web-eid:2" are not accepted', async () => {
      for (const [format, ok] of [['web-eid:1', true], ['web-eid:1.1', false], ['web-eid:2', false]] as const) {
        const { token, challengeNonce, binding } = await signIn();
        const outcome = await webEid.authenticate({ token: { ...token, format }, challengeNonce, binding });
        expect({ format, ok: outcome.ok }).toEqual({ format, ok });
      }
    });
  });

  describe('the positive path', () => {
    it('a card certificate from the Citizen Authentication CA, signed over this origin and this nonce: the person is its PNOOM- serial number', async () => {
      const { token, challengeNonce, binding } = await signIn();
      const outcome = await webEid.authenticate({ token, challengeNonce, binding, requestOrigin: ORIGIN });
      expect(outcome.ok).toBe(true);
      if (!outcome.ok) return;
      expect(outcome.civilNumber).toBe('90150015');
      expect(outcome.certificate.subject).toContain('serialNumber=PNOOM-90150015');
      expect(outcome.certificate.der.equals(card.der)).toBe(true);
      expect(outcome.appVersion).toBe(token.appVersion);
    });

    it('RSA cards: RS256 and PS256 signatures', async () => {
      const rsaCard = await ca.issueCard({ identity, cardExpiry: inDays(30), key: 'rsa-2048' });
      for (const algorithm of ['RS256', 'PS256', 'PS384'] as const) {
        const { token, challengeNonce, binding } = await signIn({ with: rsaCard, algorithm });
        expect(await webEid.authenticate({ token, challengeNonce, binding })).toMatchObject({ ok: true, algorithm });
      }
    });
  });

  describe('refusals', () => {
    it('a token signed for another origin: signature-invalid; sent from another site’s page: origin-mismatch', async () => {
      const relayed = await signIn({ origin: 'https://evil.example' });
      expectRefused(await webEid.authenticate({ ...relayed }), 'signature-invalid');
      const fromPage = await signIn({ origin: 'https://evil.example' });
      expectRefused(await webEid.authenticate({ ...fromPage, requestOrigin: 'https://evil.example' }), 'origin-mismatch');
    });

    it('a replayed nonce: the same token a second time is nonce-used', async () => {
      const attempt = await signIn();
      expect((await webEid.authenticate(attempt)).ok).toBe(true);
      expectRefused(await webEid.authenticate(attempt), 'nonce-used');
    });

    it('an expired nonce: nonce-expired', async () => {
      const quick = make({ nonceLifetimeSeconds: 0.2 });
      const attempt = await signIn({ service: quick });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expectRefused(await quick.authenticate(attempt), 'nonce-expired');
    });

    it('the nonce of another browser interaction: nonce-unknown (and the nonce stays good for its own)', async () => {
      const attempt = await signIn({ binding: 'interaction-a' });
      expectRefused(await webEid.authenticate({ ...attempt, binding: 'interaction-b' }), 'nonce-unknown');
      expectRefused(await webEid.authenticate({ ...attempt, challengeNonce: Buffer.alloc(32, 1).toString('base64') }), 'nonce-unknown');
      expect((await webEid.authenticate(attempt)).ok).toBe(true);
    });

    it('a revoked certificate (OCSP says revoked): certificate-revoked', async () => {
      const revoked = await ca.issueCard({ identity, cardExpiry: inDays(30) });
      expect((await webEid.authenticate(await signIn({ with: revoked }))).ok).toBe(true);
      ca.revoke(revoked.serialHex);
      expectRefused(await webEid.authenticate(await signIn({ with: revoked })), 'certificate-revoked');
    });

    it('a certificate from another CA (same names, another key): certificate-untrusted', async () => {
      const stranger = await foreign.issueCard({ identity, cardExpiry: inDays(30) });
      expectRefused(await webEid.authenticate(await signIn({ with: stranger })), 'certificate-untrusted');
    });

    it('a card past its expiry (the certificate ends with the card): certificate-expired', async () => {
      const later = make({ clock: () => inDays(31) });
      expectRefused(await later.authenticate(await signIn({ service: later })), 'certificate-expired');
    });

    it('a signature by another key: signature-invalid; an algorithm that does not fit the key too', async () => {
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const attempt = await signIn();
      const forged = { ...attempt.token, signature: cardSignature(privateKey, 'ES256', ORIGIN, attempt.challengeNonce) };
      expectRefused(await webEid.authenticate({ ...attempt, token: forged }), 'signature-invalid');
      const claimed = await signIn();
      expectRefused(await webEid.authenticate({ ...claimed, token: { ...claimed.token, algorithm: 'ES384' } }), 'signature-invalid');
      const rsaClaim = await signIn();
      expectRefused(await webEid.authenticate({ ...rsaClaim, token: { ...rsaClaim.token, algorithm: 'RS256' } }), 'signature-invalid');
    });

    it('certificates of other profiles: a qualified signing certificate (no clientAuth), a device certificate (not the card policy)', async () => {
      const signing = await ca.issueCard({ identity, cardExpiry: inDays(30), profile: 'qualified-signing' });
      const signingAnchors = make({ trustAnchors: [ca.citizenCa, ca.authorities.get('citizen-signing-ca').certificateDer] });
      expectRefused(await signingAnchors.authenticate(await signIn({ with: signing, service: signingAnchors })), 'certificate-purpose');
      const device = await ca.issueCard({ identity, cardExpiry: inDays(30), profile: 'device-authentication' });
      expectRefused(await webEid.authenticate(await signIn({ with: device })), 'certificate-policy');
    });

    it('OCSP that cannot be had or trusted: revocation-unavailable, never a pass', async () => {
      const down = make({ ocsp: async () => Promise.reject(new Error('connection refused')) });
      expectRefused(await down.authenticate(await signIn({ service: down })), 'revocation-unavailable');
      const garbage = make({ ocsp: async () => Buffer.from('not ocsp') });
      expectRefused(await garbage.authenticate(await signIn({ service: garbage })), 'revocation-unavailable');
      // Another hierarchy's responder answers "good" for the serial, signed by keys this CA never delegated.
      const impostor = make({ ocsp: foreign.ocsp });
      const outcome = await impostor.authenticate(await signIn({ service: impostor }));
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) expect(['revocation-unavailable', 'certificate-status-unknown']).toContain(outcome.code);
      // A replay of an earlier good answer lacks this request's nonce.
      let earlier: Buffer | undefined;
      const recording = make({ ocsp: async (request) => (earlier = await ca.ocsp(request)) });
      expect((await recording.authenticate(await signIn({ service: recording }))).ok).toBe(true);
      const replaying = make({ ocsp: async () => earlier! });
      expectRefused(await replaying.authenticate(await signIn({ service: replaying })), 'revocation-unavailable');
    });
  });

  describe('malformed tokens are refused with token-invalid, never an exception', () => {
    const cases: Array<[string, (token: Record<string, unknown>) => unknown]> = [
      ['not JSON', () => '{"format":"web-eid:1.0",' + 'x'.repeat(200)],
      ['too long a string', (t) => JSON.stringify({ ...t, appVersion: 'https://a.example/' + 'a'.repeat(10_000) })],
      ['too short a string', () => '{}'],
      ['an array', (t) => [t]],
      ['null', () => null],
      ['a number', () => 42],
      ['missing format', ({ format: _f, ...t }) => t],
      ['missing unverifiedCertificate', ({ unverifiedCertificate: _c, ...t }) => t],
      ['missing signature', ({ signature: _s, ...t }) => t],
      ['missing algorithm', ({ algorithm: _a, ...t }) => t],
      ['missing appVersion', ({ appVersion: _v, ...t }) => t],
      ['an unknown field', (t) => ({ ...t, unverifiedSigningCertificates: [] })],
      ['a prototype key', (t) => JSON.parse(JSON.stringify(t).replace('{', '{"__proto__":{"ok":true},'))],
      ['format a number', (t) => ({ ...t, format: 1 })],
      ['format web-eid:0.9', (t) => ({ ...t, format: 'web-eid:0.9' })],
      ['algorithm none', (t) => ({ ...t, algorithm: 'none' })],
      ['algorithm HS256', (t) => ({ ...t, algorithm: 'HS256' })],
      ['algorithm lower case', (t) => ({ ...t, algorithm: 'es256' })],
      ['algorithm an object', (t) => ({ ...t, algorithm: { toString: 'ES256' } })],
      ['certificate not base64', (t) => ({ ...t, unverifiedCertificate: '!!!notbase64!!!' })],
      ['certificate base64url', (t) => ({ ...t, unverifiedCertificate: String(t.unverifiedCertificate).replace(/\+/g, '-').replace(/\//g, '_') + '-_' })],
      ['certificate empty', (t) => ({ ...t, unverifiedCertificate: '' })],
      ['certificate huge', (t) => ({ ...t, unverifiedCertificate: 'A'.repeat(9_000) })],
      ['certificate an array', (t) => ({ ...t, unverifiedCertificate: [t.unverifiedCertificate] })],
      ['signature empty', (t) => ({ ...t, signature: '' })],
      ['signature huge', (t) => ({ ...t, signature: 'A'.repeat(2_000) })],
      ['signature with whitespace', (t) => ({ ...t, signature: ` ${t.signature}` })],
      ['appVersion http', (t) => ({ ...t, appVersion: 'http://web-eid.eu/app' })],
      ['appVersion not a URL', (t) => ({ ...t, appVersion: 'web-eid 2.5' })],
      ['appVersion javascript:', (t) => ({ ...t, appVersion: 'javascript:alert(1)' })],
      ['appVersion huge', (t) => ({ ...t, appVersion: 'https://a.example/' + 'a'.repeat(600) })],
    ];
    it.each(cases)('%s', async (_name, mutate) => {
      const attempt = await signIn();
      const outcome = await webEid.authenticate({ ...attempt, token: mutate({ ...attempt.token }) });
      expectRefused(outcome, 'token-invalid');
      // Refused before the nonce was touched: the browser may still send a good token for it.
      expect((await webEid.authenticate(attempt)).ok).toBe(true);
    });

    it('a well-formed token whose certificate is not a certificate: certificate-invalid', async () => {
      for (const bytes of [randomBytes(300), Buffer.concat([card.der, Buffer.from([0])]), card.der.subarray(0, card.der.length - 10)]) {
        const attempt = await signIn();
        expectRefused(await webEid.authenticate({ ...attempt, token: { ...attempt.token, unverifiedCertificate: bytes.toString('base64') } }), 'certificate-invalid');
      }
    });

    it('500 random mutations: each is refused with a known code, none throws', async () => {
      const attempt = await signIn();
      const base = JSON.stringify(attempt.token);
      const outcomes: WebEidOutcome[] = [];
      for (let i = 0; i < 500; i++) {
        const chars = [...base];
        const n = 1 + (i % 8);
        for (let k = 0; k < n; k++) {
          const at = randomBytes(2).readUInt16BE() % chars.length;
          chars[at] = String.fromCharCode(32 + (randomBytes(1)[0] % 95));
        }
        const fresh = await webEid.challenge('fuzz');
        const fuzzed: AuthenticationAttempt = { token: chars.join(''), challengeNonce: fresh.challengeNonce, binding: 'fuzz' };
        outcomes.push(await webEid.authenticate(fuzzed));
      }
      for (const outcome of outcomes) {
        if (outcome.ok) continue; // a mutation of appVersion's path, say, leaves a good token
        expect(WEB_EID_REFUSAL_CODES).toContain(outcome.code);
        expect(outcome.detail).not.toMatch(/\n\s+at /);
      }
      expect(outcomes.filter((o) => !o.ok).length).toBeGreaterThan(400);
    });

    it('300 certificates with random bytes changed (well-formed base64): each refused with a known code, none throws', async () => {
      const outcomes: WebEidOutcome[] = [];
      for (let i = 0; i < 300; i++) {
        const der = Buffer.from(card.der);
        // XOR with a non-zero byte: each change really changes the certificate (a random byte is the same one time in 256).
        for (let k = 0; k < 1 + (i % 4); k++) der[randomBytes(2).readUInt16BE() % der.length] ^= 1 + (randomBytes(1)[0] % 255);
        const attempt = await signIn();
        outcomes.push(await webEid.authenticate({ ...attempt, token: { ...attempt.token, unverifiedCertificate: der.toString('base64') } }));
      }
      for (const outcome of outcomes) {
        expect(outcome.ok).toBe(false);
        if (!outcome.ok) expect(WEB_EID_REFUSAL_CODES).toContain(outcome.code);
      }
    });

    it('malformed nonces and bindings are nonce-unknown', async () => {
      const attempt = await signIn();
      for (const challengeNonce of [undefined, 42, '', 'short', 'A'.repeat(44), attempt.challengeNonce + '=']) {
        expectRefused(await webEid.authenticate({ ...attempt, challengeNonce }), 'nonce-unknown');
      }
      expectRefused(await webEid.authenticate({ ...attempt, binding: '' }), 'nonce-unknown');
    });
  });

  describe('configuration', () => {
    it('the origin must be exactly an https origin (http on loopback for development)', () => {
      for (const origin of ['https://id.theqa.test/', 'https://id.theqa.test/login', 'http://id.theqa.test', 'id.theqa.test']) {
        expect(() => make({ origin })).toThrow(/origin/);
      }
      expect(make({ origin: 'http://127.0.0.1:8080' }).origin).toBe('http://127.0.0.1:8080');
      expect(() => make({ trustAnchors: [] })).toThrow(/trusted/);
      expect(() => make({ nonceLifetimeSeconds: 0 })).toThrow(RangeError);
    });
  });
});
