import { createPublicKey, generateKeyPairSync, createSign } from 'node:crypto';
import { bigInteger, explicit, generalizedTime, namedBits, oid, sequence, smallInteger, unsignedInteger, utf8String, x509Time, encodeLength } from './der-writer';
import { children, decodeOid, readRoot, content, DerError } from './der-reader';
import { readSubjectPublicKey } from '../csr/public-key';

describe('DER writer', () => {
  it('encodes lengths in the minimal form', () => {
    expect(encodeLength(0x7f)).toEqual(Buffer.from([0x7f]));
    expect(encodeLength(0x80)).toEqual(Buffer.from([0x81, 0x80]));
    expect(encodeLength(0x1234)).toEqual(Buffer.from([0x82, 0x12, 0x34]));
    expect(encodeLength(0x123456)).toEqual(Buffer.from([0x83, 0x12, 0x34, 0x56]));
  });

  it('encodes integers as positive, minimal two-complement', () => {
    expect(smallInteger(0).toString('hex')).toBe('020100');
    expect(smallInteger(127).toString('hex')).toBe('02017f');
    expect(smallInteger(128).toString('hex')).toBe('02020080');
    expect(unsignedInteger(Buffer.from('0000ff', 'hex')).toString('hex')).toBe('020200ff');
    expect(bigInteger(2n ** 64n).toString('hex')).toBe('0209010000000000000000');
  });

  it('encodes OIDs, including large arcs, and reads them back', () => {
    expect(oid('1.2.840.10045.4.3.2').toString('hex')).toBe('06082a8648ce3d040302');
    expect(oid('2.5.29.15').toString('hex')).toBe('0603551d0f');
    for (const dotted of ['1.3.6.1.5.5.7.48.1', '2.999.1', '1.3.6.1.4.1.311.21.20', '0.4.0.1862.1.6.1']) {
      expect(decodeOid(oid(dotted).subarray(2))).toBe(dotted);
    }
    expect(() => oid('3.1')).toThrow();
  });

  it('encodes named bit strings as RFC 5280 key usage expects', () => {
    expect(namedBits([0]).toString('hex')).toBe('03020780'); // digitalSignature
    expect(namedBits([5, 6]).toString('hex')).toBe('03020106'); // keyCertSign, cRLSign
    expect(namedBits([0, 8]).toString('hex')).toBe('0303078080'); // digitalSignature, decipherOnly
  });

  it('chooses UTCTime before 2050 and GeneralizedTime after', () => {
    expect(x509Time(new Date('2026-11-22T10:20:30.999Z')).toString('latin1').slice(2)).toBe('261122102030Z');
    expect(x509Time(new Date('2050-01-01T00:00:00Z'))[0]).toBe(0x18);
    expect(generalizedTime(new Date('2026-01-02T03:04:05Z')).toString('latin1').slice(2)).toBe('20260102030405Z');
  });

  it('produces structures that OpenSSL (through node:crypto) accepts: a signed SubjectPublicKeyInfo round trip', () => {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const spki = publicKey.export({ type: 'spki', format: 'der' });
    const rebuilt = sequence(sequence(oid('1.2.840.10045.2.1'), oid('1.2.840.10045.3.1.7')), children(spki, readRoot(spki)).map((c) => spki.subarray(c.start, c.end))[1]);
    expect(rebuilt.equals(spki)).toBe(true);
    const body = sequence(explicit(0, utf8String('ثقة')), smallInteger(5));
    const signature = createSign('sha256').update(body).sign(privateKey);
    expect(createPublicKey({ key: rebuilt, format: 'der', type: 'spki' }).type).toBe('public');
    expect(signature.length).toBeGreaterThan(60);
  });
});

describe('DER reader', () => {
  it('refuses non-DER and truncated input', () => {
    expect(() => readRoot(Buffer.from('3080', 'hex'))).toThrow(DerError); // indefinite length
    expect(() => readRoot(Buffer.from('300500', 'hex'))).toThrow(DerError); // truncated
    expect(() => readRoot(Buffer.from('30810100', 'hex'))).toThrow(DerError); // non-minimal length
    expect(() => readRoot(Buffer.from('30000000', 'hex'))).toThrow(DerError); // trailing bytes
  });

  it('walks nested structures', () => {
    const der = sequence(smallInteger(1), sequence(utf8String('a'), utf8String('b')));
    const root = readRoot(der);
    const [first, second] = children(der, root);
    expect(content(der, first)).toEqual(Buffer.from([1]));
    expect(children(der, second).map((c) => content(der, c).toString())).toEqual(['a', 'b']);
  });
});

describe('EC public keys from CSRs', () => {
  it('imports P-256 and P-384 keys and refuses a point that is not on the curve', async () => {
    for (const namedCurve of ['P-256', 'P-384']) {
      const { publicKey } = generateKeyPairSync('ec', { namedCurve });
      const spki = publicKey.export({ type: 'spki', format: 'der' });
      const imported = await readSubjectPublicKey(spki);
      expect(imported.key.export({ type: 'spki', format: 'der' }).equals(spki)).toBe(true);
      const offCurve = Buffer.from(spki);
      offCurve[offCurve.length - 1] ^= 0x01;
      await expect(readSubjectPublicKey(offCurve)).rejects.toThrow(/not a valid point/);
    }
  });
});
