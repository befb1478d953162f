import { createPublicKey, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DerError, readRoot } from '../der/der-reader';
import { generalizedTime, Tag, tlv, x509Time } from '../der/der-writer';
import { toolIsAvailable } from '@theqa/testing';
import { createTestPki, type TestPki } from '../ocsp/test/openssl-pki';
import { readCertificateFields } from './certificate-fields';
import { normaliseSerialHex } from './serial-hex';
import { readValidityTime } from './validity-time';

const describeWithOpenssl = toolIsAvailable('openssl') ? describe : describe.skip;

describeWithOpenssl('readCertificateFields, on certificates openssl made', () => {
  let pki: TestPki;
  beforeAll(() => {
    pki = createTestPki();
  });
  afterAll(() => pki.remove());

  const x509 = (certificate: Buffer) => new X509Certificate(certificate);

  it('reads what node:crypto reads: serial, names, validity, public key', () => {
    const leaf = x509(fs.readFileSync(path.join(pki.dir, 'leaf1.pem'))).raw;
    const fields = readCertificateFields(leaf);
    // leaf1's serial has its high bit set: the INTEGER carries a sign octet, the magnitude does not.
    expect(fields.serial.toString('hex')).toBe(`00${pki.serials.leaf1}`);
    expect(normaliseSerialHex(fields.serial.toString('hex'))).toBe(pki.serials.leaf1);
    expect(fields.issuerDer.equals(readCertificateFields(pki.caDer).subjectDer)).toBe(true);
    expect(fields.notBefore).toEqual(new Date(x509(leaf).validFrom));
    expect(fields.notAfter).toEqual(new Date(x509(leaf).validTo));
    expect(fields.spki.equals(x509(leaf).publicKey.export({ type: 'spki', format: 'der' }))).toBe(true);
    const point = Buffer.from(x509(leaf).publicKey.export({ format: 'jwk' }).x!, 'base64url');
    expect(fields.subjectPublicKey).toHaveLength(65);
    expect(fields.subjectPublicKey[0]).toBe(0x04);
    expect(fields.subjectPublicKey.subarray(1, 33).equals(point)).toBe(true);
  });

  it("reads a self-signed CA's subject as its issuer, and its key as node:crypto sees it", () => {
    const ca = readCertificateFields(pki.caDer);
    expect(ca.issuerDer.equals(ca.subjectDer)).toBe(true);
    expect(createPublicKey({ key: ca.spki, format: 'der', type: 'spki' }).equals(x509(pki.caDer).publicKey)).toBe(true);
    expect(ca.notAfter.getTime() - ca.notBefore.getTime()).toBe(30 * 86_400_000);
  });

  it('refuses what is not a certificate', () => {
    expect(() => readCertificateFields(Buffer.from('3000', 'hex'))).toThrow(DerError);
    expect(() => readCertificateFields(pki.caDer.subarray(0, pki.caDer.length - 1))).toThrow(DerError);
    expect(() => readCertificateFields(Buffer.concat([pki.caDer, Buffer.from([0])]))).toThrow(DerError);
  });
});

describe('readValidityTime', () => {
  const read = (der: Buffer) => readValidityTime(der, readRoot(der));

  it.each(['1950-01-01T00:00:00Z', '1999-12-31T23:59:59Z', '2026-11-22T08:00:00Z', '2049-12-31T23:59:59Z', '2050-01-01T00:00:00Z', '9999-12-31T23:59:59Z'])('reads back %s as x509Time writes it', (iso) => {
    expect(read(x509Time(new Date(iso))).toISOString()).toBe(new Date(iso).toISOString());
  });

  it('reads UTCTime years 50–99 as 19xx and 00–49 as 20xx, and GeneralizedTime as written', () => {
    const utc = (text: string) => tlv(Tag.UTC_TIME, Buffer.from(text, 'latin1'));
    expect(read(utc('500101000000Z')).getUTCFullYear()).toBe(1950);
    expect(read(utc('491231235959Z')).getUTCFullYear()).toBe(2049);
    expect(read(generalizedTime(new Date('2030-06-15T12:34:56Z'))).toISOString()).toBe('2030-06-15T12:34:56.000Z');
  });

  it.each([
    ['a fraction', Tag.GENERALIZED_TIME, '20300615123456.5Z'],
    ['an offset', Tag.UTC_TIME, '3006151234+0100'],
    ['no Z', Tag.UTC_TIME, '300615123456'],
    ['a letter', Tag.UTC_TIME, '30061512345aZ'],
    ['UTCTime length as GeneralizedTime', Tag.GENERALIZED_TIME, '300615123456Z'],
    ['another tag', Tag.PRINTABLE_STRING, '300615123456Z'],
  ])('refuses %s', (_, tag, text) => {
    expect(() => read(tlv(tag, Buffer.from(text, 'latin1')))).toThrow(DerError);
  });
});
