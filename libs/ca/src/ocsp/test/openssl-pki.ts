import { spawnSync } from 'node:child_process';
import { createPrivateKey, createPublicKey, sign, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SigningKey } from '@theqa/keys';

/**
 * A throw-away P-256 PKI made with the openssl CLI, so that the tests check our DER against an
 * independent implementation: an issuing CA, its delegated OCSP responder, two leaves, and an
 * unrelated CA with a leaf of its own.
 */
export interface TestPki {
  dir: string;
  caDer: Buffer;
  responderDer: Buffer;
  responderKeyPem: string;
  otherCaDer: Buffer;
  /** Serials (normalised hex) of leaf1 (high bit set: its INTEGER has a 0x00 sign octet) and leaf2. */
  serials: { leaf1: string; leaf2: string };
  /** Runs openssl in the PKI folder. */
  openssl(args: string[], input?: Buffer): { status: number | null; stdout: string; stderr: string };
  /** `openssl ocsp … -reqout`: the DER request. */
  request(args: string[]): Buffer;
  /** Writes `response` and checks it with `openssl ocsp -respin -reqin -resp_text`; combined output. */
  check(response: Buffer, request: Buffer, extra?: string[]): { status: number | null; output: string };
  remove(): void;
}

const CONFIG = `
[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[ca_ext]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[responder_ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = OCSPSigning
noCheck = ignored
authorityKeyIdentifier = keyid
[plain_ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
authorityKeyIdentifier = keyid
`;

export function createTestPki(): TestPki {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'theqa-ocsp-'));
  const run = (args: string[], input?: Buffer) => {
    const result = spawnSync('openssl', args, { cwd: dir, input, encoding: 'buffer' });
    if (result.error) throw result.error;
    return { status: result.status, stdout: result.stdout.toString('latin1'), stderr: result.stderr.toString('latin1') };
  };
  const must = (args: string[]) => {
    const result = run(args);
    if (result.status !== 0) throw new Error(`openssl ${args.join(' ')} failed: ${result.stderr}`);
    return result;
  };
  fs.writeFileSync(path.join(dir, 'pki.cnf'), CONFIG);
  const key = (name: string) => must(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`]);
  const rootCa = (name: string, subject: string) => {
    key(name);
    must(['req', '-new', '-x509', '-config', 'pki.cnf', '-extensions', 'ca_ext', '-key', `${name}.key`, '-subj', subject, '-days', '30', '-out', `${name}.pem`]);
  };
  const issue = (name: string, ca: string, subject: string, serial: string, extensions: string) => {
    key(name);
    must(['req', '-new', '-config', 'pki.cnf', '-key', `${name}.key`, '-subj', subject, '-out', `${name}.csr`]);
    must(['x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.pem`, '-CAkey', `${ca}.key`, '-set_serial', serial, '-days', '30', '-extfile', 'pki.cnf', '-extensions', extensions, '-out', `${name}.pem`]);
  };
  rootCa('ca', '/C=SA/O=Theqa Test/CN=Theqa Test Issuing CA');
  issue('responder', 'ca', '/C=SA/O=Theqa Test/CN=Theqa Test OCSP Responder', '0x1001', 'responder_ext');
  issue('leaf1', 'ca', '/CN=Leaf One', '0x8f2a0b11c3', 'plain_ext');
  issue('leaf2', 'ca', '/CN=Leaf Two', '0x0a1b2c3d', 'plain_ext');
  rootCa('other', '/C=SA/O=Elsewhere/CN=Some Other CA');
  issue('otherleaf', 'other', '/CN=Other Leaf', '0x8f2a0b11c3', 'plain_ext');

  const der = (name: string) => new X509Certificate(fs.readFileSync(path.join(dir, `${name}.pem`))).raw;
  return {
    dir,
    caDer: der('ca'),
    responderDer: der('responder'),
    responderKeyPem: fs.readFileSync(path.join(dir, 'responder.key'), 'utf8'),
    otherCaDer: der('other'),
    serials: { leaf1: '8f2a0b11c3', leaf2: '0a1b2c3d' },
    openssl: run,
    request(args) {
      const out = path.join(dir, `req-${process.hrtime.bigint()}.der`);
      must(['ocsp', ...args, '-reqout', out]);
      return fs.readFileSync(out);
    },
    check(response, request, extra = ['-issuer', 'ca.pem', '-CAfile', 'ca.pem']) {
      const id = process.hrtime.bigint();
      fs.writeFileSync(path.join(dir, `resp-${id}.der`), response);
      fs.writeFileSync(path.join(dir, `req-${id}.der`), request);
      const result = run(['ocsp', '-respin', `resp-${id}.der`, '-reqin', `req-${id}.der`, ...extra, '-resp_text']);
      // the responder certificate's text is long and says nothing about the response: left out
      const output = (result.stdout + result.stderr).replace(/^Certificate:\n[\s\S]*?-----END CERTIFICATE-----\n/m, '');
      return { status: result.status, output };
    },
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** A SigningKey over a PEM private key that counts its signatures: "served from cache" is "not signed". */
export function countingSigningKey(privateKeyPem: string): SigningKey & { calls: number } {
  const key = createPrivateKey(privateKeyPem);
  return {
    label: 'test-ocsp-responder',
    keyAlgorithm: 'ec-p256',
    signatureAlgorithm: 'ecdsa-with-SHA256',
    publicKeySpki: createPublicKey(key).export({ type: 'spki', format: 'der' }),
    calls: 0,
    async sign(data: Buffer) {
      this.calls++;
      return sign('sha256', data, { key, dsaEncoding: 'der' });
    },
  };
}
