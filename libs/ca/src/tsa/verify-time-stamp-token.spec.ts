import { createHash } from 'node:crypto';
import { toolIsAvailable } from '@theqa/testing';
import { createTimeStampToken } from './issue-time-stamp';
import { TestPki, type TestTsa } from './test/tsa-test-pki';
import { TimeStampTokenError, verifyTimeStampToken } from './verify-time-stamp-token';

// The test PKI is made by the openssl CLI (an implementation independent of ours).
const describeWithOpenssl = toolIsAvailable('openssl') ? describe : describe.skip;
const POLICY = '1.3.6.1.4.1.99999.1.1';

describeWithOpenssl('verifying a time-stamp token', () => {
  let pki: TestPki;
  let ecTsa: TestTsa;
  let rsaTsa: TestTsa;
  let subTsa: TestTsa;
  let root: Buffer;
  const digest = createHash('sha256').update('an audit checkpoint').digest();
  let genTime: Date;

  beforeAll(() => {
    pki = new TestPki();
    root = pki.selfSignedRoot('root', 'Theqa Test Root').der;
    ecTsa = pki.tsa('tsa-ec', 'ec-p256', 'root');
    rsaTsa = pki.tsa('tsa-rsa', 'rsa-2048', 'root');
    pki.selfSignedRoot('other-root', 'Somebody Else');
    subTsa = pki.tsa('tsa-sub', 'ec-p256', 'other-root');
    // Not before the certificates (their notBefore is the second they were made).
    genTime = new Date(Math.ceil(Date.now() / 1000) * 1000);
  });
  afterAll(() => pki?.remove());

  const stamp = (tsa: TestTsa, certReq = true) =>
    createTimeStampToken({
      request: { version: 1, hashAlgorithm: 'sha256', messageImprint: digest, certReq },
      tsa: { key: tsa.key, certificateDer: tsa.certificate.der, policyOid: POLICY },
      serialNumber: 0x1234abcdn,
      genTime,
      accuracy: { seconds: 1 },
    });

  it('accepts a token of a trusted TSA certificate and says what it asserts', async () => {
    for (const tsa of [ecTsa, rsaTsa]) {
      const verified = verifyTimeStampToken(await stamp(tsa, false), { hashAlgorithm: 'sha256', digest }, { tsaCertificates: [ecTsa.certificate.der, rsaTsa.certificate.der] });
      expect(verified).toMatchObject({ genTime, serialNumber: '1234ABCD', policy: POLICY });
      expect(verified.tsaCertificateDer.equals(tsa.certificate.der)).toBe(true);
    }
  });

  it('accepts an embedded TSA certificate that a trusted issuer signed (a renewed TSA)', async () => {
    const token = await stamp(ecTsa);
    expect(verifyTimeStampToken(token, { hashAlgorithm: 'sha256', digest }, { tsaCertificates: [], tsaIssuers: [root] }).genTime).toEqual(genTime);
    expect(() => verifyTimeStampToken(token, { hashAlgorithm: 'sha256', digest }, { tsaCertificates: [], tsaIssuers: [pki.certificate('other-root').der] })).toThrow(/not trusted/);
  });

  it('refuses a token of another TSA, of another imprint, or altered', async () => {
    const token = await stamp(ecTsa);
    const trust = { tsaCertificates: [ecTsa.certificate.der] };
    expect(() => verifyTimeStampToken(token, { hashAlgorithm: 'sha256', digest: createHash('sha256').update('x').digest() }, trust)).toThrow(/another imprint/);
    const otherTsa = await stamp(subTsa);
    expect(() => verifyTimeStampToken(otherTsa, { hashAlgorithm: 'sha256', digest }, trust)).toThrow(/not trusted/);
    // The imprint inside the TSTInfo, changed: the messageDigest attribute no longer matches.
    const at = token.indexOf(digest);
    const altered = Buffer.from(token);
    altered[at] ^= 1;
    expect(() => verifyTimeStampToken(altered, { hashAlgorithm: 'sha256', digest: Buffer.from(altered.subarray(at, at + 32)) }, trust)).toThrow(/message digest/);
    // The signature itself, changed (its last byte).
    const signature = Buffer.from(ecTsa.key.lastSignature!);
    const forged = Buffer.from(token);
    forged[token.indexOf(signature) + signature.length - 1] ^= 1;
    expect(() => verifyTimeStampToken(forged, { hashAlgorithm: 'sha256', digest }, trust)).toThrow(TimeStampTokenError);
    expect(() => verifyTimeStampToken(Buffer.from('not a token'), { hashAlgorithm: 'sha256', digest }, trust)).toThrow(/malformed/);
  });
});
