import { execFileSync, spawnSync } from 'node:child_process';
import { createPrivateKey, createPublicKey, sign } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { children, content, decodeOid, readRoot, whole, type Tlv } from '../../der/der-reader';
import type { SigningKey } from '@theqa/keys';

/**
 * A throw-away CA made with the openssl CLI (not with our own encoder, so the tests do not check our
 * output against itself), and the tools' verdicts on a CRL: openssl and GnuTLS certtool.
 */
export interface TestCa {
  dir: string;
  caPem: string;
  /** Subject Name of the CA certificate, DER. */
  name: Buffer;
  /** subjectKeyIdentifier octets. */
  keyId: Buffer;
  signer: SigningKey;
  remove(): void;
}

const CONFIG = `[req]
distinguished_name = dn
prompt = no
x509_extensions = v3
[dn]
C = SA
O = Theqa Test
CN = Test CRL CA
[v3]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
`;

export function makeTestCa(kind: 'ec-p256' | 'rsa-2048'): TestCa {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'theqa-crl-ca-'));
  fs.writeFileSync(path.join(dir, 'ca.cnf'), CONFIG);
  const keyArgs = kind === 'ec-p256' ? ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'] : ['-newkey', 'rsa:2048'];
  execFileSync('openssl', ['req', '-x509', ...keyArgs, '-nodes', '-keyout', 'key.pem', '-out', 'ca.pem', '-days', '3650', '-config', 'ca.cnf'], {
    cwd: dir,
    stdio: 'pipe',
  });
  const caPem = path.join(dir, 'ca.pem');
  const privateKey = createPrivateKey(fs.readFileSync(path.join(dir, 'key.pem')));
  const { name, keyId } = readCaCertificate(Buffer.from(execFileSync('openssl', ['x509', '-in', caPem, '-outform', 'DER'])));
  const signer: SigningKey = {
    label: `test-${kind}`,
    keyAlgorithm: kind,
    signatureAlgorithm: kind === 'ec-p256' ? 'ecdsa-with-SHA256' : 'sha256WithRSAEncryption',
    publicKeySpki: createPublicKey(privateKey).export({ type: 'spki', format: 'der' }),
    sign: async (data) => sign('sha256', data, privateKey),
  };
  return { dir, caPem, name, keyId, signer, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Subject Name and subjectKeyIdentifier of a DER certificate. */
function readCaCertificate(der: Buffer): { name: Buffer; keyId: Buffer } {
  const [tbs] = children(der, readRoot(der));
  const fields = children(der, tbs);
  const subject = fields[5]; // [0] version, serial, signature, issuer, validity, subject
  const extensions = fields.find((f) => f.tag === 0xa3);
  if (!extensions) throw new Error('CA certificate has no extensions');
  for (const extension of children(der, children(der, extensions)[0])) {
    const [id, value] = children(der, extension);
    if (decodeOid(content(der, id)) === '2.5.29.14') {
      const inner = der.subarray(value.contentStart, value.end);
      return { name: Buffer.from(whole(der, subject)), keyId: Buffer.from(content(inner, readRoot(inner) as Tlv)) };
    }
  }
  throw new Error('CA certificate has no subjectKeyIdentifier');
}

export interface ToolResult {
  ok: boolean;
  output: string;
}

function run(command: string, args: string[], cwd: string): ToolResult {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
}

/** Writes the CRL into the CA folder under `file` and returns its path. */
export function writeCrl(ca: TestCa, file: string, data: Buffer | string): string {
  const target = path.join(ca.dir, file);
  fs.writeFileSync(target, data);
  return target;
}

export const opensslVerify = (ca: TestCa, derFile: string) =>
  run('openssl', ['crl', '-inform', 'DER', '-in', derFile, '-CAfile', ca.caPem, '-noout', '-verify'], ca.dir);

export const opensslText = (ca: TestCa, derFile: string) => run('openssl', ['crl', '-inform', 'DER', '-in', derFile, '-noout', '-text'], ca.dir);

export const certtoolVerify = (ca: TestCa, pemFile: string) =>
  run('certtool', ['--verify-crl', '--load-ca-certificate', ca.caPem, '--infile', pemFile], ca.dir);
