import { generateKeyPairSync, sign } from 'node:crypto';
import { bitString, implicitConstructed, nullValue, oid, sequence, smallInteger, utf8String } from '../der/der-writer';
import { signatureAlgorithmIdentifier } from '../der/algorithm-identifier';
import { keyIdentifier, keyIdentifierOfBits } from '../certificate/extensions';
import { verifyCsr } from './certification-request';
import { readSubjectPublicKey } from './public-key';

// verifyCsr walks the request field by field; these pin down that it is as strict as a full DER walk.
describe('verifyCsr reads PKCS#10 strictly', () => {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const signInfo = (info: Buffer) => sign('sha256', info, { key: privateKey, dsaEncoding: 'der' });
  const algorithm = signatureAlgorithmIdentifier('ecdsa-with-SHA256');
  const attributes = implicitConstructed(0, Buffer.alloc(0));
  const request = (info: Buffer, options: { algorithm?: Buffer; signature?: Buffer; after?: Buffer[] } = {}) =>
    sequence(info, options.algorithm ?? algorithm, options.signature ?? bitString(signInfo(info)), ...(options.after ?? []));

  it('accepts a well-formed request, and ignores a well-formed field after the attributes as before', async () => {
    await expect(verifyCsr(request(sequence(smallInteger(0), sequence(), spki, attributes)))).resolves.toMatchObject({ publicKey: { algorithm: 'ec-p256' } });
    await expect(verifyCsr(request(sequence(smallInteger(0), sequence(), spki, attributes, nullValue())))).resolves.toMatchObject({ publicKey: { algorithm: 'ec-p256' } });
  });

  it.each([
    ['a field after the signature', () => request(sequence(smallInteger(0), sequence(), spki, attributes), { after: [nullValue()] })],
    ['version 1', () => request(sequence(smallInteger(1), sequence(), spki, attributes))],
    ['no attributes', () => request(sequence(smallInteger(0), sequence(), spki))],
    ['attributes with a wrong tag', () => request(sequence(smallInteger(0), sequence(), spki, sequence()))],
    ['a subject that is not a SEQUENCE', () => request(sequence(smallInteger(0), utf8String('CN=x'), spki, attributes))],
    ['a truncated field after the attributes', () => request(sequence(smallInteger(0), sequence(), spki, attributes, Buffer.from([0x05, 0x02, 0x00])))],
    ['an empty signature algorithm', () => request(sequence(smallInteger(0), sequence(), spki, attributes), { algorithm: sequence() })],
    ['a malformed signature algorithm parameter', () => request(sequence(smallInteger(0), sequence(), spki, attributes), { algorithm: sequence(oid('1.2.840.10045.4.3.2'), Buffer.from([0x05, 0x05])) })],
    ['an unknown signature algorithm', () => request(sequence(smallInteger(0), sequence(), spki, attributes), { algorithm: sequence(oid('1.2.3.4')) })],
    ['a signature with unused bits', () => request(sequence(smallInteger(0), sequence(), spki, attributes), { signature: bitString(Buffer.alloc(70, 1), 3) })],
    ['an empty signature BIT STRING', () => request(sequence(smallInteger(0), sequence(), spki, attributes), { signature: Buffer.from([0x03, 0x00]) })],
  ])('refuses %s as csr-malformed', async (_, make) => {
    await expect(verifyCsr(make())).rejects.toMatchObject({ code: 'csr-malformed' });
  });

  it('names an unknown signature algorithm by its dotted OID', async () => {
    await expect(verifyCsr(request(sequence(smallInteger(0), sequence(), spki, attributes), { algorithm: sequence(oid('1.2.3.4')) }))).rejects.toThrow(/1\.2\.3\.4/);
  });
});

// Uncompressed named-curve keys are recognised by their fixed DER bytes; everything else by walking the DER.
describe('readSubjectPublicKey: both routes agree', () => {
  it.each(['P-256', 'P-384'])('%s: the key bits and key identifier are those of the DER walk', async (namedCurve) => {
    const spki = generateKeyPairSync('ec', { namedCurve }).publicKey.export({ type: 'spki', format: 'der' });
    const key = await readSubjectPublicKey(spki);
    expect(key.algorithm).toBe(namedCurve === 'P-256' ? 'ec-p256' : 'ec-p384');
    expect(key.keyBits.equals(spki.subarray(spki.length - key.keyBits.length))).toBe(true);
    expect(key.keyBits[0]).toBe(0x04);
    expect(keyIdentifierOfBits(key.keyBits).equals(keyIdentifier(spki))).toBe(true);
  });

  it('an RSA key carries its BIT STRING bits too', async () => {
    const spki = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'der' });
    const key = await readSubjectPublicKey(spki);
    expect(key.algorithm).toBe('rsa-2048');
    expect(keyIdentifierOfBits(key.keyBits).equals(keyIdentifier(spki))).toBe(true);
  });
});
