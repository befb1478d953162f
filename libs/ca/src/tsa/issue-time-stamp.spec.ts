import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { octetString, oid, sequence, smallInteger, Tag, tlv, boolean } from '../der/der-writer';
import { parseTimeStampRequest } from './time-stamp-request';
import { createTimeStampToken, issueTimeStamp, respondToTimeStampRequest, type IssueTimeStampOptions, type TsaIdentity } from './issue-time-stamp';
import { TimeStampError } from './failure-info';
import { TsaCertificateError } from './tsa-certificate';
import { toolIsAvailable } from '@theqa/testing';
import { TestPki, type TestTsa } from './test/tsa-test-pki';

// Every token here is checked by OpenSSL's `ts -verify`, an implementation independent of ours, over a
// PKI openssl makes (Jest runs no beforeAll when a file's tests are all skipped).
const describeWithOpenssl = toolIsAvailable('openssl') ? describe : describe.skip;
const POLICY = '1.3.6.1.4.1.99999.1.1';
const OTHER_POLICY = '1.3.6.1.4.1.99999.1.2';
const UNKNOWN_POLICY = '1.3.6.1.4.1.99999.1.9';

let pki: TestPki;
let ecTsa: TestTsa;
let rsaTsa: TestTsa;
let subTsa: TestTsa;
let queries = 0;

beforeAll(() => {
  pki = new TestPki();
  pki.selfSignedRoot('root', 'Theqa Test Root');
  ecTsa = pki.tsa('tsa-ec', 'ec-p256', 'root');
  rsaTsa = pki.tsa('tsa-rsa', 'rsa-2048', 'root');
  pki.generateKey('sub-ca', 'ec-p256');
  pki.issue('sub-ca', 'sub-ca.key', 'Theqa Test Sub CA', 'root', 'sub_ca_ext');
  subTsa = pki.tsa('tsa-sub', 'ec-p256', 'sub-ca');
  pki.write('document.pdf', 'the document being time-stamped\n');
  pki.write('other.pdf', 'a different document\n');
});

afterAll(() => pki?.remove());

function tsaOf(tsa: TestTsa, extra: Partial<TsaIdentity> = {}): TsaIdentity {
  return { key: tsa.key, certificateDer: tsa.certificate.der, policyOid: POLICY, acceptedPolicies: [OTHER_POLICY], ...extra };
}

/** `openssl ts -query` with the given options; returns the file name of the request. */
function query(...options: string[]): string {
  const name = `request-${++queries}.tsq`;
  pki.must('ts', '-query', ...options, '-out', name);
  return name;
}

function options(requestFile: string, tsa: TsaIdentity, extra: Partial<IssueTimeStampOptions> = {}): IssueTimeStampOptions {
  return {
    request: parseTimeStampRequest(pki.read(requestFile)),
    tsa,
    serialNumber: 0x5eed0001n,
    genTime: new Date(),
    accuracy: { seconds: 1 },
    ...extra,
  };
}

let responses = 0;
function save(response: Buffer): string {
  return pki.write(`response-${++responses}.tsr`, response);
}

function verify(response: Buffer, ...args: string[]) {
  return pki.openssl('ts', '-verify', '-in', save(response), '-CAfile', 'root.pem', ...args);
}

const replyText = (response: Buffer) => pki.must('ts', '-reply', '-in', save(response), '-text');
const queryText = (requestFile: string) => pki.must('ts', '-query', '-in', requestFile, '-text');
const field = (text: string, label: string) => new RegExp(`^${label}: (.*)$`, 'm').exec(text)?.[1];

describeWithOpenssl('issueTimeStamp, verified by openssl ts -verify', () => {
  it('grants a SHA-256 request with nonce and certReq; the token verifies against the query and the data', async () => {
    const request = query('-data', 'document.pdf', '-sha256', '-cert');
    const response = await issueTimeStamp(options(request, tsaOf(ecTsa), { serialNumber: 0xabcdef0123n, accuracy: { seconds: 1, millis: 500 } }));

    expect(verify(response, '-queryfile', request, '-untrusted', ecTsa.certificate.pem).output).toContain('Verification: OK');
    expect(verify(response, '-data', 'document.pdf', '-untrusted', ecTsa.certificate.pem).output).toContain('Verification: OK');
    // certReq: the TSA certificate travels in the token, so the trust anchor alone is enough.
    expect(verify(response, '-data', 'document.pdf').output).toContain('Verification: OK');

    const text = replyText(response);
    expect(field(text, 'Status')).toBe('Granted.');
    expect(field(text, 'Policy OID')).toBe(POLICY);
    expect(field(text, 'Serial number')).toBe('0xABCDEF0123');
    expect(field(text, 'Accuracy')).toBe('0x01 seconds, 0x01F4 millis, unspecified micros');
    expect(field(text, 'Ordering')).toBe('no');
    const nonce = field(queryText(request), 'Nonce');
    expect(nonce).toMatch(/^0x[0-9A-F]+$/);
    expect(field(text, 'Nonce')).toBe(nonce);
  });

  it('grants SHA-512 requests without a nonce', async () => {
    const request = query('-data', 'document.pdf', '-sha512', '-no_nonce', '-cert');
    const response = await issueTimeStamp(options(request, tsaOf(ecTsa)));
    expect(verify(response, '-queryfile', request).output).toContain('Verification: OK');
    expect(verify(response, '-data', 'document.pdf').output).toContain('Verification: OK');
    const text = replyText(response);
    expect(field(text, 'Hash Algorithm')).toBe('sha512');
    expect(field(text, 'Nonce')).toBe('unspecified');
  });

  it('uses a requested policy the TSA accepts', async () => {
    const request = query('-data', 'document.pdf', '-sha256', '-cert', '-tspolicy', OTHER_POLICY);
    const response = await issueTimeStamp(options(request, tsaOf(ecTsa)));
    expect(verify(response, '-queryfile', request).output).toContain('Verification: OK');
    expect(field(replyText(response), 'Policy OID')).toBe(OTHER_POLICY);
  });

  it('fails verification for another document or another request', async () => {
    const request = query('-data', 'document.pdf', '-sha256', '-cert');
    const response = await issueTimeStamp(options(request, tsaOf(ecTsa)));
    const otherDocument = verify(response, '-data', 'other.pdf');
    expect(otherDocument.status).not.toBe(0);
    expect(otherDocument.output).toContain('message imprint mismatch');
    // Same document, fresh nonce: the token answers the first request only.
    const otherRequest = verify(response, '-queryfile', query('-data', 'document.pdf', '-sha256', '-cert'));
    expect(otherRequest.status).not.toBe(0);
    expect(otherRequest.output).toContain('nonce mismatch');
  });

  it('fails verification when a byte of the signature is flipped', async () => {
    const request = query('-data', 'document.pdf', '-sha256', '-cert');
    const response = await issueTimeStamp(options(request, tsaOf(ecTsa)));
    const signature = ecTsa.key.lastSignature!;
    // No unsigned attributes: the signature is the last value of the whole response.
    expect(response.subarray(response.length - signature.length)).toEqual(signature);
    expect(verify(response, '-queryfile', request).output).toContain('Verification: OK');
    const corrupted = Buffer.from(response);
    corrupted[corrupted.length - 1] ^= 0x01;
    const result = verify(corrupted, '-queryfile', request);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('Verification: FAILED');
  });

  it('omits the certificates when certReq is false; verification then needs the certificate', async () => {
    const request = query('-data', 'document.pdf', '-sha256');
    const response = await issueTimeStamp(options(request, tsaOf(ecTsa)));
    expect(response.includes(ecTsa.certificate.der)).toBe(false);
    expect(verify(response, '-queryfile', request, '-untrusted', ecTsa.certificate.pem).output).toContain('Verification: OK');
    const without = verify(response, '-queryfile', request);
    expect(without.status).not.toBe(0);
    expect(without.output).toContain('Verification: FAILED');
  });

  it('signs with an RSA-2048 TSA key', async () => {
    const request = query('-data', 'document.pdf', '-sha256', '-cert');
    const response = await issueTimeStamp(options(request, tsaOf(rsaTsa)));
    expect(verify(response, '-queryfile', request).output).toContain('Verification: OK');
    expect(verify(response, '-data', 'document.pdf', '-untrusted', rsaTsa.certificate.pem).output).toContain('Verification: OK');
  });

  it('sends the chain with the certificate, so only the root needs to be known', async () => {
    const chain = pki.certificate('sub-ca').der;
    const request = query('-data', 'document.pdf', '-sha256', '-cert');
    const withChain = await issueTimeStamp(options(request, tsaOf(subTsa, { chainDer: [chain, subTsa.certificate.der] })));
    expect(verify(withChain, '-queryfile', request).output).toContain('Verification: OK');
    const withoutChain = await issueTimeStamp(options(request, tsaOf(subTsa)));
    expect(verify(withoutChain, '-queryfile', request).status).not.toBe(0);
    // The chain follows certReq: no certificates at all when it is false.
    const noCertRequest = query('-data', 'document.pdf', '-sha256');
    const noCerts = await issueTimeStamp(options(noCertRequest, tsaOf(subTsa, { chainDer: [chain] })));
    expect(noCerts.includes(chain)).toBe(false);
  });

  it('states a sub-second genTime with a fraction and the TSA name when asked', async () => {
    const request = query('-data', 'document.pdf', '-sha256', '-cert');
    const genTime = new Date();
    genTime.setUTCMilliseconds(120);
    const response = await issueTimeStamp(options(request, tsaOf(ecTsa, { includeTsaName: true }), { genTime, accuracy: { millis: 10 } }));
    // openssl checks the `tsa` name against the signer certificate's subject.
    expect(verify(response, '-queryfile', request).output).toContain('Verification: OK');
    const text = replyText(response);
    expect(field(text, 'Time stamp')).toMatch(/^\w{3} [ \d]\d \d\d:\d\d:\d\d\.12 \d{4} GMT$/);
    expect(field(text, 'TSA')).toBe('DirName:/CN=Theqa Test TSA tsa-ec');
  });

  it('returns the bare token for embedding (PAdES signature time-stamps)', async () => {
    const request = query('-data', 'document.pdf', '-sha256', '-cert');
    const token = await createTimeStampToken(options(request, tsaOf(ecTsa)));
    pki.write('token.der', token);
    expect(pki.openssl('ts', '-verify', '-in', 'token.der', '-token_in', '-queryfile', request, '-CAfile', 'root.pem').output).toContain('Verification: OK');
  });
});

describeWithOpenssl('rejections, read by openssl ts -reply -text', () => {
  const respond = (requestDer: Buffer) =>
    respondToTimeStampRequest(requestDer, { tsa: tsaOf(ecTsa), serialNumber: 1n, genTime: new Date(), accuracy: { seconds: 1 } });

  function expectRejection(response: Buffer, failureInfo: string) {
    const text = replyText(response);
    expect(field(text, 'Status')).toBe('Rejected.');
    expect(field(text, 'Failure info')).toBe(failureInfo);
    expect(text).toContain('TST info:\nNot included.');
  }

  it('rejects garbage as badDataFormat', async () => {
    expectRejection(await respond(Buffer.from('GET / HTTP/1.1\r\n\r\n')), 'the data submitted has the wrong format');
  });

  it('rejects an MD5 imprint as badAlg', async () => {
    expectRejection(await respond(pki.read(query('-data', 'document.pdf', '-md5'))), 'unrecognized or unsupported algorithm identifier');
  });

  it('rejects an imprint of the wrong length as badDataFormat', async () => {
    const sha256WithShortImprint = sequence(smallInteger(1), sequence(sequence(oid('2.16.840.1.101.3.4.2.1')), octetString(Buffer.alloc(20, 7))));
    expectRejection(await respond(sha256WithShortImprint), 'the data submitted has the wrong format');
  });

  it('rejects a policy the TSA does not accept as unacceptedPolicy', async () => {
    const response = await respond(pki.read(query('-data', 'document.pdf', '-sha256', '-tspolicy', UNKNOWN_POLICY)));
    expectRejection(response, 'the requested TSA policy is not supported by the TSA');
    expect(field(replyText(response), 'Status description')).toBe('requested policy is not supported');
  });

  it('rejects request extensions as unacceptedExtension', async () => {
    const extension = sequence(oid('1.3.6.1.4.1.99999.7'), boolean(true), octetString(Buffer.from([5, 0])));
    const request = sequence(
      smallInteger(1),
      sequence(sequence(oid('2.16.840.1.101.3.4.2.1')), octetString(Buffer.alloc(32, 1))),
      tlv(0xa0, extension),
    );
    expectRejection(await respond(request), 'the requested extension is not supported by the TSA');
  });

  it('rejects trailing bytes after a valid request', async () => {
    const valid = pki.read(query('-data', 'document.pdf', '-sha256'));
    expectRejection(await respond(Buffer.concat([valid, Buffer.from([Tag.NULL, 0])])), 'the data submitted has the wrong format');
  });

  it('throws TimeStampError from issueTimeStamp for an unaccepted policy', async () => {
    const request = query('-data', 'document.pdf', '-sha256', '-tspolicy', UNKNOWN_POLICY);
    await expect(issueTimeStamp(options(request, tsaOf(ecTsa)))).rejects.toMatchObject({ failureInfo: 'unacceptedPolicy' });
    await expect(issueTimeStamp(options(request, tsaOf(ecTsa)))).rejects.toBeInstanceOf(TimeStampError);
  });
});

describeWithOpenssl('TSA misconfiguration is refused before signing', () => {
  it('refuses a certificate whose extended key usage is not critical', async () => {
    pki.issue('tsa-noncritical', 'tsa-ec.key', 'Theqa Test TSA loose', 'root', 'tsa_noncritical_ext');
    const request = query('-data', 'document.pdf', '-sha256');
    const tsa = tsaOf(ecTsa, { certificateDer: pki.certificate('tsa-noncritical').der });
    await expect(issueTimeStamp(options(request, tsa))).rejects.toThrow(new TsaCertificateError('TSA certificate extended key usage must be critical'));
  });

  it('refuses a certificate that is not a TSA certificate', async () => {
    const request = query('-data', 'document.pdf', '-sha256');
    const tsa = tsaOf(ecTsa, { certificateDer: pki.certificate('root').der });
    await expect(issueTimeStamp(options(request, tsa))).rejects.toBeInstanceOf(TsaCertificateError);
  });

  it('refuses a certificate of another key', async () => {
    const request = query('-data', 'document.pdf', '-sha256');
    const tsa = tsaOf(ecTsa, { key: rsaTsa.key });
    await expect(issueTimeStamp(options(request, tsa))).rejects.toThrow('TSA certificate does not certify the signing key');
    // The refusal leaves nothing on OpenSSL's error queue: an unrelated key parse right after still works.
    const pem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' });
    expect(() => createPrivateKey(pem)).not.toThrow();
  });

  it('refuses a genTime outside the certificate validity', async () => {
    const request = query('-data', 'document.pdf', '-sha256');
    const late = new Date(Date.now() + 60 * 86_400_000);
    await expect(issueTimeStamp(options(request, tsaOf(ecTsa), { genTime: late }))).rejects.toThrow('outside the TSA certificate validity');
  });
});
