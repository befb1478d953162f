import { ADMINISTRATOR_ROLES, PERMISSIONS, rolesMay, type AdministratorRole } from '@theqa/administration';
import { ADMIN_ROUTES } from '../src';
import { AdminFixture, ADMINS, CITIZEN, ORIGIN } from './admin-fakes';

const CSP = "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'";

/** A concrete path for a route of the table (its parameters filled in). */
const concrete = (path: string) => path.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');

/**
 * The console's routes in-process over fakes: headers, language, sessions (HIGH only, 15 idle
 * minutes), the route table's permissions walked for every role, forms' checks, and approvals.
 */
describe('the console routes', () => {
  const fixture = new AdminFixture();

  beforeAll(() => fixture.start());
  afterAll(() => fixture.stop());

  it('sends the security headers on every answer: pages, refusals, not found, the stylesheet, too large', async () => {
    const { cookie } = await fixture.login(ADMINS.auditor);
    const answers = [
      await fixture.get('/admin/login'),
      await fixture.get('/admin', cookie),
      await fixture.get('/admin/nowhere'),
      await fixture.post('/admin/logout', cookie, {}),
      await fixture.get('/admin/assets/admin.css'),
      await fixture.post('/admin/logout', cookie, 'x='.padEnd(20_000, 'a')),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 200, 404, 403, 200, 413]);
    for (const answer of answers) {
      expect(answer.headers.get('content-security-policy')).toBe(CSP);
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      expect(answer.headers.get('x-frame-options')).toBe('DENY');
      expect(answer.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    }
    expect(answers[1].headers.get('cache-control')).toBe('no-store');
    expect(await answers[4].text()).toContain('font-family');
    expect(await answers[1].text()).not.toMatch(/<script|style=/i);
  });

  it('shows the login page in Arabic, right to left, and in English on request', async () => {
    const ar = await (await fixture.get('/admin/login')).text();
    expect(ar).toContain('<html lang="ar" dir="rtl">');
    expect(ar).toContain('الدخول عبر تطبيق ثقة');
    expect(ar).toContain('بمستوى ضمان مرتفع');
    const en = await fixture.get('/admin/login?lang=en');
    expect(await en.text()).toContain('<html lang="en" dir="ltr">');
    expect(en.headers.get('set-cookie')).toMatch(/^theqa_lang=en; .*HttpOnly/);
  });

  it('sends whoever has no console session to log in: no cookie, a stale one, a portal session, a MEDIUM one', async () => {
    expect((await fixture.get('/admin')).headers.get('location')).toBe('/admin/login');
    const stale = await fixture.get('/admin/approvals', '__Host-theqa_admin=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expect(stale.headers.get('location')).toBe('/admin/login?ended=session');
    expect(stale.headers.get('set-cookie')).toMatch(/^__Host-theqa_admin=; Path=\/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=Lax$/);
    // The portal's cookie is not the console's: it is not even read.
    const { cookie } = await fixture.login(ADMINS.auditor);
    const asPortal = cookie.replace('__Host-theqa_admin=', '__Host-theqa_portal=');
    expect((await fixture.get('/admin', asPortal)).headers.get('location')).toBe('/admin/login');
    const medium = await fixture.login(ADMINS.auditor, 'medium');
    expect((await fixture.get('/admin', medium.cookie)).headers.get('location')).toBe('/admin/login?ended=session');
    expect(await (await fixture.get('/admin/login?ended=session')).text()).toContain('انتهت جلستك');
  });

  it('ends a session left idle 15 minutes', async () => {
    const { cookie } = await fixture.login(ADMINS.auditor);
    fixture.now = new Date(fixture.now.getTime() + 14 * 60_000);
    expect((await fixture.get('/admin', cookie)).status).toBe(200);
    fixture.now = new Date(fixture.now.getTime() + 15 * 60_000 + 1000);
    expect((await fixture.get('/admin', cookie)).headers.get('location')).toBe('/admin/login?ended=session');
    fixture.now = new Date();
  });

  it('shows the administrator, their roles, and the navigation their roles allow; every value escaped', async () => {
    const { cookie } = await fixture.login(ADMINS['support-and-auditor']);
    const page = await (await fixture.get('/admin', cookie)).text();
    expect(page).toContain('مسؤول &lt;b&gt;تجريبي&lt;/b&gt;');
    expect(page).toContain(`<bdi dir="ltr">${ADMINS['support-and-auditor']}</bdi>`);
    expect([...page.matchAll(/data-role="([a-z-]+)"/g)].map((m) => m[1])).toEqual(['support-officer', 'auditor']);
    const nav = /<nav class="sections"[^]*?<\/nav>/.exec(page)![0];
    const shown = [...nav.matchAll(/href="([^"]+)"/g)].map((m) => m[1]);
    const allowed = ADMIN_ROUTES.filter((r) => r.method === 'GET' && r.nav && r.permission !== 'public' && rolesMay(['support-officer', 'auditor'], r.permission)).map((r) => r.path);
    expect(shown).toEqual(allowed);
    expect(shown).toContain('/admin/approvals');
    const en = await (await fixture.get('/admin?lang=en', cookie)).text();
    expect(en).toContain('Support officer');
    expect(en).toContain('Auditor (read only)');
  });

  it('answers every route of the table, for every role, with the 403 page where the role lacks its permission', async () => {
    // A person off the roster (a session from before the roster changed) holds no role at all.
    const people: Array<{ label: string; civilNumber: string; roles: AdministratorRole[] }> = [
      ...ADMINISTRATOR_ROLES.map((role) => ({ label: role, civilNumber: ADMINS[role], roles: [role] })),
      { label: 'support-and-auditor', civilNumber: ADMINS['support-and-auditor'], roles: ['support-officer', 'auditor'] },
      { label: 'off the roster', civilNumber: CITIZEN, roles: [] },
    ];
    let forbidden = 0;
    for (const person of people) {
      expect(fixture.rolesOf(person.civilNumber)).toEqual(person.roles);
      for (const route of ADMIN_ROUTES.filter((r) => r.permission !== 'public')) {
        const { cookie, csrf } = await fixture.login(person.civilNumber);
        const path = concrete(route.path);
        const answer = route.method === 'GET' ? await fixture.get(path, cookie) : await fixture.post(path, cookie, { csrf });
        const page = await answer.text();
        const permission = route.permission as keyof typeof PERMISSIONS;
        const where = `${person.label}: ${route.method} ${route.path}`;
        if (rolesMay(person.roles, permission)) {
          expect({ where, forbidden: page.includes('data-testid="forbidden"') }).toEqual({ where, forbidden: false });
          continue;
        }
        forbidden += 1;
        expect({ where, status: answer.status }).toEqual({ where, status: 403 });
        expect(page).toContain(`data-testid="forbidden" data-permission="${permission}"`);
        expect(page).toContain('<html lang="ar" dir="rtl">');
        const en = route.method === 'GET' ? await (await fixture.get(`${path}?lang=en`, cookie)).text() : page;
        expect(en).toContain('Your roles do not allow this');
      }
    }
    expect(forbidden).toBeGreaterThan(0);
    // Each refusal is in the audit log, with who and what.
    expect(fixture.audit.events.filter((e) => e.action === 'admin.refused' && e.actor === `admin:${CITIZEN}`).length).toBeGreaterThan(0);
  });

  it('serves exactly the routes of the table (a page added without its line in the table would be caught here)', () => {
    const router = (fixture.app.getHttpAdapter().getInstance() as { router?: { stack: unknown[] }; _router?: { stack: unknown[] } });
    const stack = (router.router ?? router._router)!.stack as Array<{ route?: { path: string; methods: Record<string, boolean> } }>;
    const served = stack
      .filter((layer) => layer.route && String(layer.route.path).startsWith('/admin') && !String(layer.route.path).includes('*'))
      .flatMap((layer) => Object.keys(layer.route!.methods).filter((m) => m !== '_all').map((m) => `${m.toUpperCase()} ${layer.route!.path}`));
    expect(served.sort()).toEqual(ADMIN_ROUTES.map((r) => `${r.method} ${r.path}`).sort());
  });

  it('refuses a form from another origin, without the form token or with another session\'s, changing nothing', async () => {
    const proposal = await fixture.administration.perform(fixture.roster.administrator(ADMINS['support-officer'])!, { action: 'identity.suspend', subject: '20019460' });
    const id = proposal.outcome === 'proposed' ? proposal.proposal.id : '';
    const { cookie, csrf } = await fixture.login(ADMINS['second-support-officer']);
    const other = await fixture.login(ADMINS['second-support-officer']);
    const answers = [
      await fixture.post(`/admin/approvals/${id}/approve`, cookie, { csrf }, { origin: 'https://evil.example' }),
      await fixture.post(`/admin/approvals/${id}/approve`, cookie, {}),
      await fixture.post(`/admin/approvals/${id}/approve`, cookie, { csrf: other.csrf }),
      await fixture.post(`/admin/approvals/${id}/approve`, cookie, { csrf }, { referer: 'https://evil.example/x' }),
    ];
    expect(answers.map((a) => a.status)).toEqual([403, 403, 403, 403]);
    for (const answer of answers) expect(await answer.text()).toContain('data-testid="refused"');
    expect(fixture.executed).toEqual([]);
    expect((await fixture.proposals.find(id))?.status).toBe('pending');
    expect((await fixture.post(`/admin/approvals/${id}/approve`, cookie, JSON.stringify({ csrf }), { origin: ORIGIN, 'content-type': 'application/json' })).status).toBe(400);
  });

  it('lists proposals; the proposer cannot approve their own; a role that cannot do the action is refused; a second administrator approves once', async () => {
    const proposer = fixture.roster.administrator(ADMINS['support-officer'])!;
    const proposed = await fixture.administration.perform(proposer, { action: 'identity.suspend', subject: '20019461', details: { reason: '<script>x</script>' } });
    const id = proposed.outcome === 'proposed' ? proposed.proposal.id : '';
    expect(fixture.executed.filter((e) => e.includes('20019461'))).toEqual([]);

    const own = await fixture.login(ADMINS['support-officer']);
    const ownPage = await (await fixture.get('/admin/approvals', own.cookie)).text();
    expect(ownPage).toContain('data-why="own"');
    expect(ownPage).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(ownPage).not.toContain('<script>');
    const ownTry = await fixture.post(`/admin/approvals/${id}/approve`, own.cookie, { csrf: own.csrf });
    expect(ownTry.status).toBe(409);
    expect(await ownTry.text()).toContain('لا يمكنك البتّ في طلب قدّمته بنفسك');

    const rp = await fixture.login(ADMINS['relying-party-officer']);
    expect(await (await fixture.get('/admin/approvals', rp.cookie)).text()).toContain('data-why="role"');
    const rpTry = await fixture.post(`/admin/approvals/${id}/approve?lang=en`, rp.cookie, { csrf: rp.csrf });
    expect(rpTry.status).toBe(403);
    expect(await rpTry.text()).toContain('data-permission="identity.suspend"');
    expect(fixture.executed.filter((e) => e.includes('20019461'))).toEqual([]);

    const second = await fixture.login(ADMINS['second-support-officer']);
    const secondPage = await (await fixture.get('/admin/approvals', second.cookie)).text();
    expect(secondPage).toContain(`action="/admin/approvals/${id}/approve"`);
    // 100 approvals at once (a double click, many tabs): one takes effect.
    const answers = await Promise.all(Array.from({ length: 100 }, () => fixture.post(`/admin/approvals/${id}/approve`, second.cookie, { csrf: second.csrf })));
    expect(answers.filter((a) => a.status === 303).map((a) => a.headers.get('location'))).toEqual(['/admin/approvals?done=approved']);
    expect(answers.filter((a) => a.status === 409)).toHaveLength(99);
    expect(fixture.executed.filter((e) => e.includes('20019461'))).toEqual([`suspend 20019461 by admin:${ADMINS['support-officer']} approved by admin:${ADMINS['second-support-officer']}`]);
    expect(fixture.audit.events.find((e) => e.action === 'admin.identity.suspend' && e.subject === '20019461')).toMatchObject({ actor: `admin:${ADMINS['support-officer']}`, details: { approver: `admin:${ADMINS['second-support-officer']}` } });
    const after = await (await fixture.get('/admin/approvals?done=approved', second.cookie)).text();
    expect(after).toContain('تمت الموافقة ونُفّذ الإجراء.');
    expect(after).toMatch(/data-testid="recent-proposals"[^]*20019461[^]*نُفّذ/);
  });

  it('rejects with a reason: the action never takes effect', async () => {
    const proposed = await fixture.administration.perform(fixture.roster.administrator(ADMINS['relying-party-officer'])!, { action: 'relying-party.disable', subject: 'bank-demo' });
    const id = proposed.outcome === 'proposed' ? proposed.proposal.id : '';
    // The only other RP officer is... none: the support officer's roles cannot decide it.
    const support = await fixture.login(ADMINS['support-officer']);
    expect((await fixture.post(`/admin/approvals/${id}/reject`, support.cookie, { csrf: support.csrf, reason: 'no' })).status).toBe(403);
    const proposal = await fixture.proposals.find(id);
    expect(proposal?.status).toBe('pending');
    // A second support officer rejecting a suspension does work:
    const suspension = await fixture.administration.perform(fixture.roster.administrator(ADMINS['support-officer'])!, { action: 'identity.suspend', subject: '20019462' });
    const second = await fixture.login(ADMINS['second-support-officer']);
    const rejected = await fixture.post(`/admin/approvals/${suspension.outcome === 'proposed' ? suspension.proposal.id : ''}/reject`, second.cookie, { csrf: second.csrf, reason: 'wrong person' });
    expect(rejected.headers.get('location')).toBe('/admin/approvals?done=rejected');
    expect(fixture.executed.filter((e) => e.includes('20019462'))).toEqual([]);
    expect(await (await fixture.get('/admin/approvals', second.cookie)).text()).toContain('wrong person');
    expect((await fixture.post('/admin/approvals/not-a-proposal/approve', second.cookie, { csrf: second.csrf })).status).toBe(404);
  });

  it('logs out: the session ends, the audit log says so, and the cookie is cleared', async () => {
    const { cookie, csrf } = await fixture.login(ADMINS.auditor);
    const out = await fixture.post('/admin/logout', cookie, { csrf });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/admin/login?ended=logout');
    expect((await fixture.get('/admin', cookie)).headers.get('location')).toBe('/admin/login?ended=session');
    expect(fixture.audit.events.at(-1)).toMatchObject({ action: 'admin.logout', actor: `admin:${ADMINS.auditor}` });
  });
});
