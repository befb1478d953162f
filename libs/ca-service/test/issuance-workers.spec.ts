import { generateKeyPairSync, sign } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { buildCertificationRequest, CaError, readCertificateFields } from '@theqa/ca';
import { openKeyStore, type KeyStore } from '@theqa/keys';
import { createDataSource, PostgresAuditLog } from '@theqa/persistence';
import { testInstallation, WORKSPACE_ROOT } from '@theqa/testing';
import { CertificateAuthority, type CertificateAuthorityOptions } from '../src';
import path from 'node:path';

/** Citizen issuance on worker threads: the same certificates, recorded and audited by the main thread. */
describe('issuance workers', () => {
  let dataSource: DataSource;
  let keyStore: KeyStore;
  let ca: CertificateAuthority;
  const installation = testInstallation();
  const options = (): CertificateAuthorityOptions => ({
    dataSource,
    keyStore,
    audit: new PostgresAuditLog(dataSource),
    certsDir: installation.certsDir,
    publicBaseUrl: installation.publicBaseUrl,
    ocspValiditySeconds: 3600,
    crlValidityHours: 24,
  });
  const identity = { civilNumber: '55500001', givenName: 'Worker', surname: 'Test', fullName: 'Worker Test' };

  beforeAll(async () => {
    dataSource = createDataSource({ url: installation.databaseUrl, poolSize: 4 });
    await dataSource.initialize();
    keyStore = await openKeyStore(installation.keyStore);
    // The workers run from these TypeScript sources, as the platform's composition root tells them.
    ca = await CertificateAuthority.open({ ...options(), workers: { size: 2, keyStore: installation.keyStore, loader: path.join(WORKSPACE_ROOT, 'tools/ts-hook.cjs') } });
  });
  afterAll(async () => {
    await ca?.close();
    await keyStore?.close();
    await dataSource?.destroy();
  });

  const csr = async () => {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    return buildCertificationRequest({
      publicKeySpki: publicKey.export({ type: 'spki', format: 'der' }),
      signatureAlgorithm: 'ecdsa-with-SHA256',
      sign: (data) => sign('sha256', data, { key: privateKey, dsaEncoding: 'der' }),
    });
  };

  it('start for the software key store, and issue concurrently: every certificate recorded good and audited, signed by the CA', async () => {
    expect(await ca.startIssuanceWorkers()).toBe(2);
    const requests = await Promise.all(Array.from({ length: 24 }, () => csr()));
    const issued = await Promise.all(requests.map((der, i) => ca.issueForCitizen({ csr: i % 2 ? der : der.toString('base64'), profile: 'device-authentication', identity, actor: 'test:workers' })));
    expect(new Set(issued.map((c) => c.serialHex)).size).toBe(24);
    const issuerCa = ca.authorities.get('citizen-authentication-ca');
    for (const certificate of issued) {
      expect(Buffer.isBuffer(certificate.der)).toBe(true);
      expect(readCertificateFields(certificate.der).issuerDer.equals(issuerCa.nameDer)).toBe(true);
    }
    const rows: Array<{ status: string }> = await dataSource.query(`SELECT status FROM ca_certificate WHERE serial_hex = ANY($1::text[])`, [issued.map((c) => c.serialHex)]);
    expect(rows.map((r) => r.status)).toEqual(Array(24).fill('good'));
    const audited: Array<{ n: number }> = await dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'certificate.issued' AND subject = ANY($1::text[])`, [issued.map((c) => c.serialHex)]);
    expect(audited[0].n).toBe(24);
  });

  it('refusals cross back as the same CaError codes, and nothing is recorded for them', async () => {
    const refusal = (request: Parameters<CertificateAuthority['issueForCitizen']>[0]) => ca.issueForCitizen(request).catch((error: unknown) => error);
    const garbage = await refusal({ csr: 'garbage', profile: 'device-authentication', identity, actor: 'test:workers' });
    expect(garbage).toBeInstanceOf(CaError);
    expect((garbage as CaError).code).toBe('csr-malformed');
    const profile = await refusal({ csr: await csr(), profile: 'no-such-profile', identity, actor: 'test:workers' });
    expect((profile as CaError).code).toBe('profile-unknown');
  });

  it('are not started when none are asked for', async () => {
    const inline = await CertificateAuthority.open(options());
    try {
      expect(await inline.startIssuanceWorkers()).toBe(0);
      const issued = await inline.issueForCitizen({ csr: await csr(), profile: 'device-authentication', identity, actor: 'test:inline' });
      expect(issued.issuer).toBe('citizen-authentication-ca');
    } finally {
      await inline.close();
    }
  });
});
