import { generateKeyPairSync, sign } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { buildCertificationRequest } from './build-certification-request';
import { verifyCsr } from './certification-request';
import { run, tempDir, toolIsAvailable } from '@theqa/testing';

const itWithOpenssl = toolIsAvailable('openssl') ? it : it.skip;

describe('buildCertificationRequest', () => {
  itWithOpenssl.each([
    ['P-256', 'ecdsa-with-SHA256', 'sha256'],
    ['P-384', 'ecdsa-with-SHA384', 'sha384'],
  ] as const)('makes a %s request that OpenSSL and the CA both verify', async (namedCurve, signatureAlgorithm, hash) => {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve });
    const spki = publicKey.export({ type: 'spki', format: 'der' });
    const der = await buildCertificationRequest({ publicKeySpki: spki, signatureAlgorithm, sign: (data) => sign(hash, data, { key: privateKey, dsaEncoding: 'der' }) });
    const file = path.join(tempDir('theqa-csr-'), 'r.der');
    fs.writeFileSync(file, der);
    expect(run('openssl', ['req', '-inform', 'DER', '-in', file, '-noout', '-verify']).output).toMatch(/verify OK|Certificate request self-signature verify OK/);
    expect((await verifyCsr(der)).publicKey.spki.equals(spki)).toBe(true);
  });

  it('a request signed by another key fails proof of possession', async () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const der = await buildCertificationRequest({
      publicKeySpki: publicKey.export({ type: 'spki', format: 'der' }),
      signatureAlgorithm: 'ecdsa-with-SHA256',
      sign: (data) => sign('sha256', data, { key: other, dsaEncoding: 'der' }),
    });
    await expect(verifyCsr(der)).rejects.toThrow(/proof of possession/);
  });
});
