import * as x509 from '@peculiar/x509';
import { verifyCsr } from '@theqa/ca';

/**
 * The straightforward issuer with @peculiar/x509, one thread, no database: PKCS#10 parsed and verified,
 * certificate built and signed with WebCrypto, one certificate per call. Both issuance benchmarks
 * print a ratio to it.
 */
export async function peculiarIssuer(issuerDer: Buffer): Promise<(der: Buffer) => Promise<unknown>> {
  // The global WebCrypto (Node's own, as the DOM types describe it).
  x509.cryptoProvider.set(crypto);
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = (await crypto.subtle.generateKey(alg, false, ['sign', 'verify'])) as CryptoKeyPair;
  const issuerCert = new x509.X509Certificate(new Uint8Array(issuerDer));
  return async (der: Buffer) => {
    await verifyCsr(der); // same parse as ours would be unfair to the reference; it verifies below with its own code too
    const csr = new x509.Pkcs10CertificateRequest(new Uint8Array(der));
    if (!(await csr.verify())) throw new Error('csr does not verify');
    await x509.X509CertificateGenerator.create({
      serialNumber: crypto.getRandomValues(new Uint8Array(16)).reduce((s, b) => s + b.toString(16).padStart(2, '0'), '7'),
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
}

/** Certificates/s of the reference on these CSRs (after 100 of warm-up). */
export async function peculiarReference(csrs: Buffer[], issuerDer: Buffer): Promise<number> {
  const issueOne = await peculiarIssuer(issuerDer);
  for (const der of csrs.slice(0, 100)) await issueOne(der);
  const started = process.hrtime.bigint();
  for (const der of csrs) await issueOne(der);
  return csrs.length / (Number(process.hrtime.bigint() - started) / 1e9);
}
