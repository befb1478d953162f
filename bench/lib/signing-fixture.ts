import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildCertificationRequest } from '@theqa/ca';
import { memoryCertificateAuthority } from './ca-fixture';

const identity = { civilNumber: '12345678', givenName: 'Salim', surname: 'Al Harthy', fullName: 'Salim Nasser Al Harthy' };

/** A citizen's qualified signing certificate from an in-memory hierarchy, with its P-256 key and chain. */
export async function qualifiedSigner(): Promise<{ key: KeyObject; certificate: Buffer; chain: Buffer[]; root: Buffer }> {
  const { issuer, authorities } = await memoryCertificateAuthority();
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const csr = await buildCertificationRequest({
    publicKeySpki: publicKey.export({ type: 'spki', format: 'der' }),
    signatureAlgorithm: 'ecdsa-with-SHA256',
    sign: async (data) => sign('sha256', data, { key: privateKey, dsaEncoding: 'der' }),
  });
  const issued = await issuer.issueForCitizen({ csr, profile: 'qualified-signing', identity, actor: 'bench' });
  const root = authorities.get('theqa-root-ca').certificateDer;
  return { key: privateKey, certificate: issued.der, chain: [authorities.get('citizen-signing-ca').certificateDer, root], root };
}

/**
 * The reference's signer: @signpdf signs with a PKCS#12 (through node-forge, which reads the classic
 * SHA-1/3DES protection), so OpenSSL makes one: an RSA-2048 key and a self-signed certificate.
 */
export function referenceP12(): Buffer {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'theqa-bench-p12-'));
  try {
    const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
    run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'key.pem', '-out', 'cert.pem', '-subj', '/CN=signpdf reference', '-days', '30']);
    run(['pkcs12', '-export', '-inkey', 'key.pem', '-in', 'cert.pem', '-passout', 'pass:', '-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES', '-macalg', 'sha1', '-out', 'signer.p12']);
    return fs.readFileSync(path.join(dir, 'signer.p12'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
