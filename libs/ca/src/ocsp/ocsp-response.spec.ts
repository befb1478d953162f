import { verify, X509Certificate } from 'node:crypto';
import { issuerKeyHashes, responderKeyHashOf } from './issuer-key-hashes';
import { encodeCertId } from './cert-id';
import { parseOcspRequest } from './ocsp-request';
import { encodeBasicOcspResponse, encodeOcspError } from './ocsp-response';
import { basicResponseParts } from './test/basic-response-parts';
import { toolIsAvailable } from '@theqa/testing';
import { countingSigningKey, createTestPki, type TestPki } from './test/openssl-pki';

// Every test runs over the PKI openssl makes (Jest runs no beforeAll when a file's tests are all skipped).
const describeWithOpenssl = toolIsAvailable('openssl') ? describe : describe.skip;

let pki: TestPki;
beforeAll(() => {
  pki = createTestPki();
});
afterAll(() => pki?.remove());

const now = () => new Date(Math.floor(Date.now() / 1000) * 1000);
const hour = 3_600_000;

function responder() {
  return { key: countingSigningKey(pki.responderKeyPem), certificateDer: pki.responderDer };
}

describeWithOpenssl('issuerKeyHashes', () => {
  it('gives the hashes openssl puts in its CertIDs, for SHA-1 and SHA-256', () => {
    const hashes = issuerKeyHashes(pki.caDer);
    for (const algorithm of ['sha1', 'sha256'] as const) {
      const { certId } = parseOcspRequest(pki.request([`-${algorithm}`, '-issuer', 'ca.pem', '-cert', 'leaf1.pem'])).requests[0];
      expect(certId.issuerNameHash).toEqual(hashes[algorithm].issuerNameHash);
      expect(certId.issuerKeyHash).toEqual(hashes[algorithm].issuerKeyHash);
      // and our CertID encoding is byte for byte openssl's
      expect(encodeCertId(algorithm, hashes[algorithm].issuerNameHash, hashes[algorithm].issuerKeyHash, certId.serial)).toEqual(certId.der);
    }
  });

  it('responderKeyHashOf is the SHA-1 key identifier openssl computes (its default SKI method)', () => {
    const text = pki.openssl(['x509', '-in', 'responder.pem', '-noout', '-ext', 'subjectKeyIdentifier']).stdout;
    const hex = /([0-9A-F]{2}(:[0-9A-F]{2}){19})/.exec(text)![1].replace(/:/g, '').toLowerCase();
    expect(responderKeyHashOf(pki.responderDer).toString('hex')).toBe(hex);
  });
});

describeWithOpenssl('encodeOcspError', () => {
  it('encodes each status as a bare OCSPResponse that openssl reads', () => {
    const codes = { malformedRequest: 1, internalError: 2, tryLater: 3, sigRequired: 5, unauthorized: 6 } as const;
    const request = pki.request(['-issuer', 'ca.pem', '-cert', 'leaf1.pem']);
    for (const [status, code] of Object.entries(codes)) {
      const der = encodeOcspError(status as keyof typeof codes);
      expect(der.toString('hex')).toBe(`30030a010${code}`);
      expect(pki.check(der, request).output).toContain(`Responder Error: ${status.toLowerCase()} (${code})`);
    }
    expect(() => encodeOcspError('successful' as never)).toThrow(RangeError);
  });
});

describeWithOpenssl('encodeBasicOcspResponse', () => {
  async function answer(requestArgs: string[], statuses: Parameters<typeof encodeBasicOcspResponse>[0]['responses'][number]['status'][], nonce = true) {
    const request = pki.request(requestArgs);
    const parsed = parseOcspRequest(request);
    const signer = responder();
    const producedAt = now();
    const response = await encodeBasicOcspResponse({
      responder: signer,
      responderKeyHash: responderKeyHashOf(pki.responderDer),
      producedAt,
      responses: parsed.requests.map(({ certId }, i) => ({ certIdDer: certId.der, status: statuses[i], thisUpdate: producedAt, nextUpdate: new Date(producedAt.getTime() + hour) })),
      nonce: nonce ? parsed.nonce : undefined,
    });
    return { request, response, signer };
  }

  it('answers several certificates in one signed response that openssl verifies, nonce included', async () => {
    const { request, response, signer } = await answer(['-issuer', 'ca.pem', '-cert', 'leaf1.pem', '-cert', 'leaf2.pem', '-serial', '0x77'], [
      { kind: 'good' },
      { kind: 'revoked', revokedAt: new Date('2026-03-04T05:06:07Z') },
      { kind: 'unknown' },
    ]);
    expect(signer.key.calls).toBe(1);
    const { output, status } = pki.check(response, request);
    expect(status).toBe(0);
    expect(output).toContain('Response verify OK');
    expect(output).not.toContain('WARNING: no nonce');
    expect(output.match(/Cert Status: \w+/g)).toEqual(['Cert Status: good', 'Cert Status: revoked', 'Cert Status: unknown']);
    expect(output).toContain('Revocation Time: Mar  4 05:06:07 2026 GMT');
    expect(output).not.toContain('Revocation Reason');
    // openssl also accepts the responder as a directly trusted one
    expect(pki.check(response, request, ['-VAfile', 'responder.pem']).output).toContain('Response verify OK');
  });

  it('signs tbsResponseData with the responder key, and says so in the AlgorithmIdentifier', async () => {
    const { response } = await answer(['-issuer', 'ca.pem', '-cert', 'leaf1.pem'], [{ kind: 'good' }]);
    const parts = basicResponseParts(response);
    expect(parts.status.toString('hex')).toBe('00');
    expect(parts.responseType.toString('hex')).toBe('06092b0601050507300101'); // id-pkix-ocsp-basic
    expect(parts.signatureAlgorithm.toString('hex')).toBe('300a06082a8648ce3d040302'); // ecdsa-with-SHA256, no parameters
    const publicKey = new X509Certificate(pki.responderDer).publicKey;
    expect(verify('sha256', parts.tbsResponseData, { key: publicKey, dsaEncoding: 'der' }, parts.signature)).toBe(true);
    // certs [0] EXPLICIT SEQUENCE OF Certificate carries the delegated responder certificate
    expect(parts.certs!.includes(pki.responderDer)).toBe(true);
    // producedAt, thisUpdate, nextUpdate: all GeneralizedTime (tag 0x18, 15 octets)
    const tbs = parts.tbsResponseData.toString('latin1');
    const times = tbs.split(String.fromCharCode(0x18, 0x0f)).slice(1).filter((rest) => /^\d{14}Z/.test(rest));
    expect(times).toHaveLength(3);
  });

  it('carries a revocation reason that openssl names', async () => {
    const { request, response } = await answer(['-issuer', 'ca.pem', '-cert', 'leaf2.pem'], [{ kind: 'revoked', revokedAt: new Date('2026-01-02T03:04:05Z'), reason: 1 }]);
    const { output } = pki.check(response, request);
    expect(output).toContain('Response verify OK');
    expect(output).toContain('Revocation Reason: keyCompromise (0x1)');
  });

  it('is caught by openssl when the nonce is missing or the signature is tampered with', async () => {
    const { request, response } = await answer(['-issuer', 'ca.pem', '-cert', 'leaf1.pem'], [{ kind: 'good' }], false);
    expect(pki.check(response, request).output).toContain('WARNING: no nonce in response');

    const signed = await answer(['-issuer', 'ca.pem', '-cert', 'leaf1.pem'], [{ kind: 'good' }]);
    const tampered = Buffer.from(signed.response);
    tampered[basicResponseParts(tampered).signatureLastOctet] ^= 0x01;
    const { output } = pki.check(tampered, signed.request);
    expect(output).toContain('Response Verify Failure');
    expect(output).not.toContain('Response verify OK');
  });

  it('refuses impossible input', async () => {
    const base = { responder: responder(), responderKeyHash: responderKeyHashOf(pki.responderDer), producedAt: now() };
    const single = { certIdDer: Buffer.from('3000', 'hex'), thisUpdate: now(), nextUpdate: new Date(Date.now() + hour) };
    await expect(encodeBasicOcspResponse({ ...base, responses: [] })).rejects.toThrow(RangeError);
    await expect(encodeBasicOcspResponse({ ...base, responses: [{ ...single, status: { kind: 'revoked', revokedAt: now(), reason: 7 } }] })).rejects.toThrow(/reason/);
    await expect(encodeBasicOcspResponse({ ...base, responses: [{ ...single, status: { kind: 'revoked', revokedAt: now(), reason: 8 } }] })).rejects.toThrow(/reason/);
    await expect(encodeBasicOcspResponse({ ...base, responses: [{ ...single, nextUpdate: single.thisUpdate, status: { kind: 'good' } }] })).rejects.toThrow(/nextUpdate/);
    await expect(encodeBasicOcspResponse({ ...base, responderKeyHash: Buffer.alloc(32), responses: [{ ...single, status: { kind: 'good' } }] })).rejects.toThrow(/SHA-1/);
    expect(base.responder.key.calls).toBe(0);
  });
});
