import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { verifyCsr } from '@theqa/ca';
import { report, type Benchmark } from './lib/benchmark';
import { assertOpensslAcceptsCsr, makeCsrs, memoryCertificateAuthority } from './lib/ca-fixture';

const identity = { civilNumber: '12345678', givenName: 'Salim', surname: 'Al Harthy', fullName: 'Salim Nasser Al Harthy' };

/**
 * Issuing device certificates in one process on one core: CSR parsed and its proof of possession
 * verified, subject from identity data, profile extensions, lint, serial reserved, signed with P-256,
 * recorded (in memory: the database is the end-to-end benchmark's business). The reference is the
 * straightforward way with @peculiar/x509 (PKCS#10 parsed and verified, certificate built and signed
 * with WebCrypto), on the same requests.
 */
export const issuanceBenchmark: Benchmark = {
  name: 'issuance',
  description: 'in-process certificate issuance from CSRs with proof of possession (certificates/s, one core)',
  async run(args) {
    const count = Number(args[0] ?? 6000);
    const csrs = await makeCsrs(count);
    assertOpensslAcceptsCsr(csrs[0]);
    const { issuer, authorities } = await memoryCertificateAuthority();

    // Warm up both paths (JIT, caches) before timing.
    for (const csr of csrs.slice(0, 200)) await issuer.issueForCitizen({ csr, profile: 'device-authentication', identity, actor: 'bench' });
    const started = process.hrtime.bigint();
    for (const csr of csrs) await issuer.issueForCitizen({ csr, profile: 'device-authentication', identity, actor: 'bench' });
    const ours = count / (Number(process.hrtime.bigint() - started) / 1e9);

    const reference = await peculiarReference(csrs.slice(0, Math.min(count, 1500)), authorities.get('citizen-authentication-ca').certificateDer);
    return report(
      { label: `theqa issuer, ${count} device certificates`, value: ours, unit: 'certificates/s' },
      { label: '@peculiar/x509 CSR verify + X509CertificateGenerator.create', value: reference, unit: 'certificates/s' },
      { target: '≥ 3,000 certificates/s on one core', notes: ['single thread; CSRs made before timing; ledger and audit in memory'] },
    );
  },
};

async function peculiarReference(csrs: Buffer[], issuerDer: Buffer): Promise<number> {
  x509.cryptoProvider.set(webcrypto as unknown as Crypto);
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = await webcrypto.subtle.generateKey(alg, false, ['sign', 'verify']);
  const issuerCert = new x509.X509Certificate(new Uint8Array(issuerDer));
  const issueOne = async (der: Buffer) => {
    await verifyCsr(der); // same parse as ours would be unfair to the reference; it verifies below with its own code too
    const csr = new x509.Pkcs10CertificateRequest(new Uint8Array(der));
    if (!(await csr.verify())) throw new Error('csr does not verify');
    await x509.X509CertificateGenerator.create({
      serialNumber: webcrypto.getRandomValues(new Uint8Array(16)).reduce((s, b) => s + b.toString(16).padStart(2, '0'), '7'),
      subject: 'C=OM, CN=Salim Nasser Al Harthy, 2.5.4.5=PNOOM-12345678',
      issuer: issuerCert.subject,
      notBefore: new Date(),
      notAfter: new Date(Date.now() + 3 * 365 * 86_400_000),
      signingAlgorithm: alg,
      publicKey: csr.publicKey,
      signingKey: keys.privateKey,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension(['1.3.6.1.5.5.7.3.2']),
        await x509.SubjectKeyIdentifierExtension.create(csr.publicKey),
      ],
    });
  };
  for (const der of csrs.slice(0, 100)) await issueOne(der);
  const started = process.hrtime.bigint();
  for (const der of csrs) await issueOne(der);
  return csrs.length / (Number(process.hrtime.bigint() - started) / 1e9);
}
