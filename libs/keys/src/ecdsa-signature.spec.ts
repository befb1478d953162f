import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { ECDSA_COORDINATE_SIZE, EcdsaSignatureError, ecdsaDerToRaw, ecdsaRawToDer } from './ecdsa-signature';

describe('ECDSA signature conversion', () => {
  const data = Buffer.from('to be signed');

  it.each([
    ['ec-p256', 'prime256v1', 'sha256'],
    ['ec-p384', 'secp384r1', 'sha384'],
  ] as const)('round-trips %s signatures made by node:crypto in both encodings', (algorithm, namedCurve, hash) => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve });
    const size = ECDSA_COORDINATE_SIZE[algorithm];
    // Enough signatures that some r or s start with a high bit (needs a 0x00 in DER) or with zero bytes.
    for (let i = 0; i < 64; i++) {
      const raw = sign(hash, data, { key: privateKey, dsaEncoding: 'ieee-p1363' });
      const der = sign(hash, data, { key: privateKey, dsaEncoding: 'der' });
      expect(raw).toHaveLength(2 * size);
      const converted = ecdsaRawToDer(raw);
      expect(verify(hash, data, { key: publicKey, dsaEncoding: 'der' }, converted)).toBe(true);
      expect(ecdsaDerToRaw(converted, size)).toEqual(raw);
      const back = ecdsaDerToRaw(der, size);
      expect(verify(hash, data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, back)).toBe(true);
      expect(ecdsaRawToDer(back)).toEqual(der);
    }
  });

  it('writes and reads long-form lengths, as OpenSSL does for P-521 signatures', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'secp521r1' });
    let longForm = 0;
    for (let i = 0; i < 16; i++) {
      const der = sign('sha512', data, { key: privateKey, dsaEncoding: 'der' });
      const raw = ecdsaDerToRaw(der, 66);
      expect(verify('sha512', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, raw)).toBe(true);
      expect(ecdsaRawToDer(raw)).toEqual(der);
      if (der[1] === 0x81) longForm++;
    }
    expect(longForm).toBeGreaterThan(0);
  });

  it('adds a 0x00 before a high bit, strips leading zero bytes, and pads back on the way to raw', () => {
    const r = Buffer.alloc(32, 0);
    r[31] = 0x01; // r = 1: 31 leading zero bytes
    const s = Buffer.alloc(32, 0xff); // s has its high bit set
    const der = ecdsaRawToDer(Buffer.concat([r, s]));
    expect(der.toString('hex')).toBe(`3026020101022100${'ff'.repeat(32)}`);
    expect(ecdsaDerToRaw(der, 32)).toEqual(Buffer.concat([r, s]));
  });

  it('refuses malformed raw signatures', () => {
    expect(() => ecdsaRawToDer(Buffer.alloc(63, 1))).toThrow(EcdsaSignatureError);
    expect(() => ecdsaRawToDer(Buffer.alloc(0))).toThrow(EcdsaSignatureError);
    expect(() => ecdsaRawToDer(Buffer.concat([Buffer.alloc(32), Buffer.alloc(32, 1)]))).toThrow(/zero/);
  });

  it.each([
    ['a non-minimal INTEGER', '3007020200010201 01'],
    ['a negative INTEGER', '300602018102 0101'],
    ['a zero INTEGER', '3006020100020101'],
    ['a third element', '3009020101020101020101'],
    ['a missing s', '3003020101'],
    ['trailing bytes', '300602010102010100'],
    ['a BIT STRING instead of an INTEGER', '3006020101030101'],
    ['an r longer than the curve', `3026022101${'11'.repeat(32)}020101`],
    ['an indefinite length', '3080020101020101 0000'],
    ['a long-form length that fits the short form', '308106020101020101'],
    ['an r running past the SEQUENCE', '3006020501020101'],
  ])('refuses DER with %s', (_what, hex) => {
    expect(() => ecdsaDerToRaw(Buffer.from(hex.replace(/ /g, ''), 'hex'), 32)).toThrow(EcdsaSignatureError);
  });
});
