import { generateKeyPairSync } from 'node:crypto';
import { EC_PARAMS, ecPublicKeySpki, rsaPublicKeySpki } from './token-public-key';

describe('public keys from the parts a PKCS#11 token reports', () => {
  it.each([
    ['ec-p256', 'P-256'],
    ['ec-p384', 'P-384'],
  ] as const)('%s: the SPKI node:crypto exports, with the curve parameters a token is given', (algorithm, namedCurve) => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve });
    const spki = publicKey.export({ type: 'spki', format: 'der' });
    const { x, y } = publicKey.export({ format: 'jwk' });
    const point = Buffer.concat([Buffer.from([0x04]), Buffer.from(x!, 'base64url'), Buffer.from(y!, 'base64url')]);
    expect(ecPublicKeySpki(algorithm, point)).toEqual(spki);
    // After two SEQUENCE headers and the ecPublicKey OID (9 bytes) come the parameters: CKA_EC_PARAMS' bytes.
    const parametersAt = 2 + 2 + 9;
    expect(spki.subarray(parametersAt, parametersAt + EC_PARAMS[algorithm].length)).toEqual(EC_PARAMS[algorithm]);
  });

  it('refuses an EC point off the curve, compressed, or of the wrong curve', () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const { x, y } = publicKey.export({ format: 'jwk' });
    const point = Buffer.concat([Buffer.from([0x04]), Buffer.from(x!, 'base64url'), Buffer.from(y!, 'base64url')]);
    const offCurve = Buffer.from(point);
    offCurve[64] ^= 0x01;
    expect(() => ecPublicKeySpki('ec-p256', offCurve)).toThrow();
    expect(() => ecPublicKeySpki('ec-p256', Buffer.concat([Buffer.from([0x02]), point.subarray(1, 33)]))).toThrow();
    expect(() => ecPublicKeySpki('ec-p384', point)).toThrow();
  });

  it.each([2048, 3072])('RSA %i: the SPKI node:crypto exports, even from a modulus with a leading zero byte', (modulusLength) => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength, publicExponent: 65537 });
    const { n, e } = publicKey.export({ format: 'jwk' });
    const spki = publicKey.export({ type: 'spki', format: 'der' });
    expect(rsaPublicKeySpki(Buffer.from(n!, 'base64url'), Buffer.from(e!, 'base64url'))).toEqual(spki);
    expect(rsaPublicKeySpki(Buffer.concat([Buffer.from([0]), Buffer.from(n!, 'base64url')]), Buffer.from([1, 0, 1]))).toEqual(spki);
  });
});
