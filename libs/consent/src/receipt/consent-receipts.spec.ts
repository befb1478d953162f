import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { base64url, createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { ConsentError, ConsentReceipts, verifyConsentReceipt, type ConsentRecord, type EcPublicJwk, type ReceiptKey } from '../index';

const purpose = { ar: 'تقديم خدمات النقل', en: 'Providing transport services' };
const naql = { ar: 'نقل', en: 'Naql' };

function softwareKey(): ReceiptKey & { privateKey: ReturnType<typeof generateKeyPairSync>['privateKey'] } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const { kty, crv, x, y } = publicKey.export({ format: 'jwk' });
  return { privateKey, publicJwk: { kty, crv, x, y } as EcPublicJwk, sign: async (data) => sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' }) };
}

function consent(overrides: Partial<ConsentRecord> = {}): ConsentRecord {
  return {
    id: '3f0c8f0e-6a43-4c59-9d1e-2b7f4a8e9c10',
    civilNumber: '87654321',
    clientId: 'naql-demo',
    claims: ['civil_number', 'full_name_ar', 'date_of_birth'],
    purpose,
    grantedAt: new Date('2026-03-01T08:00:00Z'),
    expiresAt: new Date('2027-03-01T08:00:00Z'),
    ...overrides,
  };
}

function receiptsOf(records: ConsentRecord[], key = softwareKey(), now = new Date('2026-04-02T10:30:00.123Z'), others: ReceiptKey[] = []) {
  const byId = new Map(records.map((r) => [r.id, r]));
  const receipts = new ConsentReceipts({
    consents: { find: async (id) => byId.get(id) },
    controllers: { find: async (clientId) => (clientId === 'naql-demo' ? { name: naql } : undefined) },
    keys: { current: async () => key, published: async () => [key, ...others] },
    issuer: { id: 'https://theqa.example', name: { ar: 'ثقة', en: 'Theqa' } },
    withdrawalUrl: 'https://theqa.example/portal',
    jurisdiction: 'OM',
    clock: () => now,
  });
  return { receipts, key };
}

const payloadOf = (jws: string) => JSON.parse(Buffer.from(base64url.decode(jws.split('.')[1])).toString('utf8'));

describe('consent receipts', () => {
  it('carry the fields of ISO/IEC TS 27560 for a consent in force, signed ES256 under the key’s thumbprint', async () => {
    const { receipts, key } = receiptsOf([consent()]);
    const { jws, fileName } = await receipts.issue('3f0c8f0e-6a43-4c59-9d1e-2b7f4a8e9c10', '87654321');
    expect(fileName).toBe('consent-receipt-naql-demo-20260402T103000Z.jwt');
    // RFC 7638: SHA-256 of the required members in lexicographic order, no whitespace.
    const { crv, kty, x, y } = key.publicJwk;
    const thumbprint = createHash('sha256').update(JSON.stringify({ crv, kty, x, y })).digest('base64url');
    expect(decodeProtectedHeader(jws)).toEqual({ alg: 'ES256', typ: 'consent-receipt+jwt', kid: thumbprint });
    const receipt = payloadOf(jws);
    expect(receipt).toMatchObject({
      iss: 'https://theqa.example',
      sub: '87654321',
      iat: Math.floor(Date.parse('2026-04-02T10:30:00.123Z') / 1000),
      schema_version: 'theqa-consent-receipt/1',
      conforms_to: 'ISO/IEC TS 27560:2023',
      receipt: { issued_at: '2026-04-02T10:30:00.123Z', issuer: { id: 'https://theqa.example', name: { ar: 'ثقة', en: 'Theqa' } } },
      record_id: '3f0c8f0e-6a43-4c59-9d1e-2b7f4a8e9c10',
      pii_principal_id: '87654321',
      language: ['ar', 'en'],
      jurisdiction: 'OM',
      pii_controllers: [{ id: 'naql-demo', name: naql, role: 'pii-controller' }],
      processing: {
        purposes: [{ description: purpose, lawful_basis: 'consent' }],
        pii_categories: [
          { id: 'civil_number', label: { ar: 'رقم المدني', en: 'Civil number' } },
          { id: 'full_name_ar', label: { ar: 'الاسم الكامل العربي', en: 'Full name (Arabic)' } },
          { id: 'date_of_birth', label: { ar: 'تاريخ الميلاد', en: 'Date of birth' } },
        ],
        recipients: ['naql-demo'],
        privacy_notice: { presented_at: '2026-03-01T08:00:00.000Z' },
        withdrawal_method: { url: 'https://theqa.example/portal' },
      },
      consent: {
        type: 'expressed',
        state: 'given',
        given_at: '2026-03-01T08:00:00.000Z',
        expires_at: '2027-03-01T08:00:00.000Z',
        withdrawn_at: null,
        replaced_at: null,
        events: [{ state: 'given', at: '2026-03-01T08:00:00.000Z' }],
      },
    });
    expect(receipt.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(receipt.receipt.id).toBe(receipt.jti);
    expect(receipt.processing.privacy_notice.title.en).toBe('Consent to the processing of your data');
    expect(receipt.processing.collection_method.ar).toContain('السجل المدني');
  });

  it('show the withdrawal once the consent is withdrawn, and how a consent ended otherwise', async () => {
    const withdrawnAt = new Date('2026-03-20T12:00:00Z');
    const { receipts } = receiptsOf([
      consent({ withdrawnAt }),
      consent({ id: '00000000-0000-4000-8000-000000000002', replacedAt: new Date('2026-03-10T09:00:00Z') }),
      consent({ id: '00000000-0000-4000-8000-000000000003', expiresAt: new Date('2026-04-01T00:00:00Z') }),
    ]);
    const withdrawn = payloadOf((await receipts.issue('3f0c8f0e-6a43-4c59-9d1e-2b7f4a8e9c10', '87654321')).jws).consent;
    expect(withdrawn).toMatchObject({
      state: 'withdrawn',
      withdrawn_at: '2026-03-20T12:00:00.000Z',
      events: [
        { state: 'given', at: '2026-03-01T08:00:00.000Z' },
        { state: 'withdrawn', at: '2026-03-20T12:00:00.000Z' },
      ],
    });
    const replaced = payloadOf((await receipts.issue('00000000-0000-4000-8000-000000000002', '87654321')).jws).consent;
    expect(replaced).toMatchObject({ state: 'replaced', replaced_at: '2026-03-10T09:00:00.000Z', withdrawn_at: null });
    expect(replaced.events.map((e: { state: string }) => e.state)).toEqual(['given', 'replaced']);
    const expired = payloadOf((await receipts.issue('00000000-0000-4000-8000-000000000003', '87654321')).jws).consent;
    expect(expired).toMatchObject({ state: 'expired', events: [{ state: 'given' }, { state: 'expired', at: '2026-04-01T00:00:00.000Z' }] });
  });

  it('verify with the published key set in any JOSE library, and with verifyConsentReceipt', async () => {
    const older = softwareKey();
    const { receipts } = receiptsOf([consent()], softwareKey(), undefined, [older]);
    const { jws } = await receipts.issue('3f0c8f0e-6a43-4c59-9d1e-2b7f4a8e9c10', '87654321');
    const published = await receipts.publicKeys();
    expect(published.keys).toHaveLength(2);
    for (const key of published.keys) expect(Object.keys(key).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y']);
    const verified = await jwtVerify(jws, createLocalJWKSet(JSON.parse(JSON.stringify(published))), { typ: 'consent-receipt+jwt', algorithms: ['ES256'], issuer: 'https://theqa.example' });
    expect(verified.payload.sub).toBe('87654321');
    const checked = await verifyConsentReceipt(jws, published);
    expect(checked.kid).toBe(published.keys[0].kid);
    expect(checked.receipt.record_id).toBe('3f0c8f0e-6a43-4c59-9d1e-2b7f4a8e9c10');
  });

  it('refuse a tampered receipt, one signed by another key, and what is not a receipt', async () => {
    const { receipts } = receiptsOf([consent()]);
    const { jws } = await receipts.issue('3f0c8f0e-6a43-4c59-9d1e-2b7f4a8e9c10', '87654321');
    const keys = await receipts.publicKeys();
    const [header, payload, signature] = jws.split('.');
    const code = (promise: Promise<unknown>) => promise.then(() => 'verified', (error: ConsentError) => error.code);

    const altered = { ...payloadOf(jws), pii_principal_id: '11111111' };
    expect(await code(verifyConsentReceipt(`${header}.${base64url.encode(JSON.stringify(altered))}.${signature}`, keys))).toBe('receipt-signature-invalid');

    // Another key that claims the platform's kid, and another key under its own kid.
    const impostor = softwareKey();
    const forged = `${header}.${payload}`;
    const forgedSignature = base64url.encode(await impostor.sign(Buffer.from(forged)));
    expect(await code(verifyConsentReceipt(`${forged}.${forgedSignature}`, keys))).toBe('receipt-signature-invalid');
    const other = receiptsOf([consent()], impostor).receipts;
    expect(await code(verifyConsentReceipt((await other.issue('3f0c8f0e-6a43-4c59-9d1e-2b7f4a8e9c10', '87654321')).jws, keys))).toBe('receipt-key-unknown');

    expect(await code(verifyConsentReceipt('not a receipt', keys))).toBe('receipt-malformed');
    expect(await code(verifyConsentReceipt(`${header}.${payload}`, keys))).toBe('receipt-malformed');
    const idToken = `${base64url.encode(JSON.stringify({ ...decodeProtectedHeader(jws), typ: 'JWT' }))}.${payload}.${signature}`;
    expect(await code(verifyConsentReceipt(idToken, keys))).toBe('receipt-malformed');
    expect(await code(verifyConsentReceipt(jws, { keys: 'none' }))).toBe('receipt-keys-invalid');
  });

  it('refuse another person’s consent as they refuse an unknown one', async () => {
    const { receipts } = receiptsOf([consent()]);
    for (const [id, civilNumber] of [
      ['3f0c8f0e-6a43-4c59-9d1e-2b7f4a8e9c10', '12345678'],
      ['00000000-0000-4000-8000-00000000dead', '87654321'],
      ["1' OR '1'='1", '87654321'],
    ]) {
      const refusal = await receipts.issue(id, civilNumber).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(ConsentError);
      expect(refusal).toMatchObject({ code: 'consent-unknown', message: expect.stringMatching(/^no consent with id /) });
    }
  });

  it('name a relying party the registry no longer holds by its client id', async () => {
    const { receipts } = receiptsOf([consent({ clientId: 'gone-service' })]);
    const receipt = payloadOf((await receipts.issue('3f0c8f0e-6a43-4c59-9d1e-2b7f4a8e9c10', '87654321')).jws);
    expect(receipt.pii_controllers).toEqual([{ id: 'gone-service', name: { ar: 'gone-service', en: 'gone-service' }, role: 'pii-controller' }]);
  });
});
