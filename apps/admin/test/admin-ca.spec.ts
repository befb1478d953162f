import { AdminFixture, ADMINS } from './admin-fakes';

/**
 * The CA officer's pages in-process over fakes: the certificate search (filters, bad input, paging),
 * a certificate's page and PEM, revoke / hold / release through `administration.perform` (bad input
 * changes nothing; another administrator's certificate needs a second CA officer), and the CAs page
 * with its key stores, expiry warnings and "publish a CRL now".
 */
describe('the console CA pages', () => {
  const fixture = new AdminFixture();
  const CITIZEN = '20019470';
  const OTHER = '20019471';
  const serial = (n: number) => `7C${n.toString(16).toUpperCase().padStart(4, '0')}`;

  beforeAll(async () => {
    // 52 certificates of one citizen (a page is 50), one of another, one of an administrator, one of the CA officer.
    for (let n = 1; n <= 52; n++) fixture.ca.add(CITIZEN, serial(n));
    fixture.ca.add(OTHER, '5E01', 'qualified-signing');
    fixture.ca.add(ADMINS['support-officer'], 'AD01');
    fixture.ca.add(ADMINS['ca-officer'], 'AD02');
    await fixture.start();
  });
  afterAll(() => fixture.stop());

  const officer = () => fixture.login(ADMINS['ca-officer']);

  it("finds a citizen's certificates newest first, with the older ones a page further; the search is in the audit log", async () => {
    const { cookie } = await officer();
    const page = await (await fixture.get(`/admin/ca/certificates?civilNumber=${CITIZEN}`, cookie)).text();
    const serials = [...page.matchAll(/data-serial="([0-9A-F]+)"/g)].map((m) => m[1]);
    expect(serials).toHaveLength(50);
    expect(serials[0]).toBe(serial(52));
    expect(page).toContain('CN=Test &lt;b&gt;20019470&lt;/b&gt;');
    expect(page).not.toContain('<b>20019470');
    expect(page).toContain('data-status="good"');
    const older = /href="([^"]+)" rel="next" data-testid="older"/.exec(page)![1].replace(/&amp;/g, '&');
    expect(older).toContain(`civilNumber=${CITIZEN}`);
    const next = await (await fixture.get(older, cookie)).text();
    expect([...next.matchAll(/data-serial="([0-9A-F]+)"/g)].map((m) => m[1])).toEqual([serial(2), serial(1)]);
    expect(next).not.toContain('data-testid="older"');
    expect(fixture.audit.events.filter((e) => e.action === 'admin.certificate.view' && e.subject === CITIZEN)).toHaveLength(2);
    // By serial prefix (any case, separators), by profile; the language switch keeps the filters.
    const bySerial = await (await fixture.get('/admin/ca/certificates?serial=5e:0&lang=en', cookie)).text();
    expect([...bySerial.matchAll(/data-serial="([0-9A-F]+)"/g)].map((m) => m[1])).toEqual(['5E01']);
    expect(bySerial).toContain('href="/admin/ca/certificates?serial=5e%3A0&amp;lang=ar"');
    const byProfile = await (await fixture.get('/admin/ca/certificates?profile=qualified-signing&status=good', cookie)).text();
    expect([...byProfile.matchAll(/data-serial="([0-9A-F]+)"/g)].map((m) => m[1])).toEqual(['5E01']);
  });

  it('re-shows the search form with the error in Arabic and English on bad input', async () => {
    const { cookie } = await officer();
    for (const query of ['civilNumber=12ab', 'serial=XYZ', 'status=lost', 'ca=Bad%20CA', 'after=nonsense', 'serial=a&serial=b']) {
      const answer = await fixture.get(`/admin/ca/certificates?${query}`, cookie);
      const page = await answer.text();
      expect({ query, status: answer.status }).toEqual({ query, status: 400 });
      expect(page).toContain('data-testid="input-error"');
      expect(page).toContain('data-testid="certificate-search"');
      expect(page).toMatch(/<span lang="ar" dir="rtl">[^<]+<\/span> — <span lang="en" dir="ltr">[^<]+<\/span>/);
      expect(page).not.toContain('data-testid="certificates"');
    }
    expect(await (await fixture.get('/admin/ca/certificates?serial=XYZ', cookie)).text()).toContain('The serial number is hexadecimal digits');
  });

  it("shows a certificate with its PEM; an unknown or malformed serial is the console's 404", async () => {
    const { cookie, csrf } = await officer();
    const page = await (await fixture.get(`/admin/ca/certificates/${serial(3)}`, cookie)).text();
    expect(page).toContain(`data-serial="${serial(3)}" data-status="good"`);
    expect(page).toContain('data-testid="revoke-form"');
    expect(page).toContain('<option value="keyCompromise">اختراق المفتاح الخاص</option>');
    expect(page).toContain('data-testid="hold"');
    expect(page).not.toContain('data-testid="release"');
    expect(page).not.toContain('data-testid="four-eyes"');
    const pem = await fixture.get(`/admin/ca/certificates/${serial(3)}/pem`, cookie);
    expect(pem.headers.get('content-type')).toContain('application/x-pem-file');
    expect(pem.headers.get('content-disposition')).toBe(`attachment; filename="${serial(3)}.pem"`);
    expect(await pem.text()).toBe(`-----BEGIN CERTIFICATE-----\n${Buffer.from(`certificate ${serial(3)}`).toString('base64')}\n-----END CERTIFICATE-----\n`);
    for (const path of ['/admin/ca/certificates/ABCDEF', '/admin/ca/certificates/not-a-serial', '/admin/ca/certificates/ABCDEF/pem']) {
      const answer = await fixture.get(path, cookie);
      expect({ path, status: answer.status }).toEqual({ path, status: 404 });
      expect(await answer.text()).toContain('data-testid="not-found"');
    }
    expect((await fixture.post('/admin/ca/certificates/ABCDEF/revoke', cookie, { csrf, reason: 'keyCompromise' })).status).toBe(404);
  });

  it('revokes with a reason; an unknown reason, a hold as a reason or a future invalidity date changes nothing', async () => {
    const { cookie, csrf } = await officer();
    const target = serial(5);
    const bad: Array<Record<string, string>> = [{ reason: 'stolen' }, { reason: 'certificateHold' }, {}, { reason: 'keyCompromise', invalidityDate: '2999-01-01' }, { reason: 'keyCompromise', invalidityDate: '2026-02-30' }];
    for (const form of bad) {
      const answer = await fixture.post(`/admin/ca/certificates/${target}/revoke`, cookie, { csrf, ...form });
      const page = await answer.text();
      expect({ form, status: answer.status }).toEqual({ form, status: 400 });
      expect(page).toContain('data-testid="input-error"');
      expect(page).toMatch(/lang="ar"[^]*lang="en"/);
      expect(page).toContain('data-testid="revoke-form"');
    }
    expect(fixture.ca.changes).toEqual([]);
    expect((await fixture.ca.certificate(target))?.status).toBe('good');

    const done = await fixture.post(`/admin/ca/certificates/${target}/revoke`, cookie, { csrf, reason: 'keyCompromise', invalidityDate: '2026-01-02', comment: 'phone stolen' });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(`/admin/ca/certificates/${target}?done=revoked`);
    expect(fixture.ca.changes).toEqual([`revoke ${target} keyCompromise by admin:${ADMINS['ca-officer']}`]);
    const record = await fixture.ca.certificate(target);
    expect(record).toMatchObject({ status: 'revoked', revocationReason: 1, invalidityDate: new Date('2026-01-02T00:00:00Z') });
    const page = await (await fixture.get(`/admin/ca/certificates/${target}?done=revoked&lang=en`, cookie)).text();
    expect(page).toContain('The certificate is revoked.');
    expect(page).toContain('data-reason="keyCompromise"');
    expect(page).not.toContain('data-testid="revoke-form"');
    expect(fixture.audit.events.find((e) => e.action === 'admin.certificate.revoke' && e.subject === target)).toMatchObject({ actor: `admin:${ADMINS['ca-officer']}`, details: { details: { reason: 'keyCompromise', comment: 'phone stolen', holder: CITIZEN } } });
    // Again: the status no longer allows it (a second tab, a double click).
    const again = await fixture.post(`/admin/ca/certificates/${target}/revoke`, cookie, { csrf, reason: 'superseded' });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('لم يتغيّر شيء');
    expect(fixture.ca.changes).toHaveLength(1);
  });

  it('holds and releases', async () => {
    const { cookie, csrf } = await officer();
    const target = serial(6);
    expect((await fixture.post(`/admin/ca/certificates/${target}/release`, cookie, { csrf })).status).toBe(409);
    expect((await fixture.post(`/admin/ca/certificates/${target}/hold`, cookie, { csrf })).headers.get('location')).toBe(`/admin/ca/certificates/${target}?done=held`);
    const held = await (await fixture.get(`/admin/ca/certificates/${target}`, cookie)).text();
    expect(held).toContain('data-status="on-hold"');
    expect(held).toContain('data-testid="release"');
    expect((await fixture.post(`/admin/ca/certificates/${target}/release`, cookie, { csrf })).headers.get('location')).toBe(`/admin/ca/certificates/${target}?done=released`);
    expect((await fixture.ca.certificate(target))?.status).toBe('good');
    expect(fixture.audit.events.filter((e) => e.subject === target).map((e) => e.action)).toEqual(['admin.certificate.hold', 'admin.certificate.release']);
  });

  it("revoking another administrator's certificate takes effect only once a second CA officer approves; one's own does not wait", async () => {
    const { cookie, csrf } = await officer();
    const page = await (await fixture.get('/admin/ca/certificates/AD01', cookie)).text();
    expect(page).toContain('data-testid="holder-administrator"');
    expect(page).toContain('data-testid="four-eyes"');
    const proposed = await fixture.post('/admin/ca/certificates/AD01/revoke', cookie, { csrf, reason: 'affiliationChanged' });
    expect(proposed.headers.get('location')).toBe('/admin/ca/certificates/AD01?done=proposed');
    expect((await fixture.ca.certificate('AD01'))?.status).toBe('good');
    expect(fixture.ca.changes.filter((c) => c.includes('AD01'))).toEqual([]);
    const proposal = (await fixture.proposals.pending(10)).find((p) => p.subject === 'AD01')!;
    expect(proposal).toMatchObject({ action: 'certificate.revoke-administrator', proposer: ADMINS['ca-officer'], details: { reason: 'affiliationChanged' } });
    // The proposer cannot approve it; the second CA officer can.
    expect((await fixture.post(`/admin/approvals/${proposal.id}/approve`, cookie, { csrf })).status).toBe(409);
    expect((await fixture.ca.certificate('AD01'))?.status).toBe('good');
    const second = await fixture.login(ADMINS['second-ca-officer']);
    expect((await fixture.post(`/admin/approvals/${proposal.id}/approve`, second.cookie, { csrf: second.csrf })).headers.get('location')).toBe('/admin/approvals?done=approved');
    expect((await fixture.ca.certificate('AD01'))?.status).toBe('revoked');
    expect(fixture.ca.changes.filter((c) => c.includes('AD01'))).toEqual([`revoke AD01 affiliationChanged by admin:${ADMINS['ca-officer']} approved by admin:${ADMINS['second-ca-officer']}`]);

    // One's own certificate is no other administrator's: revoked at once.
    const own = await fixture.post('/admin/ca/certificates/AD02/revoke', cookie, { csrf, reason: 'superseded' });
    expect(own.headers.get('location')).toBe('/admin/ca/certificates/AD02?done=revoked');
  });

  it('shows other roles only what they may: the support officer and the auditor see certificates but change nothing', async () => {
    for (const who of ['support-officer', 'auditor'] as const) {
      const { cookie, csrf } = await fixture.login(ADMINS[who]);
      const page = await (await fixture.get(`/admin/ca/certificates/${serial(7)}`, cookie)).text();
      expect(page).toContain(`data-serial="${serial(7)}"`);
      expect(page).not.toMatch(/data-testid="(revoke-form|hold|release)"/);
      const refused = await fixture.post(`/admin/ca/certificates/${serial(7)}/revoke`, cookie, { csrf, reason: 'keyCompromise' });
      expect(refused.status).toBe(403);
    }
    expect((await fixture.ca.certificate(serial(7)))?.status).toBe('good');
  });

  it('shows the CAs with their key stores and expiry warnings, and publishes CRLs now, one CA or all', async () => {
    const { cookie, csrf } = await officer();
    const page = await (await fixture.get('/admin/ca', cookie)).text();
    expect([...page.matchAll(/data-testid="key-store" data-kind="(\w+)"/g)].map((m) => m[1])).toEqual(['software', 'software', 'pkcs11']);
    expect(page).toContain('theqa-ca');
    expect(page).toContain('data-testid="expiry-warnings" data-count="1"');
    expect(page).toContain('citizen-authentication-ocsp');
    expect(page).not.toMatch(/master|PIN|-----BEGIN/i);
    expect(page).toContain('data-testid="publish-crl"');

    const one = await fixture.post('/admin/ca/crls', cookie, { csrf, ca: 'citizen-authentication-ca' });
    expect(one.status).toBe(200);
    const shown = await one.text();
    expect(shown).toContain('data-testid="published-crls"');
    expect(shown).toContain('href="/ca/crl/citizen-authentication-ca.crl"');
    expect(fixture.ca.published).toEqual(['citizen-authentication-ca']);
    const all = await (await fixture.post('/admin/ca/crls?lang=en', cookie, { csrf, ca: 'all' })).text();
    expect(all).toContain('2 CRL(s) published.');
    expect(fixture.ca.published).toEqual(['citizen-authentication-ca', 'theqa-root-ca', 'citizen-authentication-ca']);
    const unknown = await fixture.post('/admin/ca/crls', cookie, { csrf, ca: 'nowhere-ca' });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('The CA is not known');
    expect(fixture.ca.published).toHaveLength(3);
    expect(fixture.audit.events.filter((e) => e.action === 'admin.crl.publish').map((e) => e.subject)).toEqual(['citizen-authentication-ca', 'all']);

    // The auditor reads the CAs page, without the button.
    const auditor = await fixture.login(ADMINS.auditor);
    const read = await (await fixture.get('/admin/ca', auditor.cookie)).text();
    expect(read).toContain('data-testid="authorities"');
    expect(read).not.toContain('data-testid="publish-crl"');
  });
});
