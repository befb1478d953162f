import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { X509Certificate } from 'node:crypto';
import { openKeyStore } from '@theqa/keys';
import { createDataSource } from '@theqa/persistence';
import { run, testInstallation, theqaAsync, toolIsAvailable } from '@theqa/testing';

/**
 * `npx theqa ca issue --profile organisation-seal …`: a ministry's seal certificate (ETSI EN 319 412-3),
 * its key made in the platform's key store and never anywhere else.
 */
describe('organisation seals', () => {
  const installation = testInstallation();
  const env = { ...process.env };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'theqa-seal-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const issue = (...args: string[]) => theqaAsync(['ca', 'issue', '--profile', 'organisation-seal', ...args, '--json'], env);

  it('issues a qualified seal certificate naming the organisation, its key made in the key store', async () => {
    const result = await issue('--organization-id', 'NTROM-1029384', '--organization-name', 'Ministry of Transport, Communications and IT', '--out', path.join(dir, 'seal.pem'));
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const issued = JSON.parse(result.stdout);
    expect(issued).toMatchObject({ issuer: 'organisation-seal-ca', profile: 'organisation-seal', key_label: 'seal-ntrom-1029384' });
    const certificate = new X509Certificate(issued.pem);
    expect(certificate.subject.split('\n')).toEqual(['C=OM', 'O=Ministry of Transport\\, Communications and IT', 'organizationIdentifier=NTROM-1029384', 'CN=Ministry of Transport\\, Communications and IT']);
    const der = certificate.raw;
    // QC statements: compliance, type eseal, the legal-person semantics identifier; policy QCP-l.
    for (const oid of ['0.4.0.1862.1.1', '0.4.0.1862.1.6.2', '0.4.0.194121.1.2', '0.4.0.194112.1.1']) expect(der.includes(oidBytes(oid))).toBe(true);
    expect(der.includes(oidBytes('0.4.0.1862.1.6.1'))).toBe(false);
    const keyStore = await openKeyStore(installation.keyStore);
    try {
      const key = await keyStore.findKey('seal-ntrom-1029384');
      expect(key?.publicKeySpki.equals(certificate.publicKey.export({ type: 'spki', format: 'der' }) as Buffer)).toBe(true);
    } finally {
      await keyStore.close();
    }
  });

  (toolIsAvailable('openssl') ? it : it.skip)('is accepted by OpenSSL up to the root, with an Arabic organisation name', async () => {
    const result = await issue('--organization-id', 'NTROM-5566778', '--organization-name', 'هيئة تقنية المعلومات', '--out', path.join(dir, 'seal2.pem'));
    expect(result.status).toBe(0);
    const dataSource = createDataSource({ url: installation.databaseUrl, poolSize: 1 });
    await dataSource.initialize();
    try {
      const rows: Array<{ name: string; certificate_der: Buffer }> = await dataSource.query(`SELECT name, certificate_der FROM ca_authority WHERE name IN ('theqa-root-ca', 'organisation-seal-ca')`);
      for (const row of rows) fs.writeFileSync(path.join(dir, `${row.name}.pem`), new X509Certificate(row.certificate_der).toString());
    } finally {
      await dataSource.destroy();
    }
    const verified = run('openssl', ['verify', '-x509_strict', '-CAfile', 'theqa-root-ca.pem', '-untrusted', 'organisation-seal-ca.pem', 'seal2.pem'], { cwd: dir });
    expect(verified.output.trim()).toBe('seal2.pem: OK');
    const text = run('openssl', ['x509', '-in', 'seal2.pem', '-noout', '-subject', '-nameopt', 'RFC2253,-esc_msb'], { cwd: dir }).output;
    expect(text).toContain('organizationIdentifier=NTROM-5566778');
    expect(text).toContain('O=هيئة تقنية المعلومات');
  });

  it.each([
    [['--organization-id', 'ministry', '--organization-name', 'X'], /ETSI EN 319 412-1/],
    [['--organization-name', 'Ministry'], /--organization-id and --organization-name/],
    [['--organization-id', 'NTROM-1', '--organization-name', 'M', '--key-algorithm', 'dsa'], /--key-algorithm/],
  ])('refuses %j with a clear message', async (args, message) => {
    const result = await issue(...args);
    expect(result.status).not.toBe(0);
    expect(JSON.parse(result.stdout).error.message).toMatch(message);
  });

  it('refuses a citizen profile without a request', async () => {
    const citizen = await theqaAsync(['ca', 'issue', '--profile', 'qualified-signing', '--json'], env);
    expect(citizen.status).toBe(2);
    expect(JSON.parse(citizen.stdout).error.message).toMatch(/--csr and --civil-number/);
  });
});

function oidBytes(oid: string): Buffer {
  const [first, second, ...rest] = oid.split('.').map(Number);
  const body = [40 * first + second, ...rest].flatMap((n) => {
    const bytes = [n & 0x7f];
    for (n = Math.floor(n / 128); n > 0; n = Math.floor(n / 128)) bytes.unshift((n & 0x7f) | 0x80);
    return bytes;
  });
  return Buffer.from([0x06, body.length, ...body]);
}
