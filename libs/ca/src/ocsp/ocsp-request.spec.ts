import { boolean, explicit, nullValue, octetString, oid, sequence, smallInteger, tlv } from '../der/der-writer';
import { issuerKeyHashes } from './issuer-key-hashes';
import { OcspRequestError } from './ocsp-errors';
import { decodeOcspGetRequest } from './ocsp-get-request';
import { parseOcspRequest } from './ocsp-request';
import { toolIsAvailable } from '@theqa/testing';
import { createTestPki, type TestPki } from './test/openssl-pki';

// The hand-built requests need no openssl; the requests openssl makes do.
const withOpenssl = toolIsAvailable('openssl');
const describeWithOpenssl = withOpenssl ? describe : describe.skip;
const itWithOpenssl = withOpenssl ? it : it.skip;

let pki: TestPki;
beforeAll(() => {
  if (withOpenssl) pki = createTestPki();
});
afterAll(() => pki?.remove());

function refused(der: Buffer, status = 'malformedRequest'): OcspRequestError {
  try {
    parseOcspRequest(der);
  } catch (error) {
    expect(error).toBeInstanceOf(OcspRequestError);
    expect((error as OcspRequestError).status).toBe(status);
    return error as OcspRequestError;
  }
  throw new Error('request was accepted');
}

// Hand-built requests for the cases openssl will not produce.
const SHA1 = sequence(oid('1.3.14.3.2.26'), nullValue());
const NONCE = oid('1.3.6.1.5.5.7.48.1.2');
const certId = (o: { algorithm?: Buffer; nameHash?: Buffer; keyHash?: Buffer; serial?: Buffer } = {}) =>
  sequence(o.algorithm ?? SHA1, octetString(o.nameHash ?? Buffer.alloc(20, 1)), octetString(o.keyHash ?? Buffer.alloc(20, 2)), o.serial ?? smallInteger(0x1234));
const extension = (id: Buffer, value: Buffer, critical = false) => sequence(id, ...(critical ? [boolean(true)] : []), octetString(value));
const ocspRequest = (o: { requests?: Buffer[]; extensions?: Buffer[]; version?: Buffer; signature?: Buffer } = {}) =>
  sequence(
    sequence(
      ...(o.version ? [explicit(0, o.version)] : []),
      sequence(...(o.requests ?? [sequence(certId())])),
      ...(o.extensions ? [explicit(2, sequence(...o.extensions))] : []),
    ),
    ...(o.signature ? [o.signature] : []),
  );

describeWithOpenssl('parseOcspRequest on requests made by openssl', () => {
  it('reads a SHA-1 CertID with a nonce, and returns the CertID bytes as sent', () => {
    const der = pki.request(['-issuer', 'ca.pem', '-cert', 'leaf1.pem']);
    const { requests, nonce } = parseOcspRequest(der);
    expect(requests).toHaveLength(1);
    const { certId: id } = requests[0];
    expect(id.hashAlgorithm).toBe('sha1');
    expect(id.hashParameters).toBe('null');
    expect(id.issuerNameHash).toEqual(issuerKeyHashes(pki.caDer).sha1.issuerNameHash);
    expect(id.issuerKeyHash).toEqual(issuerKeyHashes(pki.caDer).sha1.issuerKeyHash);
    // leaf1's serial has its high bit set: the INTEGER carries a 0x00 sign octet that is not magnitude
    expect(id.serial.toString('hex')).toBe(pki.serials.leaf1);
    expect(der.indexOf(id.der)).toBeGreaterThan(0);
    expect(id.der[0]).toBe(0x30);
    // openssl's nonce: extnValue = OCTET STRING of 16 random octets
    expect(nonce).toHaveLength(18);
    expect(nonce!.subarray(0, 2).toString('hex')).toBe('0410');
  });

  it('reads a SHA-256 CertID without nonce', () => {
    const der = pki.request(['-sha256', '-issuer', 'ca.pem', '-cert', 'leaf2.pem', '-no_nonce']);
    const { requests, nonce } = parseOcspRequest(der);
    expect(nonce).toBeUndefined();
    expect(requests[0].certId.hashAlgorithm).toBe('sha256');
    expect(requests[0].certId.issuerKeyHash).toEqual(issuerKeyHashes(pki.caDer).sha256.issuerKeyHash);
    expect(requests[0].certId.serial.toString('hex')).toBe(pki.serials.leaf2);
  });

  it('reads several CertIDs and refuses more than the limit', () => {
    const two = parseOcspRequest(pki.request(['-issuer', 'ca.pem', '-cert', 'leaf1.pem', '-cert', 'leaf2.pem']));
    expect(two.requests.map((r) => r.certId.serial.toString('hex'))).toEqual([pki.serials.leaf1, pki.serials.leaf2]);
    const serials = Array.from({ length: 11 }, (_, i) => ['-serial', String(i + 1)]).flat();
    const eleven = pki.request(['-issuer', 'ca.pem', ...serials]);
    expect(refused(eleven).message).toMatch(/more than 10/);
    expect(parseOcspRequest(eleven, { maxRequests: 11 }).requests).toHaveLength(11);
  });

  it('accepts a signed request and ignores the signature', () => {
    const der = pki.request(['-issuer', 'ca.pem', '-cert', 'leaf1.pem', '-signer', 'responder.pem', '-signkey', 'responder.key']);
    expect(der.length).toBeGreaterThan(500); // the signer's certificate rides along
    expect(parseOcspRequest(der).requests[0].certId.serial.toString('hex')).toBe(pki.serials.leaf1);
  });

  it('refuses garbage, truncation and trailing bytes', () => {
    const der = pki.request(['-issuer', 'ca.pem', '-cert', 'leaf1.pem']);
    refused(Buffer.alloc(0));
    refused(Buffer.from('GET / HTTP/1.1\r\n\r\n'));
    refused(Buffer.from([0x30, 0x80, 0x00, 0x00])); // BER indefinite length
    refused(der.subarray(0, der.length - 1));
    refused(Buffer.concat([der, Buffer.from([0])]));
    refused(sequence(sequence(der))); // well-formed DER, wrong shape
    refused(Buffer.alloc(20_000, 0x30));
  });
});

describe('parseOcspRequest on hand-built requests', () => {
  it('accepts a hash AlgorithmIdentifier without parameters, and says so', () => {
    const { requests } = parseOcspRequest(ocspRequest({ requests: [sequence(certId({ algorithm: sequence(oid('1.3.14.3.2.26')) }))] }));
    expect(requests[0].certId.hashParameters).toBe('absent');
  });

  it('answers an unsupported CertID hash with unauthorized, and wrong hash sizes with malformedRequest', () => {
    refused(ocspRequest({ requests: [sequence(certId({ algorithm: sequence(oid('2.16.840.1.101.3.4.2.2'), nullValue()) }))] }), 'unauthorized');
    refused(ocspRequest({ requests: [sequence(certId({ nameHash: Buffer.alloc(32) }))] }));
    refused(ocspRequest({ requests: [sequence(certId({ algorithm: sequence(oid('1.3.14.3.2.26'), smallInteger(0)) }))] }));
  });

  it('refuses negative, non-minimal, empty and oversized serial numbers', () => {
    const serial = (hex: string) => ocspRequest({ requests: [sequence(certId({ serial: tlv(0x02, Buffer.from(hex, 'hex')) }))] });
    refused(serial('ff01'));
    refused(serial('0001'));
    refused(serial(''));
    refused(serial('01'.repeat(21)));
    expect(parseOcspRequest(serial('00')).requests[0].certId.serial.toString('hex')).toBe('00');
    expect(parseOcspRequest(serial('0080')).requests[0].certId.serial.toString('hex')).toBe('80');
  });

  it('handles extensions: nonce kept, unknown ignored unless critical, duplicates refused', () => {
    const nonce = octetString(Buffer.alloc(32, 7));
    expect(parseOcspRequest(ocspRequest({ extensions: [extension(NONCE, nonce)] })).nonce).toEqual(nonce);
    expect(parseOcspRequest(ocspRequest({ extensions: [extension(NONCE, nonce, true)] })).nonce).toEqual(nonce);
    // a pre-RFC 8954 client putting raw octets in extnValue gets them echoed as they came
    expect(parseOcspRequest(ocspRequest({ extensions: [extension(NONCE, Buffer.alloc(16, 9))] })).nonce).toEqual(Buffer.alloc(16, 9));
    const acceptableResponses = extension(oid('1.3.6.1.5.5.7.48.1.4'), sequence(oid('1.3.6.1.5.5.7.48.1.1')));
    expect(parseOcspRequest(ocspRequest({ extensions: [acceptableResponses] })).nonce).toBeUndefined();
    refused(ocspRequest({ extensions: [extension(oid('1.2.3.4'), Buffer.alloc(1), true)] }));
    refused(ocspRequest({ extensions: [extension(NONCE, nonce), extension(NONCE, nonce)] }));
    refused(ocspRequest({ extensions: [extension(NONCE, octetString(Buffer.alloc(33)))] }));
    refused(ocspRequest({ extensions: [extension(NONCE, octetString(Buffer.alloc(0)))] }));
    refused(ocspRequest({ extensions: [] }));
    // a critical extension on a single request is not one we know either
    refused(ocspRequest({ requests: [sequence(certId(), explicit(0, sequence(extension(oid('1.2.3.4'), Buffer.alloc(1), true))))] }));
  });

  it('tolerates an explicit v1, refuses other versions, empty lists and stray fields', () => {
    expect(parseOcspRequest(ocspRequest({ version: smallInteger(0) })).requests).toHaveLength(1);
    refused(ocspRequest({ version: smallInteger(1) }));
    refused(ocspRequest({ requests: [] }));
    refused(ocspRequest({ signature: explicit(1, sequence()) }));
    refused(ocspRequest({ signature: explicit(0, octetString(Buffer.alloc(2))) }));
    refused(ocspRequest({ requests: [sequence(certId(), nullValue())] }));
  });
});

describe('decodeOcspGetRequest', () => {
  itWithOpenssl('decodes the URL-encoded base64 of the GET form, as clients actually send it', () => {
    const der = pki.request(['-issuer', 'ca.pem', '-cert', 'leaf1.pem']);
    const base64 = der.toString('base64');
    expect(decodeOcspGetRequest(encodeURIComponent(base64))).toEqual(der);
    expect(decodeOcspGetRequest(base64)).toEqual(der); // already decoded by the framework
    expect(decodeOcspGetRequest(base64.replace(/=+$/, ''))).toEqual(der);
    expect(decodeOcspGetRequest(base64.replace(/\+/g, ' '))).toEqual(der);
    expect(decodeOcspGetRequest(der.toString('base64url'))).toEqual(der);
    // a value with '+' and '/' in it, so the replacements above are exercised
    const awkward = Buffer.from([0xfb, 0xff, 0xbf, 0x3e]);
    expect(awkward.toString('base64')).toMatch(/[+/]/);
    expect(decodeOcspGetRequest(encodeURIComponent(awkward.toString('base64')).replace(/%2B/g, '+'))).toEqual(awkward);
  });

  it('refuses what is not base64', () => {
    for (const bad of ['', 'MEow%', 'ME*w', 'MEow\nMEow', 'M', 'MEowR===', 'ME=w', '%E0%A4%A']) {
      expect(() => decodeOcspGetRequest(bad)).toThrow(OcspRequestError);
    }
  });
});
