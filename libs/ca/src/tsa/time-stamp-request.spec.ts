import { boolean, nullValue, octetString, oid, sequence, smallInteger, tlv, Tag } from '../der/der-writer';
import { TimeStampError, type PkiFailureInfo } from './failure-info';
import { parseTimeStampRequest } from './time-stamp-request';
import { signedInteger } from './strict-der';

const SHA256 = '2.16.840.1.101.3.4.2.1';
const imprint = (hashOid = SHA256, bytes = Buffer.alloc(32, 0xab), ...parameters: Buffer[]) =>
  sequence(sequence(oid(hashOid), ...parameters), octetString(bytes));
const request = (...fields: Buffer[]) => sequence(smallInteger(1), imprint(), ...fields);

function failureOf(der: Buffer): PkiFailureInfo | string {
  try {
    parseTimeStampRequest(der);
    return 'accepted';
  } catch (error) {
    return error instanceof TimeStampError ? error.failureInfo : `untyped: ${String(error)}`;
  }
}

describe('parseTimeStampRequest', () => {
  it('reads every field', () => {
    const extension = sequence(oid('1.2.3.4'), boolean(true), octetString(Buffer.from([5, 0])));
    const parsed = parseTimeStampRequest(request(oid('1.3.6.1.4.1.99999.1.2'), signedInteger(0x0123456789abcdefn), boolean(true), tlv(0xa0, extension)));
    expect(parsed).toEqual({
      version: 1,
      hashAlgorithm: 'sha256',
      messageImprint: Buffer.alloc(32, 0xab),
      reqPolicy: '1.3.6.1.4.1.99999.1.2',
      nonce: 0x0123456789abcdefn,
      certReq: true,
      extensions: [{ oid: '1.2.3.4', critical: true, value: Buffer.from([5, 0]) }],
    });
  });

  it('defaults certReq to false, accepts an explicit FALSE and remembers NULL hash parameters', () => {
    expect(parseTimeStampRequest(request())).toEqual({ version: 1, hashAlgorithm: 'sha256', messageImprint: Buffer.alloc(32, 0xab), certReq: false });
    expect(parseTimeStampRequest(request(boolean(false))).certReq).toBe(false);
    const withNull = parseTimeStampRequest(sequence(smallInteger(1), imprint(SHA256, Buffer.alloc(32), nullValue())));
    expect(withNull.hashParameters).toBe('null');
  });

  it('reads SHA-384 and SHA-512 imprints and negative nonces', () => {
    const sha384 = parseTimeStampRequest(sequence(smallInteger(1), imprint('2.16.840.1.101.3.4.2.2', Buffer.alloc(48))));
    expect(sha384.hashAlgorithm).toBe('sha384');
    const sha512 = parseTimeStampRequest(sequence(smallInteger(1), imprint('2.16.840.1.101.3.4.2.3', Buffer.alloc(64)), signedInteger(-129n)));
    expect(sha512).toMatchObject({ hashAlgorithm: 'sha512', nonce: -129n });
  });

  it('copies the imprint out of the caller buffer', () => {
    const der = request();
    const parsed = parseTimeStampRequest(der);
    der.fill(0);
    expect(parsed.messageImprint).toEqual(Buffer.alloc(32, 0xab));
  });

  it.each([
    ['MD5', '1.2.840.113549.2.5', 16],
    ['SHA-1', '1.3.14.3.2.26', 20],
    ['SHA-224', '2.16.840.1.101.3.4.2.4', 28],
    ['SHA3-256', '2.16.840.1.101.3.4.2.8', 32],
  ])('refuses %s as badAlg', (_name, hashOid, length) => {
    expect(failureOf(sequence(smallInteger(1), imprint(hashOid, Buffer.alloc(length))))).toBe('badAlg');
  });

  it('refuses hash parameters other than NULL as badAlg', () => {
    expect(failureOf(sequence(smallInteger(1), imprint(SHA256, Buffer.alloc(32), smallInteger(0))))).toBe('badAlg');
    expect(failureOf(sequence(smallInteger(1), imprint(SHA256, Buffer.alloc(32), nullValue(), nullValue())))).toBe('badAlg');
  });

  it.each([
    ['an empty body', Buffer.alloc(0)],
    ['garbage', Buffer.from('not a request')],
    ['trailing bytes', Buffer.concat([request(), Buffer.from([0])])],
    ['a truncated request', request().subarray(0, 20)],
    ['version 2', sequence(smallInteger(2), imprint())],
    ['a non-minimal version', sequence(tlv(Tag.INTEGER, Buffer.from([0, 1])), imprint())],
    ['a short imprint', sequence(smallInteger(1), imprint(SHA256, Buffer.alloc(31)))],
    ['a long imprint', sequence(smallInteger(1), imprint(SHA256, Buffer.alloc(64)))],
    ['a non-minimal nonce', request(tlv(Tag.INTEGER, Buffer.from([0, 0x7f])))],
    ['a BER boolean', request(tlv(Tag.BOOLEAN, Buffer.from([1])))],
    ['fields out of order', request(boolean(true), signedInteger(5n))],
    ['an unknown field', request(octetString(Buffer.from([1])))],
    ['a non-minimal policy OID arc', request(tlv(Tag.OID, Buffer.from([0x2b, 0x80, 0x01])))],
    ['a truncated policy OID', request(tlv(Tag.OID, Buffer.from([0x2b, 0x86])))],
    ['empty extensions', request(tlv(0xa0, Buffer.alloc(0)))],
    ['duplicate extensions', request(tlv(0xa0, Buffer.concat([0, 1].map(() => sequence(oid('1.2.3'), octetString(Buffer.alloc(1)))))))],
    ['a SET instead of a SEQUENCE', tlv(Tag.SET, request().subarray(2))],
    ['indefinite length', Buffer.concat([Buffer.from([0x30, 0x80]), request().subarray(2), Buffer.from([0, 0])])],
  ])('refuses %s as badDataFormat', (_name, der) => {
    expect(failureOf(der)).toBe('badDataFormat');
  });
});
