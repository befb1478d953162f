import { execFileSync } from 'node:child_process';
import { createHash, generateKeyPairSync, randomBytes, sign, verify } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toolIsAvailable } from '@theqa/testing';
import {
  answerSigningBytes,
  buildDeviceKeyRequest,
  decodeChallenge,
  decodeQrPayload,
  documentCode,
  DOCUMENT_CODE_ALPHABET,
  DOCUMENT_CODE_PATTERN,
  isSigningContext,
  signedAttributesOf,
  encodeQrPayload,
  toPem as pem,
  deviceSerialFrom,
  encodeChallenge,
  fromBase64url,
  isDeviceSerial,
  pinProofMessage,
  pinRefusal,
  readDeviceAnswer,
  readLoginScan,
  loginScanSigningBytes,
  readSignedCardData,
  toBase64url,
  trivialPins,
  ProtocolFormatError,
  type DeviceChallenge,
} from './index';

const itWithOpenssl = toolIsAvailable('openssl') ? it : it.skip;

const challenge: DeviceChallenge = {
  v: 'theqa-device/1',
  id: toBase64url(randomBytes(16)),
  purpose: 'pin-change',
  device: 'THQ-7K3M-9PXD',
  nonce: toBase64url(randomBytes(32)),
  issued_at: '2026-11-22T08:00:00.000Z',
  expires_at: '2026-11-22T08:02:00.000Z',
  requires_pin: true,
  display: { ar: 'تغيير الرقم السري', en: 'Change your PIN' },
};

describe('base64url', () => {
  it('round-trips every length and matches Node', () => {
    for (let n = 0; n < 40; n++) {
      const bytes = randomBytes(n);
      expect(toBase64url(bytes)).toBe(bytes.toString('base64url'));
      expect(Buffer.from(fromBase64url(bytes.toString('base64url'))).equals(bytes)).toBe(true);
    }
  });
  it('refuses padding, other alphabets and non-canonical trailing bits', () => {
    for (const bad of ['ab==', 'a+b/', 'abc d', 'a', 'AB']) expect(() => fromBase64url(bad)).toThrow(ProtocolFormatError);
  });
});

describe('PIN rules', () => {
  const person = { civilNumber: '12345678', dateOfBirth: '1990-04-17', phoneNumber: '+96891234567' };
  it.each(['111111', '123456', '654321', '121212', '123123', '170490', '900417', '345678', '234567', '919191'])('refuses %s', (pin) => {
    expect(pinRefusal(pin, person)).toBe('pin-trivial');
  });
  it.each(['12345', '1234567', '12a456', ' 12345', ''])('refuses the malformed %j', (pin) => expect(pinRefusal(pin, person)).toBe('pin-format'));
  it('accepts an ordinary PIN and leaves most of the space open', () => {
    expect(pinRefusal('583920', person)).toBeUndefined();
    expect(trivialPins(person).size).toBeLessThan(1300);
  });
  it('refuses every six digits of the phone number, the national number included (+968 95882839 → 958828)', () => {
    const omani = { civilNumber: '12345678', phoneNumber: '+96895882839' };
    for (const pin of ['958828', '588283', '882839', '968958', '689588', '895882']) expect(pinRefusal(pin, omani)).toBe('pin-trivial');
    // Written as the person gives it, with spaces: the same digits.
    expect(pinRefusal('958828', { civilNumber: '12345678', phoneNumber: '+968 9588 2839' })).toBe('pin-trivial');
    expect(pinRefusal('583920', omani)).toBeUndefined();
  });
  it('refuses every six digits of the civil number', () => {
    for (const pin of ['102938', '029384', '293847', '938475']) expect(pinRefusal(pin, { civilNumber: '102938475' })).toBe('pin-trivial');
  });
  it('proofs differ by person and PIN', () => {
    const proof = (civil: string, pin: string) => createHash('sha256').update(pinProofMessage(civil, pin)).digest('base64url');
    expect(proof('12345678', '583920')).not.toBe(proof('12345679', '583920'));
    expect(proof('12345678', '583920')).not.toBe(proof('12345678', '583921'));
    expect(proof('12345678', '583920')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe('device serials', () => {
  it('are well formed and readable', () => {
    const serials = new Set(Array.from({ length: 200 }, () => deviceSerialFrom(randomBytes(8))));
    expect(serials.size).toBe(200);
    for (const s of serials) expect(isDeviceSerial(s)).toBe(true);
    expect(isDeviceSerial('THQ-ILOU-0000')).toBe(false);
  });
});

describe('challenges and answers', () => {
  it('decode exactly what was encoded and refuse any re-encoding', () => {
    const { payload } = encodeChallenge(challenge);
    expect(decodeChallenge(payload)).toEqual(challenge);
    const pretty = Buffer.from(JSON.stringify(challenge, null, 1)).toString('base64url');
    expect(() => decodeChallenge(pretty)).toThrow(/canonical/);
    expect(() => decodeChallenge(toBase64url(Buffer.from(JSON.stringify({ ...challenge, extra: 1 }))))).toThrow(/unexpected/);
  });

  it('a signature over the answer covers the challenge bytes and every field', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const { payload } = encodeChallenge(challenge);
    const unsigned = { v: 'theqa-device/1' as const, challenge: payload, device: challenge.device, decision: 'approve' as const, pin_proof: toBase64url(randomBytes(32)) };
    const signature = sign('sha256', answerSigningBytes(unsigned), { key: privateKey, dsaEncoding: 'ieee-p1363' });
    const answer = readDeviceAnswer({ ...unsigned, signature: toBase64url(signature) });
    expect(verify('sha256', answerSigningBytes(answer), { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature)).toBe(true);
    const altered = { ...answer, decision: 'deny' as const };
    expect(verify('sha256', answerSigningBytes(altered), { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature)).toBe(false);
    expect(() => readDeviceAnswer({ ...answer, pin: '123456' })).toThrow(/unexpected fields pin/);
  });

  it('signed card data must have its three fields and nothing else', () => {
    const ok = { format: 'theqa-signed-card-data/1', data: 'YQ', signature: 'Yg', signer_certificate: 'Yw' };
    expect(readSignedCardData(ok)).toEqual(ok);
    expect(() => readSignedCardData({ ...ok, format: 'x' })).toThrow(ProtocolFormatError);
    expect(() => readSignedCardData({ ...ok, data: 'a b' })).toThrow(ProtocolFormatError);
    expect(() => readSignedCardData({ ...ok, more: 'x' })).toThrow(ProtocolFormatError);
  });
});

describe('device key requests', () => {
  itWithOpenssl('builds a PKCS#10 request that node:crypto and openssl accept, from a P1363 signer as WebCrypto has', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const spki = publicKey.export({ type: 'spki', format: 'der' });
    for (let i = 0; i < 20; i++) {
      const csr = await buildDeviceKeyRequest(spki, (data) => sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' }));
      const out = execFileSync('openssl', ['req', '-verify', '-noout', '-inform', 'PEM'], { input: pem('CERTIFICATE REQUEST', csr), stdio: ['pipe', 'pipe', 'pipe'] });
      expect(out.toString() + '').toBeDefined();
    }
    const csr = await buildDeviceKeyRequest(spki, (data) => sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' }));
    const text = execFileSync('openssl', ['req', '-verify', '-noout', '-text', '-inform', 'DER'], { input: Buffer.from(csr), stdio: ['pipe', 'pipe', 'pipe'] }).toString();
    expect(text).toMatch(/ecdsa-with-SHA256/);
    expect(text).toMatch(/prime256v1|P-256/);
  });
});

describe('the library itself', () => {
  it('uses no Node API outside its tests, so the web wallet can load it', () => {
    for (const file of readdirSync(__dirname).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))) {
      const source = readFileSync(join(__dirname, file), 'utf8');
      expect({ file, node: /from 'node:|require\(|\bBuffer\b|\bprocess\./.test(source) }).toEqual({ file, node: false });
    }
  });
});

describe('QR payloads and signing requests', () => {
  const qr = { v: 'theqa-device/1' as const, kind: 'login' as const, request: toBase64url(randomBytes(16)), server: 'https://theqa.example.om', expires_at: '2026-11-22T08:02:00.000Z' };

  it('a QR payload decodes to exactly what was encoded, fits a small QR code, and refuses variants', () => {
    const text = encodeQrPayload(qr);
    expect(text.startsWith('theqa:')).toBe(true);
    expect(text.length).toBeLessThanOrEqual(213); // a version-10 QR code at level M holds 213 bytes
    expect(decodeQrPayload(text)).toEqual(qr);
    expect(() => decodeQrPayload(text.replace('theqa:', 'http:'))).toThrow(ProtocolFormatError);
    expect(() => encodeQrPayload({ ...qr, server: 'https://evil.example/path' })).toThrow(/server/);
    expect(() => decodeQrPayload('theqa:' + toBase64url(Buffer.from(JSON.stringify({ ...qr, pin: '1' }))))).toThrow(/unexpected/);
    expect(() => decodeQrPayload('theqa:' + toBase64url(Buffer.from(JSON.stringify(qr, null, 2))))).toThrow(/canonical/);
  });

  it('the document code is four unambiguous characters of the signed attributes, and a signing context must carry its own', async () => {
    const sha = (data: Uint8Array) => createHash('sha256').update(data).digest();
    const attributes = randomBytes(180);
    const code = await documentCode(attributes, sha);
    expect(code).toMatch(DOCUMENT_CODE_PATTERN);
    expect(await documentCode(attributes, sha)).toBe(code);
    const flipped = Buffer.from(attributes);
    flipped[179] ^= 1;
    expect(await documentCode(flipped, sha)).not.toBe(code);
    // Over many inputs every character of the alphabet turns up in every position (no biased position).
    const seen = [new Set<string>(), new Set<string>(), new Set<string>(), new Set<string>()];
    for (let i = 0; i < 2000; i++) [...(await documentCode(randomBytes(32), sha))].forEach((c, p) => seen[p].add(c));
    for (const position of seen) expect(position.size).toBe(DOCUMENT_CODE_ALPHABET.length);

    const context = {
      request: toBase64url(randomBytes(16)),
      relying_party: { ar: 'نقل', en: 'Naql' },
      document: { name: { ar: 'عقد', en: 'Contract' }, sha256: createHash('sha256').update('a contract').digest('hex'), pages: 2, bytes: 5120 },
      code,
      signed_attributes: toBase64url(attributes),
    };
    expect(isSigningContext(context)).toBe(true);
    expect(Buffer.from(await signedAttributesOf(context, sha))).toEqual(attributes);
    await expect(signedAttributesOf({ ...context, signed_attributes: toBase64url(flipped) }, sha)).rejects.toThrow(/code/);
    for (const bad of [{ ...context, code: '12' }, { ...context, code: 'O0I1' }, { ...context, extra: 1 }, { ...context, document: { ...context.document, pages: 0 } }, { ...context, relying_party: 'Naql' }]) {
      expect(isSigningContext(bad)).toBe(false);
    }
  });
});

describe('login approval messages', () => {
  const login = {
    request: 'AAAAAAAAAAAAAAAAAAAAAA',
    relying_party: { ar: 'نقل', en: 'Naql' },
    claims: [{ claim: 'civil_number', ar: 'الرقم المدني', en: 'Civil number' }],
    purpose: { ar: 'التحقق', en: 'Verification' },
    codes: ['12', '47', '90'],
  };
  const base = {
    v: 'theqa-device/1' as const,
    id: 'BBBBBBBBBBBBBBBBBBBBBB',
    purpose: 'login' as const,
    device: 'THQ-7K3M-9PXD',
    nonce: 'C'.repeat(43),
    issued_at: '2026-12-06T10:00:00.000Z',
    expires_at: '2026-12-06T10:02:00.000Z',
    requires_pin: true,
    display: { ar: 'تسجيل الدخول', en: 'Log in' },
  };

  it('a login challenge carries its context and round-trips', () => {
    const { payload } = encodeChallenge({ ...base, login });
    expect(decodeChallenge(payload).login).toEqual(login);
  });

  it('refuses a login challenge without context, with two codes, or with both codes and a binding message', () => {
    expect(() => encodeChallenge(base)).toThrow(/login/);
    expect(() => encodeChallenge({ ...base, login: { ...login, codes: ['12', '47'] } })).toThrow(/login/);
    expect(() => encodeChallenge({ ...base, login: { ...login, codes: ['12', '12', '90'] } })).toThrow(/login/);
    expect(() => encodeChallenge({ ...base, login: { ...login, binding_message: 'X' } })).toThrow(/login/);
    expect(() => encodeChallenge({ ...base, purpose: 'pin-check', login })).toThrow(/login/);
  });

  it('the picked code is inside the signed bytes of the answer', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const unsigned = { v: 'theqa-device/1' as const, challenge: 'x', device: 'THQ-7K3M-9PXD', decision: 'approve' as const, code: '47' };
    const signature = sign('sha256', answerSigningBytes(unsigned), { key: privateKey, dsaEncoding: 'ieee-p1363' });
    expect(verify('sha256', answerSigningBytes({ ...unsigned, code: '12' }), { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature)).toBe(false);
    expect(() => readDeviceAnswer({ ...unsigned, code: '7', signature: toBase64url(signature) })).toThrow(/code/);
  });

  it('a scan is signed over its request and device', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const unsigned = { v: 'theqa-device/1' as const, request: 'AAAAAAAAAAAAAAAAAAAAAA', device: 'THQ-7K3M-9PXD' };
    const signature = toBase64url(sign('sha256', loginScanSigningBytes(unsigned), { key: privateKey, dsaEncoding: 'ieee-p1363' }));
    const scan = readLoginScan({ ...unsigned, signature });
    expect(verify('sha256', loginScanSigningBytes({ ...scan, request: 'BBBBBBBBBBBBBBBBBBBBBB' }), { key: publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(fromBase64url(signature)))).toBe(false);
    expect(() => readLoginScan({ ...scan, extra: 1 })).toThrow(/unexpected fields extra/);
  });
});
