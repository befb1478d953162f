/**
 * Test-only fixture (imported by the specs of this folder, never by library code): a throw-away PKI
 * made with the openssl CLI, so the TSA is checked against an independent implementation.
 */
import { spawnSync } from 'node:child_process';
import { createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SigningKey } from '@theqa/keys';

export interface OpensslResult {
  status: number | null;
  /** stdout and stderr together: openssl prints "Verification: OK" on one and failures on the other. */
  output: string;
}

export interface TestSigningKey extends SigningKey {
  /** The last signature produced, so tests can find (and corrupt) it in a token. */
  lastSignature?: Buffer;
}

export interface TestCertificate {
  /** File name inside the PKI directory. */
  pem: string;
  der: Buffer;
}

export interface TestTsa {
  key: TestSigningKey;
  certificate: TestCertificate;
}

const CONFIG = `
[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[root_ext]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[sub_ca_ext]
basicConstraints = critical,CA:TRUE,pathlen:0
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[tsa_ext]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = critical,timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[tsa_noncritical_ext]
keyUsage = critical,digitalSignature
extendedKeyUsage = timeStamping
`;

export class TestPki {
  readonly dir = mkdtempSync(path.join(tmpdir(), 'theqa-tsa-'));
  private serial = 0x1000;

  constructor() {
    writeFileSync(this.file('openssl.cnf'), CONFIG);
  }

  file(name: string): string {
    return path.join(this.dir, name);
  }

  openssl(...args: string[]): OpensslResult {
    const result = spawnSync('openssl', args, { cwd: this.dir, encoding: 'utf8' });
    if (result.error) throw result.error;
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  }

  /** Runs openssl and fails the test setup when it fails. */
  must(...args: string[]): string {
    const result = this.openssl(...args);
    if (result.status !== 0) throw new Error(`openssl ${args.join(' ')} failed:\n${result.output}`);
    return result.output;
  }

  generateKey(name: string, algorithm: 'ec-p256' | 'rsa-2048'): string {
    const options = algorithm === 'ec-p256' ? ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'] : ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'];
    this.must('genpkey', ...options, '-out', `${name}.key`);
    return `${name}.key`;
  }

  selfSignedRoot(name: string, commonName: string): TestCertificate {
    const key = this.generateKey(name, 'ec-p256');
    this.must('req', '-x509', '-new', '-key', key, '-config', 'openssl.cnf', '-extensions', 'root_ext', '-subj', `/CN=${commonName}`, '-days', '30', '-sha256', '-out', `${name}.pem`);
    return this.certificate(name);
  }

  /** A certificate for `keyFile`, issued by `issuer` with one of the config's extension sections. */
  issue(name: string, keyFile: string, commonName: string, issuer: string, extensions: string, days = 30): TestCertificate {
    this.must('req', '-new', '-key', keyFile, '-config', 'openssl.cnf', '-subj', `/CN=${commonName}`, '-out', `${name}.csr`);
    this.must('x509', '-req', '-in', `${name}.csr`, '-CA', `${issuer}.pem`, '-CAkey', `${issuer}.key`, '-set_serial', String(this.serial++), '-days', String(days), '-sha256', '-extfile', 'openssl.cnf', '-extensions', extensions, '-out', `${name}.pem`);
    return this.certificate(name);
  }

  tsa(name: string, algorithm: 'ec-p256' | 'rsa-2048', issuer: string): TestTsa {
    const keyFile = this.generateKey(name, algorithm);
    return { key: testSigningKey(name, algorithm, createPrivateKey(readFileSync(this.file(keyFile)))), certificate: this.issue(name, keyFile, `Theqa Test TSA ${name}`, issuer, 'tsa_ext') };
  }

  certificate(name: string): TestCertificate {
    const pem = readFileSync(this.file(`${name}.pem`), 'utf8');
    const base64 = pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
    return { pem: `${name}.pem`, der: Buffer.from(base64, 'base64') };
  }

  write(name: string, bytes: Buffer | string): string {
    writeFileSync(this.file(name), bytes);
    return name;
  }

  read(name: string): Buffer {
    return readFileSync(this.file(name));
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The minimal SigningKey a software key store would give: node:crypto, ECDSA signatures in DER. */
export function testSigningKey(label: string, algorithm: 'ec-p256' | 'rsa-2048', privateKey: KeyObject): TestSigningKey {
  const key: TestSigningKey = {
    label,
    keyAlgorithm: algorithm,
    signatureAlgorithm: algorithm === 'ec-p256' ? 'ecdsa-with-SHA256' : 'sha256WithRSAEncryption',
    publicKeySpki: createPublicKey(privateKey).export({ format: 'der', type: 'spki' }),
    async sign(data: Buffer) {
      const signature = sign('sha256', data, algorithm === 'ec-p256' ? { key: privateKey, dsaEncoding: 'der' } : privateKey);
      key.lastSignature = signature;
      return signature;
    },
  };
  return key;
}
