import 'reflect-metadata';
import { report, type Benchmark } from './lib/benchmark';
import { assertOpensslAcceptsCsr, makeCsrs, memoryCertificateAuthority } from './lib/ca-fixture';
import { peculiarReference } from './lib/peculiar-reference';

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
