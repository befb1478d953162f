import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { AuditConsoleError, describeAuditVerification, writeAuditExport, type AuditConsole } from '@theqa/audit';
import { buildCertificationRequest } from '@theqa/ca';
import { CaOperations, CaOperationsError } from '@theqa/ca-service';
import { SyntheticCivilRegistry, TEST_PERSONS } from '@theqa/dev-standins';
import { createLogger } from '@theqa/http-shell';
import { PostgresCertificateSearch } from '@theqa/persistence';
import { testInstallation, toolIsAvailable } from '@theqa/testing';
import { auditTrust } from '../../src/composition/audit-checkpoints';
import { loadConfiguration } from '../../src/composition/configuration';
import { keyStoreLocation, openAuditConsole } from '../../src/composition/console-services';
import { PlatformServices } from '../../src/composition/platform-services';

/**
 * The services the administrators' console's CA and audit pages call, as the composition root builds
 * them: certificate search (filters, keyset paging), the hierarchy's authorities with their key stores
 * and expiry warnings, status changes with their audit entries, the audit log's search, verification
 * and signed export (checked by openssl, and refused once tampered with).
 */
describe("the console's CA and audit services", () => {
  let services: PlatformServices;
  // Ordinary registry persons 163–165: this suite's (EnrolmentHarness.persons has who takes which).
  const named = new Set<string>(Object.values(TEST_PERSONS));
  const [alice, bader] = new SyntheticCivilRegistry()
    .listPersons()
    .filter((p) => !named.has(p.civil_number) && p.card_status === 'valid' && !p.date_of_death)
    .slice(163, 166)
    .map((p) => p.civil_number);
  const admin = `admin:${alice}`;

  beforeAll(async () => {
    const logger = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });
    const config = loadConfiguration({ ...process.env, PUBLIC_BASE_URL: testInstallation().publicBaseUrl, THEQA_EXPIRY_WARNING_DAYS: '45' });
    services = await PlatformServices.open(config, { logger, actor: 'test:console', applicationName: 'theqa-test-console', poolSize: 3 });
  });
  afterAll(() => services?.close());

  const csr = () => {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    return buildCertificationRequest({
      publicKeySpki: publicKey.export({ type: 'spki', format: 'der' }),
      signatureAlgorithm: 'ecdsa-with-SHA256',
      sign: (data) => sign('sha256', data, { key: privateKey, dsaEncoding: 'der' }),
    });
  };
  const issue = async (civilNumber: string) =>
    (await services.authority()).issueForCitizen({ csr: await csr(), profile: 'device-authentication', identity: { civilNumber, givenName: 'Console', surname: 'Test', fullName: 'Console Test' }, actor: 'test:console' });

  describe('CA operations', () => {
    let operations: CaOperations;
    const serials: string[] = [];
    beforeAll(async () => {
      operations = await services.caOperations();
      // Oldest first: the search lists them the other way round.
      for (let i = 0; i < 5; i++) serials.push((await issue(alice)).serialHex);
      await issue(bader);
    });

    it("finds a person's certificates newest first, a page at a time, without a repeat or a gap", async () => {
      const all = await operations.searchCertificates({ civilNumber: alice });
      expect(all.certificates.map((c) => c.serialHex).slice(0, 5)).toEqual([...serials].reverse());
      expect(all.certificates.every((c) => c.civilNumber === alice && c.ca === 'citizen-authentication-ca' && c.profile === 'device-authentication')).toBe(true);
      const paged: string[] = [];
      let after: string | undefined;
      let pages = 0;
      do {
        const page = await operations.searchCertificates({ civilNumber: alice, pageSize: 2, after });
        expect(page.certificates.length).toBeLessThanOrEqual(2);
        paged.push(...page.certificates.map((c) => c.serialHex));
        after = page.next;
        pages++;
      } while (after);
      expect(paged).toEqual(all.certificates.map((c) => c.serialHex));
      expect(pages).toBe(Math.ceil(all.certificates.length / 2));
      expect((await operations.searchCertificates({ civilNumber: bader })).certificates.every((c) => c.civilNumber === bader)).toBe(true);
    });

    it('finds by serial: a whole serial exactly, a prefix (any case, with separators) every serial that starts with it', async () => {
      const exact = await operations.searchCertificates({ serial: serials[2] });
      expect(exact.certificates.map((c) => c.serialHex)).toEqual([serials[2]]);
      const prefix = serials[2].slice(0, 4);
      const typed = `${prefix.slice(0, 2).toLowerCase()}:${prefix.slice(2)}`;
      const found = await operations.searchCertificates({ serial: typed, pageSize: 200 });
      expect(found.certificates.map((c) => c.serialHex)).toContain(serials[2]);
      expect(found.certificates.every((c) => c.serialHex.startsWith(prefix))).toBe(true);
      expect((await operations.searchCertificates({ serial: `${serials[2]}00` })).certificates).toEqual([]);
    });

    it('filters by status, CA and profile; hold, release and revoke take effect and are audited with who approved', async () => {
      const held = await operations.hold({ serialHex: serials[0], actor: admin, comment: 'lost phone' });
      expect(held.status).toBe('on-hold');
      const revoked = await operations.revoke({ serialHex: serials[1], reason: 'keyCompromise', actor: admin, approvedBy: `admin:${bader}` });
      expect(revoked.status).toBe('revoked');
      const byStatus = async (status: 'good' | 'revoked' | 'on-hold' | 'pending') => (await operations.searchCertificates({ civilNumber: alice, status })).certificates.map((c) => c.serialHex);
      expect(await byStatus('on-hold')).toEqual([serials[0]]);
      expect(await byStatus('revoked')).toEqual([serials[1]]);
      expect(await byStatus('good')).toEqual([serials[4], serials[3], serials[2]]);
      expect(await byStatus('pending')).toEqual([]);
      expect((await operations.searchCertificates({ civilNumber: alice, status: 'revoked' })).certificates[0].reason).toBe('keyCompromise');
      expect((await operations.searchCertificates({ civilNumber: alice, ca: 'citizen-signing-ca' })).certificates).toEqual([]);
      expect((await operations.searchCertificates({ civilNumber: alice, ca: 'citizen-authentication-ca' })).certificates).toHaveLength(5);
      expect((await operations.searchCertificates({ civilNumber: alice, profile: 'qualified-signing' })).certificates).toEqual([]);
      expect((await operations.searchCertificates({ civilNumber: alice, profile: 'device-authentication', status: 'good', ca: 'citizen-authentication-ca' })).certificates).toHaveLength(3);
      expect((await operations.release({ serialHex: serials[0], actor: admin })).status).toBe('good');
      expect(await byStatus('on-hold')).toEqual([]);

      const audit = await services.auditConsole();
      const entries = (await audit.search({ subject: serials[1], action: 'certificate.revoked' })).entries;
      expect(entries).toHaveLength(1);
      expect(entries[0].actor).toBe(admin);
      expect(String(entries[0].details.comment)).toContain(`approved by admin:${bader}`);
      expect((await audit.search({ subject: serials[0], actor: admin })).entries.map((e) => e.action)).toEqual(['certificate.released', 'certificate.held']);
    });

    it('publishes a CRL now, with the revoked certificate in it', async () => {
      expect(operations.crlIssuers()).toContain('citizen-authentication-ca');
      const [crl] = await operations.publishCrls('citizen-authentication-ca');
      expect(crl.issuer).toBe('citizen-authentication-ca');
      expect(crl.entries).toBeGreaterThanOrEqual(1);
      expect(crl.nextUpdate.getTime()).toBeGreaterThan(Date.now());
    });

    it('refuses bad search input with a bilingual error, never a database error', async () => {
      for (const query of [{ serial: 'not hex' }, { civilNumber: '12ab' }, { status: 'expired' as never }, { ca: 'Root CA; --' }, { pageSize: 0 }, { pageSize: 1000 }, { after: 'garbage' }, { after: Buffer.from('["yesterday","AB"]').toString('base64url') }]) {
        const error = await operations.searchCertificates(query).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(CaOperationsError);
        expect((error as CaOperationsError).code).toBe('certificate-query-invalid');
        expect((error as CaOperationsError).title.ar).toBeTruthy();
      }
    });

    it('lists the authorities with their key labels and store, never a secret, and warns of expiry within the configured days', async () => {
      expect(operations.expiryWarningDays).toBe(45);
      const authorities = operations.authorities();
      const root = authorities.find((a) => a.name === 'theqa-root-ca')!;
      expect(authorities[0]).toBe(root);
      expect(root).toMatchObject({ role: 'root-ca', issuer: 'theqa-root-ca', key: { label: 'theqa-root-ca', algorithm: 'ec-p384', store: { kind: 'software', directory: testInstallation().keyStore.directory } } });
      const responder = authorities.find((a) => a.name === 'citizen-authentication-ocsp')!;
      expect(responder).toMatchObject({ role: 'ocsp-responder', issuer: 'citizen-authentication-ca', roleLabel: { en: 'OCSP responder' } });
      expect(authorities.map((a) => a.role)).toEqual(expect.arrayContaining(['issuing-ca', 'time-stamping-unit']));
      expect(JSON.stringify(authorities)).not.toContain(testInstallation().keyStore.masterKey);
      expect(keyStoreLocation({ kind: 'pkcs11', library: '/usr/lib/softhsm/libsofthsm2.so', tokenLabel: 'theqa', pin: '123456' })).toEqual({ kind: 'pkcs11', library: '/usr/lib/softhsm/libsofthsm2.so', tokenLabel: 'theqa' });
      // The test hierarchy is fresh: nothing expires within 45 days.
      expect(operations.expiryWarnings()).toEqual([]);

      const authority = await services.authority();
      const at = (clock: Date, days: number) =>
        new CaOperations({ authority, search: new PostgresCertificateSearch(services.database.dataSource), keyStore: root.key.store, expiryWarningDays: days, clock: () => clock });
      const responderLife = responder.notAfter.getTime();
      // 10 days before the responder's certificate expires, a 30-day warning names it, with the days left.
      const soon = at(new Date(responderLife - 10 * 86_400_000 - 3_600_000), 30).expiryWarnings();
      const warning = soon.find((w) => w.authority === 'citizen-authentication-ocsp')!;
      expect(warning).toMatchObject({ role: 'ocsp-responder', daysLeft: 10, expired: false });
      expect(warning.message.en).toContain('expires on');
      expect(warning.message.ar).toContain('citizen-authentication-ocsp');
      expect(soon.map((w) => w.notAfter.getTime())).toEqual([...soon.map((w) => w.notAfter.getTime())].sort((a, b) => a - b));
      // …a 5-day warning does not yet; after expiry it is expired.
      expect(at(new Date(responderLife - 10 * 86_400_000 - 3_600_000), 5).expiryWarnings().map((w) => w.authority)).not.toContain('citizen-authentication-ocsp');
      const late = at(new Date(responderLife + 86_400_000), 5).expiryWarnings().find((w) => w.authority === 'citizen-authentication-ocsp')!;
      expect(late).toMatchObject({ expired: true });
      expect(late.message.en).toContain('expired on');
    });
  });

  describe('the audit log', () => {
    let audit: AuditConsole;
    const actor = `test:console-${process.pid}-${Date.now()}`;
    let from: Date;
    let to: Date;
    beforeAll(async () => {
      audit = await services.auditConsole();
      from = new Date(Date.now() - 1000);
      for (let i = 1; i <= 7; i++) await services.audit.append({ action: i % 2 ? 'test.console-odd' : 'test.console-even', actor, subject: `subject-${i}`, details: { i, text: 'نص "quoted"' } });
      await services.audit.flush();
      to = new Date(Date.now() + 1000);
    });

    it('searches by actor, action, subject and time, newest first, a page at a time', async () => {
      const all = await audit.search({ actor });
      expect(all.entries.map((e) => e.details.i)).toEqual([7, 6, 5, 4, 3, 2, 1]);
      expect(all.older).toBeUndefined();
      const seen: unknown[] = [];
      let before: string | undefined;
      do {
        const page = await audit.search({ actor, pageSize: 3, before });
        seen.push(...page.entries.map((e) => e.details.i));
        before = page.older;
      } while (before);
      expect(seen).toEqual([7, 6, 5, 4, 3, 2, 1]);
      expect((await audit.search({ actor, action: 'test.console-even' })).entries.map((e) => e.details.i)).toEqual([6, 4, 2]);
      expect((await audit.search({ actor, subject: 'subject-5' })).entries.map((e) => e.action)).toEqual(['test.console-odd']);
      expect((await audit.search({ actor, from, to })).entries).toHaveLength(7);
      expect((await audit.search({ actor, to: from })).entries).toHaveLength(0);
      expect((await audit.search({ actor, from: to })).entries).toHaveLength(0);
      for (const query of [{ from: to, to: from }, { pageSize: 201 }, { before: '-1' }, { actor: 'x'.repeat(201) }, { from: new Date('nonsense') }]) {
        await expect(audit.search(query)).rejects.toBeInstanceOf(AuditConsoleError);
      }
    });

    it('verifies the chain and its checkpoints as a report a page can show', async () => {
      await services.auditCheckpoints().checkpoint();
      const report = await audit.verify();
      expect(report.ok).toBe(true);
      expect(report.entries).toBeGreaterThanOrEqual(7);
      expect(report.checkpoints.total).toBeGreaterThanOrEqual(1);
      expect(report.vouchedThrough).toBeGreaterThan(0);
      expect(describeAuditVerification(report).en).toMatch(/^The chain holds \(\d+ entries\), vouched for by \d+ signed checkpoint/);
      expect(describeAuditVerification({ ...report, ok: false, firstUnvouched: 12, failures: [{ code: 'x', message: 'x' }] }).en).toBe('The log does not verify from entry #12: 1 failure(s)');
    });

    describe('export', () => {
      const haveOpenssl = toolIsAvailable('openssl');
      let dir: string;
      beforeAll(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'theqa-audit-export-'));
      });
      afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

      it('writes the range as one signed JSON Lines file that openssl verifies, and records the export', async () => {
        const exported = await audit.export({ from, to, actor: admin });
        const lines = exported.content.toString('utf8').trimEnd().split('\n');
        const header = JSON.parse(lines[0]);
        expect(header).toMatchObject({ type: 'theqa-audit-export', version: 1, from: from.toISOString(), to: to.toISOString(), exported_by: admin, key: { label: 'audit-export-1', algorithm: 'ecdsa-with-SHA256' } });
        expect(header.entries).toBe(lines.length - 2);
        const mine = lines.slice(1, -1).map((l) => JSON.parse(l)).filter((e) => e.actor === actor);
        expect(mine.map((e) => JSON.parse(e.details).i)).toEqual([1, 2, 3, 4, 5, 6, 7]);
        expect((await audit.verifyExport(exported.content)).ok).toBe(true);
        expect((await audit.search({ actor: admin, action: 'audit.exported' })).entries[0]).toMatchObject({ subject: exported.fileName, details: { entries: header.entries } });

        if (!haveOpenssl) return;
        // The documented check, with openssl and coreutils alone (docs/security/audit.md).
        fs.writeFileSync(path.join(dir, 'export.jsonl'), exported.content);
        fs.writeFileSync(path.join(dir, 'audit-export-key.pem'), await audit.exportPublicKeyPem());
        const check = (file: string) =>
          spawnSync('bash', ['-c', `head -n -1 ${file} > body && tail -n 1 ${file} | sed -E 's/^[{]"signature":"([^"]+)"[}]$/\\1/' | base64 -d > body.sig && openssl dgst -sha256 -verify audit-export-key.pem -signature body.sig body`], { cwd: dir, encoding: 'utf8' });
        const verified = check('export.jsonl');
        expect(verified.stdout.trim()).toBe('Verified OK');
        expect(verified.status).toBe(0);

        // One character changed in one entry: openssl and the console both refuse it.
        const tampered = Buffer.from(exported.content.toString('utf8').replace(`"subject":"subject-3"`, `"subject":"subject-8"`), 'utf8');
        expect(tampered.equals(exported.content)).toBe(false);
        fs.writeFileSync(path.join(dir, 'tampered.jsonl'), tampered);
        const refused = check('tampered.jsonl');
        expect(refused.status).not.toBe(0);
        expect(refused.stdout).toContain('Verification failure');
      });

      it('refuses a tampered export, one re-signed by another key, and a truncated one', async () => {
        const exported = await audit.export({ from, to, actor: admin });
        const text = exported.content.toString('utf8');
        const tampered = await audit.verifyExport(Buffer.from(text.replace(`"subject":"subject-3"`, `"subject":"subject-8"`), 'utf8'));
        expect(tampered.ok).toBe(false);
        expect(tampered.failures.map((f) => f.code)).toEqual(expect.arrayContaining(['export-signature-invalid', 'entry-hash-mismatch']));
        // Rewritten and signed again by a key the platform does not hold.
        const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
        const lines = text.trimEnd().split('\n');
        const entries = lines.slice(1, -1).map((l) => JSON.parse(l)).filter((e) => e.actor !== actor);
        const forged = await writeAuditExport(
          entries.map((e) => ({ seq: e.seq, occurredAt: new Date(e.occurred_at), action: e.action, actor: e.actor, subject: e.subject, details: e.details, prevHash: Buffer.from(e.prev_hash, 'hex'), hash: Buffer.from(e.hash, 'hex') })),
          { from, to, exportedAt: new Date(), exportedBy: admin },
          { label: 'audit-export-1', signatureAlgorithm: 'ecdsa-with-SHA256', publicKeySpki: publicKey.export({ type: 'spki', format: 'der' }), sign: async (data) => sign('sha256', data, { key: privateKey, dsaEncoding: 'der' }) },
        );
        expect((await audit.verifyExport(forged.content)).failures.map((f) => f.code)).toContain('export-key-unknown');
        // A line removed from the middle (and the signature left): the link and the count break too.
        const dropped = [...lines.slice(0, 2), ...lines.slice(3)].join('\n') + '\n';
        const droppedReport = await audit.verifyExport(Buffer.from(dropped, 'utf8'));
        expect(droppedReport.ok).toBe(false);
        expect(droppedReport.failures.map((f) => f.code)).toEqual(expect.arrayContaining(['export-signature-invalid', 'export-count-mismatch']));
        expect((await audit.verifyExport(exported.content.subarray(0, exported.content.length - 5))).ok).toBe(false);
      });

      it('refuses an empty range and one larger than the configured limit', async () => {
        await expect(audit.export({ from: new Date('2001-01-01T00:00:00Z'), to: new Date('2001-01-02T00:00:00Z'), actor: admin })).rejects.toMatchObject({ code: 'audit-export-empty' });
        const small = openAuditConsole({
          dataSource: services.database.dataSource,
          keyStore: await services.keyStore(),
          audit: services.audit,
          trust: auditTrust(await services.keyStore(), await services.authority()),
          actor: 'test:console',
          maxExportEntries: 3,
        });
        const error = await small.export({ from, to, actor: admin }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(AuditConsoleError);
        expect((error as AuditConsoleError).code).toBe('audit-export-too-large');
        expect((error as AuditConsoleError).title.ar).toContain('اختر فترة أقصر');
      });
    });
  });
});
