import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { readSubjectPublicKey } from './public-key';
import { ecSubjectPublicKeyInfo, NAMED_CURVE_OID } from './subject-public-key-info';

// The CA imports uncompressed EC points through WebCrypto's raw import (see public-key.ts): these pin
// down that this route still validates everything the DER and JWK routes did.
describe('EC public keys are validated on import', () => {
  const p256 = () => generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pointOf = (spki: Buffer) => spki.subarray(spki.length - 65);

  it('yields a key that verifies what its private key signed', async () => {
    for (const namedCurve of ['P-256', 'P-384']) {
      const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve });
      const imported = await readSubjectPublicKey(publicKey.export({ type: 'spki', format: 'der' }));
      const data = Buffer.from('CertificationRequestInfo');
      const signature = sign(namedCurve === 'P-256' ? 'sha256' : 'sha384', data, privateKey);
      expect(verify(namedCurve === 'P-256' ? 'sha256' : 'sha384', data, imported.key, signature)).toBe(true);
      expect(imported.key.asymmetricKeyDetails?.namedCurve).toBe(namedCurve === 'P-256' ? 'prime256v1' : 'secp384r1');
    }
  });

  it('refuses coordinates at or above the field prime', async () => {
    const point = Buffer.concat([Buffer.from([4]), Buffer.alloc(32, 0xff), Buffer.alloc(32, 0xff)]);
    await expect(readSubjectPublicKey(ecSubjectPublicKeyInfo(NAMED_CURVE_OID['ec-p256'], point))).rejects.toMatchObject({ code: 'csr-key-forbidden' });
  });

  it('refuses the all-zero point (not on P-256, and what an encoded infinity would decode to)', async () => {
    const point = Buffer.concat([Buffer.from([4]), Buffer.alloc(64)]);
    await expect(readSubjectPublicKey(ecSubjectPublicKeyInfo(NAMED_CURVE_OID['ec-p256'], point))).rejects.toMatchObject({ code: 'csr-key-forbidden' });
  });

  it('refuses a P-256 point declared as P-384, and a point of the wrong length', async () => {
    const point = pointOf(p256().publicKey.export({ type: 'spki', format: 'der' }));
    await expect(readSubjectPublicKey(ecSubjectPublicKeyInfo(NAMED_CURVE_OID['ec-p384'], point))).rejects.toMatchObject({ code: 'csr-key-forbidden' });
    await expect(readSubjectPublicKey(ecSubjectPublicKeyInfo(NAMED_CURVE_OID['ec-p256'], point.subarray(0, 64)))).rejects.toMatchObject({ code: 'csr-key-forbidden' });
  });

  it('accepts a compressed point through the DER route, and refuses a compressed x with no point', async () => {
    const { publicKey } = p256();
    const point = pointOf(publicKey.export({ type: 'spki', format: 'der' }));
    const compressed = Buffer.concat([Buffer.from([2 | (point[64] & 1)]), point.subarray(1, 33)]);
    const imported = await readSubjectPublicKey(ecSubjectPublicKeyInfo(NAMED_CURVE_OID['ec-p256'], compressed));
    expect(imported.key.export({ format: 'jwk' })).toEqual(publicKey.export({ format: 'jwk' }));
    // x = 1 has no y on P-256 (x³ - 3x + b is a quadratic non-residue mod p): no such point.
    const noPoint = Buffer.concat([Buffer.from([2]), Buffer.alloc(31), Buffer.from([1])]);
    await expect(readSubjectPublicKey(ecSubjectPublicKeyInfo(NAMED_CURVE_OID['ec-p256'], noPoint))).rejects.toMatchObject({ code: 'csr-key-forbidden' });
  });
});
