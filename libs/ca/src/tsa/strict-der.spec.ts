import { DerError } from '../der/der-reader';
import { oid } from '../der/der-writer';
import { signedInteger, strictBoolean, strictInteger, strictOid } from './strict-der';

describe('strict DER primitives', () => {
  it('round-trips INTEGERs of both signs in minimal form', () => {
    for (const value of [0n, 1n, 127n, 128n, 255n, 256n, -1n, -128n, -129n, -256n, -32768n, -32769n, 2n ** 64n, -(2n ** 64n)]) {
      const der = signedInteger(value);
      expect(der[1]).toBe(der.length - 2);
      expect(strictInteger(der.subarray(2))).toBe(value);
    }
    expect(signedInteger(128n).toString('hex')).toBe('02020080');
    expect(signedInteger(-128n).toString('hex')).toBe('020180');
    expect(signedInteger(-129n).toString('hex')).toBe('0202ff7f');
  });

  it('refuses non-minimal and empty INTEGERs', () => {
    expect(() => strictInteger(Buffer.from([0, 1]))).toThrow(DerError);
    expect(() => strictInteger(Buffer.from([0xff, 0x80]))).toThrow(DerError);
    expect(() => strictInteger(Buffer.alloc(0))).toThrow(DerError);
  });

  it('reads OIDs and refuses non-minimal or truncated ones', () => {
    for (const dotted of ['1.2.840.113549.1.9.16.1.4', '2.999.3', '0.4.0.194112.1.2']) expect(strictOid(oid(dotted).subarray(2))).toBe(dotted);
    expect(() => strictOid(Buffer.from([0x2a, 0x80, 0x01]))).toThrow(DerError);
    expect(() => strictOid(Buffer.from([0x80, 0x2a]))).toThrow(DerError);
    expect(() => strictOid(Buffer.from([0x2a, 0x86]))).toThrow(DerError);
    expect(() => strictOid(Buffer.alloc(0))).toThrow(DerError);
  });

  it('accepts only 0x00 and 0xFF as BOOLEAN', () => {
    expect(strictBoolean(Buffer.from([0xff]))).toBe(true);
    expect(strictBoolean(Buffer.from([0]))).toBe(false);
    expect(() => strictBoolean(Buffer.from([1]))).toThrow(DerError);
    expect(() => strictBoolean(Buffer.from([0, 0]))).toThrow(DerError);
  });
});
