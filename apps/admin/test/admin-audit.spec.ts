import { generateKeyPairSync, sign } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AuditConsole, linkEvents, verifyAuditExport, type AuditRecord, type AuditSearchFilter, type AuditVerification } from '@theqa/audit';
import { PlatformStatistics, type StatisticsSource } from '@theqa/platform-statistics';
import { WORKSPACE_ROOT } from '@theqa/testing';
import type { AdminAppDependencies } from '../src';
import { AdminFixture, ADMINS } from './admin-fakes';

const OK: AuditVerification = { ok: true, entries: 61, head: { seq: 61, hash: 'ab'.repeat(32) }, checkpoints: { total: 3, latest: { number: 3, seq: 60, at: '2026-03-15T07:00:00.000Z', digest: 'cd'.repeat(32) } }, vouchedThrough: 60, firstUnvouched: 61, failures: [], warnings: [{ code: 'not-checkpointed', seq: 61, message: 'entries after #60 are not covered by a checkpoint yet' }] };
const BROKEN: AuditVerification = { ...OK, ok: false, vouchedThrough: 40, firstUnvouched: 41, failures: [{ code: 'chain-differs', seq: 41, message: 'entries #41–#60 differ from the checkpointed chain' }], warnings: [] };

/** The console over fakes, with an audit log of 120 entries (one an hour from 2026-03-10T00:00Z) and fixed statistics. */
class AuditFixture extends AdminFixture {
  readonly records: AuditRecord[] = [];
  verification: AuditVerification = OK;
  verified: unknown[] = [];
  readonly exportKey = generateKeyPairSync('ec', { namedCurve: 'P-256' });

  constructor() {
    super();
    let head: { seq: number; hash: Buffer } = { seq: 0, hash: Buffer.alloc(32) };
    for (let i = 0; i < 120; i++) {
      const [record] = linkEvents(head, [{ action: i % 2 ? 'certificate.revoked' : 'login.approved', actor: i % 3 ? 'system' : 'admin:31110009', subject: `subject-${i + 1}`, details: { n: i + 1, comment: '<b>bold</b>' } }], new Date(Date.UTC(2026, 2, 10, i)));
      this.records.push(record);
      head = record;
    }
  }

  override dependencies(): AdminAppDependencies {
    const search = async (filter: AuditSearchFilter) =>
      this.records
        .filter((r) => (!filter.actor || r.actor === filter.actor) && (!filter.action || r.action === filter.action) && (!filter.subject || r.subject === filter.subject))
        .filter((r) => (!filter.from || r.occurredAt >= filter.from) && (!filter.to || r.occurredAt < filter.to) && (!filter.beforeSeq || r.seq < filter.beforeSeq))
        .reverse()
        .slice(0, filter.limit);
    const spki = this.exportKey.publicKey.export({ format: 'der', type: 'spki' });
    const records = this.records;
    const auditConsole = new AuditConsole({
      search,
      stretch: async (from, to) => {
        const inside = this.records.filter((r) => r.occurredAt >= from && r.occurredAt < to);
        return inside.length ? { first: inside[0].seq, last: inside[inside.length - 1].seq } : undefined;
      },
      entries: async function* (this: void, stretch) {
        yield* records.filter((r) => r.seq >= stretch.first && r.seq <= stretch.last);
      },
      verify: async (options) => {
        this.verified.push(options);
        return this.verification;
      },
      exportKey: async () => ({ label: 'audit-export-1', signatureAlgorithm: 'ecdsa-with-SHA256', publicKeySpki: spki, sign: async (data) => sign('sha256', data, { key: this.exportKey.privateKey, dsaEncoding: 'der' }) }),
      exportKeys: async () => [spki],
      audit: this.audit,
      maxExportEntries: 24,
    });
    const source: StatisticsSource = {
      enrolments: async () => [{ day: '2026-03-14', count: 3 }, { day: '2026-03-15', count: 2 }],
      logins: async () => [
        { day: '2026-03-15', clientId: 'bank-demo', count: 4, name: { ar: 'البنك التجريبي', en: 'Demo bank' } },
        { day: '2026-03-14', clientId: 'tax-portal', count: 1, name: undefined },
      ],
      signatures: async () => [{ day: '2026-02-20', count: 7 }],
      revocations: async () => [],
    };
    const statistics = new PlatformStatistics({ source, timeZone: 'Asia/Muscat', clock: () => new Date('2026-03-15T08:00:00Z') });
    return { ...super.dependencies(), auditConsole, statistics };
  }
}

const rowsOf = (page: string) => [...(/data-testid="audit-results"[^]*?<\/table>/.exec(page)?.[0] ?? '').matchAll(/<tr><td>[^]*?<\/tr>/g)].map((m) => m[0]);
const subjectsOf = (page: string) => rowsOf(page).map((row) => /subject-(\d+)/.exec(row)?.[1]).map(Number);

describe('the audit pages and the dashboard', () => {
  const fixture = new AuditFixture();

  beforeAll(() => fixture.start());
  afterAll(() => fixture.stop());

  describe('searching the audit log', () => {
    it('shows the newest 50 entries, escaped, with an "older" link that leads to the rest, without a repeat or a gap; each search is itself audited', async () => {
      const { cookie } = await fixture.login(ADMINS.auditor);
      const first = await fixture.get('/admin/audit', cookie);
      expect(first.status).toBe(200);
      const page = await first.text();
      expect(page).toContain('<html lang="ar" dir="rtl">');
      expect(page).toContain('aria-current="page"');
      expect(subjectsOf(page)).toEqual(Array.from({ length: 50 }, (_, i) => 120 - i));
      expect(page).toContain('&lt;b&gt;bold&lt;/b&gt;');
      expect(page).not.toContain('<b>bold</b>');
      const olderOf = (html: string) => /href="([^"]+)" data-testid="older"/.exec(html)?.[1].replace(/&amp;/g, '&');
      expect(olderOf(page)).toBe('/admin/audit?before=71');
      const second = await (await fixture.get(olderOf(page)!, cookie)).text();
      expect(subjectsOf(second)).toEqual(Array.from({ length: 50 }, (_, i) => 70 - i));
      expect(olderOf(second)).toBe('/admin/audit?before=21');
      const third = await (await fixture.get(olderOf(second)!, cookie)).text();
      expect(subjectsOf(third)).toEqual(Array.from({ length: 20 }, (_, i) => 20 - i));
      expect(third).not.toContain('data-testid="older"');
      expect(third).toContain('data-testid="newest"');
      // Smaller pages on request, the size kept on the "older" link.
      const small = await (await fixture.get('/admin/audit?size=20', cookie)).text();
      expect(subjectsOf(small)).toEqual(Array.from({ length: 20 }, (_, i) => 120 - i));
      expect(olderOf(small)).toBe('/admin/audit?size=20&before=101');
      expect(small).toMatch(/<option value="20" selected>/);
      expect(fixture.audit.events.filter((e) => e.action === 'admin.audit.view' && e.actor === `admin:${ADMINS.auditor}`).map((e) => (e.details as { details: unknown }).details)).toEqual([{}, { before: '71' }, { before: '21' }, { size: '20' }]);
    });

    it('filters by actor, action, subject and time (Muscat time), keeping the filter on the "older" link and the language switch', async () => {
      const { cookie } = await fixture.login(ADMINS.auditor);
      const byAll = await (await fixture.get('/admin/audit?actor=system&action=certificate.revoked&subject=subject-2', cookie)).text();
      expect(subjectsOf(byAll)).toEqual([2]);
      // 2026-03-10T04:00+04:00 is 00:00Z (entry 1); to 06:00+04:00 (02:00Z) not included: entries 1 and 2.
      const byTime = await (await fixture.get('/admin/audit?from=2026-03-10T04:00&to=2026-03-10T06:00', cookie)).text();
      expect(subjectsOf(byTime)).toEqual([2, 1]);
      // A whole day "to" includes that day: 2026-03-10 in Muscat is 2026-03-09T20:00Z to 2026-03-10T20:00Z.
      const byDay = await (await fixture.get('/admin/audit?actor=admin:31110009&from=2026-03-10&to=2026-03-10', cookie)).text();
      expect(subjectsOf(byDay)).toEqual([19, 16, 13, 10, 7, 4, 1]);
      // 80 entries by `system`: the filter stays on the "older" link, and the next page holds only older ones.
      const actorOnly = await (await fixture.get('/admin/audit?actor=system', cookie)).text();
      expect(subjectsOf(actorOnly)).toHaveLength(50);
      const older = /href="([^"]+)" data-testid="older"/.exec(actorOnly)![1];
      expect(older).toMatch(/^\/admin\/audit\?actor=system&amp;before=\d+$/);
      const next = subjectsOf(await (await fixture.get(older.replace(/&amp;/g, '&'), cookie)).text());
      expect(next).toHaveLength(30);
      expect(Math.max(...next)).toBeLessThan(Math.min(...subjectsOf(actorOnly)));
      expect(actorOnly).toContain('href="/admin/audit?actor=system&amp;lang=en"');
      expect(actorOnly).toContain('value="system"');
    });

    it('says so when nothing matches', async () => {
      const { cookie } = await fixture.login(ADMINS.auditor);
      const answer = await fixture.get('/admin/audit?actor=admin:nobody&lang=en', cookie);
      expect(answer.status).toBe(200);
      const page = await answer.text();
      expect(page).toContain('data-testid="audit-results"');
      expect(page).toContain('No entry matches this search.');
      expect(page).not.toContain('data-testid="older"');
    });

    it.each([
      ['from=2026-02-30', 'بداية الفترة ليست تاريخًا صحيحًا', 'The start of the period is not a valid date', 'search-from'],
      ['to=yesterday', 'نهاية الفترة ليست تاريخًا صحيحًا', 'The end of the period is not a valid date', 'search-to'],
      ['from=2026-03-10T25:00', 'بداية الفترة ليست تاريخًا صحيحًا', 'The start of the period is not a valid date', 'search-from'],
      ['from=2026-03-11&to=2026-03-10T12:00', 'بداية الفترة بعد نهايتها', 'The period starts after it ends', undefined],
      [`actor=${'a'.repeat(201)}`, 'المنفّذ أطول من 200 حرفًا', 'The actor is longer than 200 characters', undefined],
      ['before=abc', 'موضع الصفحة غير صحيح', 'The page position is not valid', undefined],
      ['size=7', 'عدد السجلات في الصفحة أحد هذه: 50، 20، 100، 200', 'Entries per page is one of 50, 20, 100, 200', 'search-size'],
    ])('re-shows the form with the error for %s, in Arabic and English', async (query, ar, en, invalidField) => {
      const { cookie } = await fixture.login(ADMINS.auditor);
      const answer = await fixture.get(`/admin/audit?${query}`, cookie);
      expect(answer.status).toBe(400);
      const page = await answer.text();
      expect(page).toContain('data-testid="search-error"');
      expect(page).toContain(ar);
      expect(page).toContain('data-testid="search-form"');
      expect(page).not.toContain('data-testid="audit-results"');
      if (invalidField) expect(page).toMatch(new RegExp(`id="${invalidField}"[^>]*aria-invalid="true"`));
      expect(await (await fixture.get(`/admin/audit?${query}&lang=en`, cookie)).text()).toContain(en);
    });
  });

  describe('verifying the chain', () => {
    it('shows the report in words: the chain holds, how far the checkpoints vouch, the latest checkpoint to keep; audited', async () => {
      const { cookie, csrf } = await fixture.login(ADMINS.auditor);
      fixture.verification = OK;
      const answer = await fixture.post('/admin/audit/verify', cookie, { csrf });
      expect(answer.status).toBe(200);
      const page = await answer.text();
      expect(page).toContain('data-testid="verification" data-ok="true"');
      expect(page).toContain('السلسلة سليمة (61 إدخال)، وتضمنها 3 نقطة تحقق موقعة حتى الإدخال رقم 60');
      expect(page).toContain(`>3:${'cd'.repeat(32)}<`);
      expect(page).toContain('data-code="not-checkpointed" data-kind="warning"');
      const en = await (await fixture.post('/admin/audit/verify?lang=en', cookie, { csrf })).text();
      expect(en).toContain('The chain holds (61 entries), vouched for by 3 signed checkpoint(s) up to entry #60');
      expect(fixture.audit.events.filter((e) => e.action === 'admin.audit.verify').at(-1)).toMatchObject({ actor: `admin:${ADMINS.auditor}`, subject: 'audit_log', details: { details: { ok: true, entries: 61, vouched_through: 60, failures: [] } } });
    });

    it('says where the log breaks, and passes a recorded checkpoint on to the verification', async () => {
      const { cookie, csrf } = await fixture.login(ADMINS.auditor);
      fixture.verification = BROKEN;
      const digest = 'ef'.repeat(32);
      const page = await (await fixture.post('/admin/audit/verify', cookie, { csrf, known: `7:${digest}` })).text();
      fixture.verification = OK;
      expect(page).toContain('data-ok="false"');
      expect(page).toContain('السجل لا يصمد للتحقق ابتداءً من الإدخال رقم 41');
      expect(page).toMatch(/data-code="chain-differs" data-kind="failure">السلسلة تخالف ما وقّعته نقاط التحقق[^<]*— الإدخال <bdi dir="ltr">#41<\/bdi>/);
      expect(fixture.verified.at(-1)).toEqual({ known: [{ number: 7, digest }] });
    });

    it('refuses a malformed recorded checkpoint with the form and its error', async () => {
      const { cookie, csrf } = await fixture.login(ADMINS.auditor);
      const calls = fixture.verified.length;
      const answer = await fixture.post('/admin/audit/verify', cookie, { csrf, known: '7:nothex' });
      expect(answer.status).toBe(400);
      const page = await answer.text();
      expect(page).toContain('data-testid="verify-error"');
      expect(page).toMatch(/id="verify-known"[^>]*aria-invalid="true"/);
      expect(fixture.verified.length).toBe(calls);
    });

    it('needs the form token', async () => {
      const { cookie } = await fixture.login(ADMINS.auditor);
      expect((await fixture.post('/admin/audit/verify', cookie, {})).status).toBe(403);
    });
  });

  describe('exporting a period', () => {
    it('downloads the period as a signed file that verifies, audited with the administrator as actor', async () => {
      const { cookie, csrf } = await fixture.login(ADMINS.auditor);
      // Muscat 2026-03-10T04:00 to 10:00 = 00:00Z to 06:00Z: entries 1–6.
      const answer = await fixture.post('/admin/audit/export', cookie, { csrf, from: '2026-03-10T04:00', to: '2026-03-10T10:00' });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-disposition')).toBe('attachment; filename="audit-20260310T000000Z-20260310T060000Z.jsonl"');
      expect(answer.headers.get('content-type')).toMatch(/^application\/jsonl/);
      const content = Buffer.from(await answer.arrayBuffer());
      const verified = verifyAuditExport(content, [fixture.exportKey.publicKey.export({ format: 'der', type: 'spki' })]);
      expect(verified).toMatchObject({ ok: true, entries: 6, header: { first_seq: 1, last_seq: 6, exported_by: `admin:${ADMINS.auditor}` } });
      expect(fixture.audit.events.at(-1)).toMatchObject({ action: 'audit.exported', actor: `admin:${ADMINS.auditor}`, subject: 'audit-20260310T000000Z-20260310T060000Z.jsonl', details: { entries: 6 } });
    });

    it('offers the public key to check it, and shows the documented openssl commands', async () => {
      const { cookie } = await fixture.login(ADMINS.auditor);
      const key = await fixture.get('/admin/audit/export-key', cookie);
      expect(key.status).toBe(200);
      expect(key.headers.get('content-disposition')).toBe('attachment; filename="audit-export-key.pem"');
      expect(await key.text()).toBe(fixture.exportKey.publicKey.export({ format: 'pem', type: 'spki' }).toString());
      const page = await (await fixture.get('/admin/audit', cookie)).text();
      // The commands the page shows are the documented ones, line for line (docs/security/audit.md).
      const shown = /data-testid="verify-commands"><code>([^]*?)<\/code>/.exec(page)![1].replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&').split('\n');
      const documented = fs.readFileSync(path.join(WORKSPACE_ROOT, 'docs/security/audit.md'), 'utf8');
      expect(shown).toHaveLength(3);
      for (const line of shown) expect(documented).toContain(`\n${line}`);
      expect(shown[2]).toMatch(/^openssl dgst -sha256 -verify audit-export-key.pem -signature body.sig body/);
    });

    it.each([
      [{ from: '', to: '2026-03-10T10:00' }, 'حدّد بداية الفترة المراد تصديرها', 'export-from'],
      [{ from: '2026-03-10T04:00', to: '' }, 'حدّد نهاية الفترة المراد تصديرها', 'export-to'],
      [{ from: '2026-03-10T10:00', to: '2026-03-10T04:00' }, 'بداية الفترة بعد نهايتها', 'export-to'],
      [{ from: '2026-13-01T00:00', to: '2026-03-10T04:00' }, 'بداية الفترة ليست تاريخًا صحيحًا', 'export-from'],
      [{ from: '2027-01-01', to: '2027-01-02' }, 'لا سجلات في هذه الفترة', undefined],
      [{ from: '2026-03-10', to: '2026-03-12' }, 'الفترة تضم 68 سجلًا والحد 24: اختر فترة أقصر', undefined],
    ])('re-shows the export form with the error for %j, writing nothing to the log', async (form, ar, invalidField) => {
      const { cookie, csrf } = await fixture.login(ADMINS.auditor);
      const exports = fixture.audit.events.filter((e) => e.action === 'audit.exported').length;
      const answer = await fixture.post('/admin/audit/export', cookie, { csrf, ...form });
      expect(answer.status).toBe(400);
      expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
      const page = await answer.text();
      expect(page).toContain('data-testid="export-error"');
      expect(page).toContain(ar);
      if (form.from) expect(page).toContain(`id="export-from" name="from" value="${form.from}"`);
      if (invalidField) expect(page).toMatch(new RegExp(`id="${invalidField}"[^>]*aria-invalid="true"`));
      expect(fixture.audit.events.filter((e) => e.action === 'audit.exported').length).toBe(exports);
      const en = await (await fixture.post('/admin/audit/export?lang=en', cookie, { csrf, ...form })).text();
      expect(en).toContain('<html lang="en" dir="ltr">');
      expect(en).toContain('data-testid="export-error"');
    });
  });

  it('refuses every audit route to the roles without the audit permissions (the auditor is the only one)', async () => {
    for (const role of ['relying-party-officer', 'ca-officer', 'support-officer'] as const) {
      const { cookie, csrf } = await fixture.login(ADMINS[role]);
      expect((await fixture.get('/admin/audit', cookie)).status).toBe(403);
      expect((await fixture.get('/admin/audit/export-key', cookie)).status).toBe(403);
      const exported = await fixture.post('/admin/audit/export', cookie, { csrf, from: '2026-03-10T04:00', to: '2026-03-10T10:00' });
      expect(exported.status).toBe(403);
      expect(await exported.text()).toContain('data-permission="audit.export"');
    }
  });

  describe('the dashboard', () => {
    it('shows every role the last 30 days as server-drawn charts with their numbers as tables, and logins per relying party', async () => {
      for (const role of ['auditor', 'ca-officer'] as const) {
        const { cookie } = await fixture.login(ADMINS[role]);
        const page = await (await fixture.get('/admin', cookie)).text();
        expect(page).not.toMatch(/<script|style=/i);
        expect(page).toContain('data-testid="range" data-from="2026-02-14" data-to="2026-03-15"');
        const totals = Object.fromEntries([...page.matchAll(/data-testid="chart-([a-z]+)" data-total="(\d+)"/g)].map((m) => [m[1], Number(m[2])]));
        expect(totals).toEqual({ enrolments: 5, logins: 5, signatures: 7, revocations: 0 });
        expect(page.match(/<svg [^>]*role="img"/g)).toHaveLength(4);
        expect(page.match(/<table class="chart-table"/g)).toHaveLength(4);
        expect(page).toContain('<tr><th scope="row">2026-03-14</th><td>3</td><td>3</td></tr>');
        expect(page).toContain('<li data-client="bank-demo" data-total="4">البنك التجريبي (<bdi dir="ltr">bank-demo</bdi>): 4</li>');
        expect(page).toContain('data-client="tax-portal" data-total="1"');
        // The administrator's name, roles and pending approvals stay at the top.
        expect(page).toContain('data-testid="pending-count"');
        expect(page).toContain(`data-role="${role}"`);
      }
    });

    it('shows a chosen range, in English on request, keeping it on the language switch', async () => {
      const { cookie } = await fixture.login(ADMINS['support-officer']);
      const page = await (await fixture.get('/admin?from=2026-03-14&to=2026-03-15&lang=en', cookie)).text();
      expect(page).toContain('data-from="2026-03-14" data-to="2026-03-15"');
      expect(page).toContain('From 2026-03-14 to 2026-03-15, days in Asia/Muscat time.');
      expect(page).toContain('data-testid="chart-signatures" data-total="0"');
      expect(page).toContain('href="/admin?from=2026-03-14&amp;to=2026-03-15&amp;lang=ar"');
    });

    it.each([
      ['from=2026-03-40&to=2026-03-41', 'التاريخ بالصيغة YYYY-MM-DD', 'Dates are written YYYY-MM-DD'],
      ['from=2026-03-15&to=2026-03-01', 'بداية الفترة بعد نهايتها', 'The period starts after it ends'],
      ['from=2024-01-01&to=2026-01-01', 'الفترة 366 يومًا على الأكثر', 'The period is at most 366 days'],
      ['to=2026-03-01', 'التاريخ بالصيغة YYYY-MM-DD', 'Dates are written YYYY-MM-DD'],
    ])('re-shows the range form with the error for %s, without charts', async (query, ar, en) => {
      const { cookie } = await fixture.login(ADMINS.auditor);
      const answer = await fixture.get(`/admin?${query}`, cookie);
      expect(answer.status).toBe(400);
      const page = await answer.text();
      expect(page).toContain('data-testid="range-error"');
      expect(page).toContain(ar);
      expect(page).toContain('data-testid="range-form"');
      expect(page).not.toContain('data-testid="chart-');
      expect(page).toContain('data-testid="roles"');
      expect(await (await fixture.get(`/admin?${query}&lang=en`, cookie)).text()).toContain(en);
    });
  });
});
