/**
 * The acceptance's refusal list (issue 15), one case each against the validator: the specific code and its
 * bilingual title, nothing approved (no person, no certificate in the outcome), the OCSP responder asked
 * only when the certificate and signature have passed, and the nonce taken or left exactly as the
 * validator's rule says (a token of the right shape takes it; a malformed one, or one sent from another
 * site's page, does not).
 */
import { generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto';
import { REFUSAL_TITLES, WebEid, type AuthenticationAttempt, type SignatureAlgorithm, type WebEidOutcome } from '../src';
import { authToken, cardSignature, MemoryNonceStore, openTestAuthority, type TestAuthority } from '../src/testing';

const ORIGIN = 'https://id.theqa.test';
const identity = { civilNumber: '90150019', givenName: 'Refused', surname: 'Card', fullName: 'Refused Card Holder' };
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000);

describe('the acceptance’s refusals, each with its code and nothing released', () => {
  let ca: TestAuthority;
  let foreign: TestAuthority;
  let card: Awaited<ReturnType<TestAuthority['issueCard']>>;
  let store: MemoryNonceStore;
  let ocspAsked: number;
  const cardExpiry = inDays(20);

  const service = (overrides: Partial<ConstructorParameters<typeof WebEid>[0]> = {}) =>
    new WebEid({
      origin: ORIGIN,
      trustAnchors: [ca.citizenCa],
      requiredPolicies: [ca.cardPolicy],
      ocsp: async (request) => {
        ocspAsked++;
        return ca.ocsp(request);
      },
      nonceStore: store,
      ...overrides,
    });

  async function attempt(webEid: WebEid, options: { with?: typeof card; origin?: string; algorithm?: SignatureAlgorithm } = {}): Promise<AuthenticationAttempt & { token: ReturnType<typeof authToken> }> {
    const binding = `interaction-${randomBytes(6).toString('hex')}`;
    const { challengeNonce } = await webEid.challenge(binding);
    const signer = options.with ?? card;
    const algorithm = options.algorithm ?? 'ES256';
    return { token: authToken({ certificate: signer.der, algorithm, signature: cardSignature(signer.privateKey, algorithm, options.origin ?? ORIGIN, challengeNonce) }), challengeNonce, binding };
  }

  /** Refused with `code`, its title, and no trace of a person in the outcome. */
  function expectRefused(outcome: WebEidOutcome, code: string) {
    expect(outcome).toMatchObject({ ok: false, code });
    expect(outcome).not.toHaveProperty('civilNumber');
    expect(outcome).not.toHaveProperty('certificate');
    if (!outcome.ok) {
      expect(outcome.title).toEqual(REFUSAL_TITLES[outcome.code]);
      expect(outcome.title.ar).toMatch(/[\u0600-\u06FF]/);
    }
  }

  /** Whether the attempt's nonce was taken: a good token over it now is nonce-used, or goes through. */
  async function nonceTaken(webEid: WebEid, refused: AuthenticationAttempt): Promise<boolean> {
    const good = authToken({ certificate: card.der, algorithm: 'ES256', signature: cardSignature(card.privateKey, 'ES256', ORIGIN, refused.challengeNonce as string) });
    const outcome = await webEid.authenticate({ ...refused, token: good, requestOrigin: undefined });
    if (outcome.ok) return false;
    expect(outcome.code).toBe('nonce-used');
    return true;
  }

  beforeAll(async () => {
    [ca, foreign] = await Promise.all([openTestAuthority(), openTestAuthority()]);
    card = await ca.issueCard({ identity, cardExpiry });
  });
  beforeEach(() => {
    store = new MemoryNonceStore();
    ocspAsked = 0;
  });

  it('a token over another origin: signature-invalid (nonce taken, OCSP not asked); relayed by another site’s page: origin-mismatch (nonce left)', async () => {
    const webEid = service();
    const signedElsewhere = await attempt(webEid, { origin: 'https://evil.example' });
    expectRefused(await webEid.authenticate(signedElsewhere), 'signature-invalid');
    expect(ocspAsked).toBe(0);
    expect(await nonceTaken(webEid, signedElsewhere)).toBe(true);

    const relayed = await attempt(webEid, { origin: 'https://evil.example' });
    expectRefused(await webEid.authenticate({ ...relayed, requestOrigin: 'https://evil.example' }), 'origin-mismatch');
    expect(await nonceTaken(webEid, relayed)).toBe(false);
  });

  it('a replayed nonce: the first use is the only one (nonce-used, twice over, and OCSP asked once)', async () => {
    const webEid = service();
    const first = await attempt(webEid);
    expect((await webEid.authenticate(first)).ok).toBe(true);
    expect(ocspAsked).toBe(1);
    expectRefused(await webEid.authenticate(first), 'nonce-used');
    expectRefused(await webEid.authenticate({ ...first, requestOrigin: ORIGIN }), 'nonce-used');
    expect(ocspAsked).toBe(1);
  });

  it('a replayed nonce raced: of 20 attempts at once with one token, exactly one is approved', async () => {
    const webEid = service();
    const one = await attempt(webEid);
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => webEid.authenticate(one)));
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    for (const outcome of outcomes.filter((o) => !o.ok)) expectRefused(outcome, 'nonce-used');
  });

  it('an expired nonce: nonce-expired, and it stays refused', async () => {
    const quick = service({ nonceLifetimeSeconds: 0.2 });
    const late = await attempt(quick);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expectRefused(await quick.authenticate(late), 'nonce-expired');
    expectRefused(await quick.authenticate(late), 'nonce-expired');
    expect(ocspAsked).toBe(0);
  });

  it('a revoked certificate: certificate-revoked, found by asking OCSP (and the nonce is spent)', async () => {
    const webEid = service();
    const revoked = await ca.issueCard({ identity, cardExpiry });
    ca.revoke(revoked.serialHex);
    const tried = await attempt(webEid, { with: revoked });
    expectRefused(await webEid.authenticate(tried), 'certificate-revoked');
    expect(ocspAsked).toBe(1);
    expect(await nonceTaken(webEid, tried)).toBe(true);
  });

  it('a certificate from another CA (the same names, another key): certificate-untrusted, without asking OCSP', async () => {
    const webEid = service();
    const stranger = await foreign.issueCard({ identity, cardExpiry });
    expect(new X509Certificate(stranger.der).issuer).toBe(new X509Certificate(card.der).issuer);
    const tried = await attempt(webEid, { with: stranger });
    expectRefused(await webEid.authenticate(tried), 'certificate-untrusted');
    expect(ocspAsked).toBe(0);
    expect(await nonceTaken(webEid, tried)).toBe(true);
  });

  it('a card certificate past the card’s expiry: it ends with the card; the next instant it is certificate-expired', async () => {
    const notAfter = new Date(new X509Certificate(card.der).validTo);
    expect(Math.abs(notAfter.getTime() - cardExpiry.getTime())).toBeLessThan(86_400_000);
    // A second before, every certificate step and the signature pass: what stops it is the in-memory
    // responder's answer, made today and stale at that clock (a real responder answers at its own time).
    const before = service({ clock: () => new Date(notAfter.getTime() - 1000) });
    expect(await before.authenticate(await attempt(before))).toMatchObject({ ok: false, code: 'revocation-unavailable' });
    const after = service({ clock: () => new Date(notAfter.getTime() + 1000) });
    ocspAsked = 0;
    expectRefused(await after.authenticate(await attempt(after)), 'certificate-expired');
    expect(ocspAsked).toBe(0);
  });

  it('a signature by another key over the right origin and nonce: signature-invalid, without asking OCSP', async () => {
    const webEid = service();
    const tried = await attempt(webEid);
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const forged = { ...tried, token: { ...tried.token, signature: cardSignature(privateKey, 'ES256', ORIGIN, tried.challengeNonce as string) } };
    expectRefused(await webEid.authenticate(forged), 'signature-invalid');
    expect(ocspAsked).toBe(0);
    expect(await nonceTaken(webEid, tried)).toBe(true);
  });

  describe('a malformed token: token-invalid, with a detail that names what is wrong, and the nonce left for a good token', () => {
    const cases: Array<[string, (token: Record<string, unknown>) => unknown, RegExp]> = [
      ['no signature', ({ signature: _s, ...t }) => t, /^signature is missing$/],
      ['no certificate', ({ unverifiedCertificate: _c, ...t }) => t, /^unverifiedCertificate is missing$/],
      ['the algorithm a number', (t) => ({ ...t, algorithm: 256 }), /^algorithm is not a string$/],
      ['an unsupported algorithm', (t) => ({ ...t, algorithm: 'HS256' }), /^algorithm "HS256" is not supported$/],
      ['another format', (t) => ({ ...t, format: 'web-eid:2.0' }), /^format "web-eid:2.0" is not web-eid:1.0$/],
      ['a field too many', (t) => ({ ...t, nonce: 'x' }), /^unknown field "nonce"$/],
      ['a certificate in base64url', (t) => ({ ...t, unverifiedCertificate: `${String(t.unverifiedCertificate).slice(0, -4)}-_-_` }), /^unverifiedCertificate is not base64$/],
      ['an appVersion over http', (t) => ({ ...t, appVersion: 'http://web-eid.eu/x' }), /^appVersion is not an https URL$/],
      ['not JSON', () => `{"format":"web-eid:1.0"${' '.repeat(120)}`, /^token is not JSON$/],
      ['a JSON array', (t) => [t], /^token is not a JSON object$/],
    ];
    it.each(cases)('%s', async (_name, mutate, detail) => {
      const webEid = service();
      const tried = await attempt(webEid);
      const outcome = await webEid.authenticate({ ...tried, token: mutate({ ...tried.token }) });
      expectRefused(outcome, 'token-invalid');
      if (!outcome.ok) expect(outcome.detail).toMatch(detail);
      expect(await nonceTaken(webEid, tried)).toBe(false);
    });
  });
});
