/**
 * A throw-away PKI made with the openssl CLI, so what the signer writes is checked against independent
 * implementations: a root, a signing CA, a signer (ECDSA P-256 or RSA), a TSA answering RFC 3161
 * requests with `openssl ts -reply`, an OCSP responder answering with `openssl ocsp`, and CRLs from
 * `openssl ca -gencrl`. Also an NSS database trusting the root, for pdfsig.
 */
import { createHash, createPrivateKey, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { run } from './run';
import { nssDatabaseTrusting } from './verifiers';

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
[ca_ext]
basicConstraints = critical,CA:TRUE,pathlen:0
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[signer_ext]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,nonRepudiation
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[tsa_ext]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = critical,timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ocsp_ext]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = critical,OCSPSigning
noCheck = ignored
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[tsa]
default_tsa = tsa_section
[tsa_section]
dir = .
serial = ./tsa-serial
crypto_device = builtin
signer_cert = ./tsa.pem
certs = ./tsa-chain.pem
signer_key = ./tsa.key
signer_digest = sha256
default_policy = 1.3.6.1.4.1.99999.1
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = yes
tsa_name = no
ess_cert_id_chain = no
ess_cert_id_alg = sha256
[ca]
default_ca = ca_root
[ca_root]
database = ./root-index.txt
crlnumber = ./root-crlnumber
default_md = sha256
default_crl_days = 7
[ca_signing]
database = ./signing-ca-index.txt
crlnumber = ./signing-ca-crlnumber
default_md = sha256
default_crl_days = 7
`;

export type KeyAlgorithm = 'ec-p256' | 'rsa-2048';

export interface TestCertificate {
  name: string;
  der: Buffer;
  pemFile: string;
}

export interface TestSigner {
  certificate: Buffer;
  chain: Buffer[];
  key: KeyObject;
  /** Signs the signed attributes as a device or key store would (ECDSA in DER). */
  sign: (data: Buffer) => Promise<Buffer>;
}

export class TestPki {
  readonly dir: string;
  readonly root: TestCertificate;
  readonly signingCa: TestCertificate;
  readonly tsa: TestCertificate;
  readonly ocspResponder: TestCertificate;
  private serial = 0x1000;
  private nss?: string;

  /** `algorithm` is the key type of the authorities, the TSA and the responder (node-forge, in @signpdf, reads RSA only). */
  constructor(
    readonly label = 'Theqa Test',
    readonly algorithm: KeyAlgorithm = 'ec-p256',
  ) {
    this.dir = mkdtempSync(path.join(tmpdir(), 'theqa-pades-pki-'));
    writeFileSync(this.file('openssl.cnf'), CONFIG);
    for (const name of ['root-index.txt', 'signing-ca-index.txt']) writeFileSync(this.file(name), '');
    for (const name of ['root-crlnumber', 'signing-ca-crlnumber', 'tsa-serial']) writeFileSync(this.file(name), '01\n');
    this.generateKey('root', algorithm);
    this.openssl('req', '-x509', '-new', '-key', 'root.key', '-config', 'openssl.cnf', '-extensions', 'root_ext', '-subj', `/O=${label}/CN=${label} Root CA`, '-days', '365', '-sha256', '-out', 'root.pem');
    this.root = this.certificate('root');
    this.signingCa = this.issue('signing-ca', algorithm, `${label} Signing CA`, 'root', 'ca_ext');
    this.tsa = this.issue('tsa', algorithm, `${label} Time-Stamping Unit`, 'root', 'tsa_ext');
    writeFileSync(this.file('tsa-chain.pem'), readFileSync(this.file('tsa.pem')));
    this.ocspResponder = this.issue('ocsp', algorithm, `${label} OCSP Responder`, 'signing-ca', 'ocsp_ext');
  }

  file(name: string): string {
    return path.join(this.dir, name);
  }

  openssl(...args: string[]): string {
    return run('openssl', args, { cwd: this.dir });
  }

  /** A signer certificate from the signing CA, with its key. */
  signer(name: string, commonName: string, algorithm: KeyAlgorithm = 'ec-p256'): TestSigner {
    const certificate = this.issue(name, algorithm, commonName, 'signing-ca', 'signer_ext');
    const key = createPrivateKey(readFileSync(this.file(`${name}.key`)));
    return {
      certificate: certificate.der,
      chain: [this.signingCa.der, this.root.der],
      key,
      sign: async (data) => sign('sha256', data, key.asymmetricKeyType === 'ec' ? { key, dsaEncoding: 'der' } : key),
    };
  }

  /** A PKCS#12 of a signer's key and chain, empty password, in algorithms node-forge reads (for @signpdf). */
  p12(name: string): Buffer {
    this.openssl('pkcs12', '-export', '-inkey', `${name}.key`, '-in', `${name}.pem`, '-certfile', 'signing-ca.pem', '-passout', 'pass:', '-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES', '-macalg', 'sha1', '-out', `${name}.p12`);
    return readFileSync(this.file(`${name}.p12`));
  }

  /** The TSA: an RFC 3161 token (with the TSA's certificate) over a SHA-256 imprint. */
  readonly timeStamp = async (imprint: Buffer): Promise<Buffer> => {
    const id = createHash('sha256').update(imprint).update(String(Math.random())).digest('hex').slice(0, 16);
    this.openssl('ts', '-query', '-digest', imprint.toString('hex'), '-sha256', '-cert', '-out', `${id}.tsq`);
    this.openssl('ts', '-reply', '-config', 'openssl.cnf', '-queryfile', `${id}.tsq`, '-token_out', '-out', `${id}.tsr`);
    return readFileSync(this.file(`${id}.tsr`));
  };

  /** Revocation data as the platform would give it: OCSP for what the signing CA issued, the root's CRL for the rest. */
  readonly revocation = async (certificates: Buffer[]): Promise<{ ocspResponses: Buffer[]; crls: Buffer[]; certificates: Buffer[] }> => {
    const ocspResponses: Buffer[] = [];
    let rootCrl = false;
    for (const der of certificates) {
      const certificate = new X509Certificate(der);
      if (certificate.checkIssued(new X509Certificate(this.signingCa.der))) ocspResponses.push(this.ocsp(der));
      else if (certificate.checkIssued(new X509Certificate(this.root.der)) && !certificate.checkIssued(certificate)) rootCrl = true;
    }
    return { ocspResponses, crls: rootCrl ? [this.crl('root')] : [], certificates: [this.ocspResponder.der, this.root.der] };
  };

  /** A DER OCSPResponse from the signing CA's responder. */
  ocsp(der: Buffer): Buffer {
    const id = createHash('sha256').update(der).digest('hex').slice(0, 16);
    writeFileSync(this.file(`${id}.pem`), new X509Certificate(der).toString());
    this.openssl('ocsp', '-issuer', 'signing-ca.pem', '-cert', `${id}.pem`, '-no_nonce', '-reqout', `${id}.ocspreq`);
    this.openssl('ocsp', '-index', 'signing-ca-index.txt', '-CA', 'signing-ca.pem', '-rsigner', 'ocsp.pem', '-rkey', 'ocsp.key', '-reqin', `${id}.ocspreq`, '-respout', `${id}.ocsp`, '-ndays', '7');
    return readFileSync(this.file(`${id}.ocsp`));
  }

  /** A DER CRL of `ca` ('root' or 'signing-ca'). */
  crl(ca: 'root' | 'signing-ca'): Buffer {
    this.openssl('ca', '-gencrl', '-config', 'openssl.cnf', '-name', ca === 'root' ? 'ca_root' : 'ca_signing', '-keyfile', `${ca}.key`, '-cert', `${ca}.pem`, '-out', `${ca}.crl.pem`);
    this.openssl('crl', '-in', `${ca}.crl.pem`, '-outform', 'DER', '-out', `${ca}.crl`);
    return readFileSync(this.file(`${ca}.crl`));
  }

  /** An NSS database (for pdfsig -nssdir) trusting this PKI's root. */
  nssDatabase(): string {
    this.nss ??= nssDatabaseTrusting(this.file('nss'), [this.root.pemFile]);
    return this.nss;
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  private generateKey(name: string, algorithm: KeyAlgorithm): void {
    const options = algorithm === 'ec-p256' ? ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'] : ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'];
    this.openssl('genpkey', ...options, '-out', `${name}.key`);
  }

  private issue(name: string, algorithm: KeyAlgorithm, commonName: string, issuer: 'root' | 'signing-ca', extensions: string): TestCertificate {
    this.generateKey(name, algorithm);
    const serial = this.serial++;
    this.openssl('req', '-new', '-key', `${name}.key`, '-config', 'openssl.cnf', '-subj', `/O=${this.label}/CN=${commonName}`, '-out', `${name}.csr`);
    this.openssl('x509', '-req', '-in', `${name}.csr`, '-CA', `${issuer}.pem`, '-CAkey', `${issuer}.key`, '-set_serial', String(serial), '-days', '90', '-sha256', '-extfile', 'openssl.cnf', '-extensions', extensions, '-out', `${name}.pem`);
    const certificate = this.certificate(name);
    // The issuer's database, which `openssl ocsp` and `openssl ca -gencrl` read: V, expiry, (no revocation), serial, file, subject.
    const x509 = new X509Certificate(certificate.der);
    const expiry = new Date(x509.validTo).toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z';
    const index = issuer === 'root' ? 'root-index.txt' : 'signing-ca-index.txt';
    writeFileSync(this.file(index), `${readFileSync(this.file(index), 'utf8')}V\t${expiry}\t\t${x509.serialNumber}\tunknown\t/O=${this.label}/CN=${commonName}\n`);
    return certificate;
  }

  private certificate(name: string): TestCertificate {
    const pemFile = this.file(`${name}.pem`);
    return { name, der: Buffer.from(new X509Certificate(readFileSync(pemFile)).raw), pemFile };
  }
}
