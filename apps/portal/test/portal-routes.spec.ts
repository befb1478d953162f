import { CIVIL_NUMBER, DEVICE_A, DEVICE_B, ORIGIN, PortalFixture } from './portal-fakes';

const CSP = "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'";

/**
 * The portal's routes in-process over fakes of the platform's services: what every page and form does
 * with good input, bad input, hostile input, no session, a lapsed one, and requests from elsewhere.
 * (The whole journey, with the gateway, the wallet and the CA, is portal.e2e.spec.ts.)
 */
/** The portal's section links of a page (its navigation), as markup. */
const navigationOf = (page: string) => page.match(/<nav class="sections"[^]*?<\/nav>/)?.[0] ?? '';

describe('the portal routes', () => {
  const fixture = new PortalFixture();

  beforeAll(() => fixture.start());
  afterAll(() => fixture.stop());
  beforeEach(() => {
    fixture.calls.length = 0;
  });

  it('sends the security headers on every answer: pages, refusals, errors, the stylesheet', async () => {
    const { cookie } = await fixture.login();
    const answers = [
      await fixture.get('/portal/login'),
      await fixture.get('/portal', cookie),
      await fixture.get('/portal/nowhere'),
      await fixture.post('/portal/logout', cookie, {}),
      await fixture.get('/portal/assets/portal.css'),
      await fixture.post('/portal/logout', cookie, 'x='.padEnd(20_000, 'a')),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 200, 404, 403, 200, 413]);
    for (const answer of answers) {
      expect(answer.headers.get('content-security-policy')).toBe(CSP);
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      expect(answer.headers.get('referrer-policy')).toBe('same-origin');
      // Served over https (the public URL): browsers keep to https for a year.
      expect(answer.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    }
    expect(answers[0].headers.get('cache-control')).toBe('no-store');
    expect(await answers[4].text()).toContain('font-family');
  });

  it('shows the login page in Arabic, right to left, and in English on request, remembering the choice', async () => {
    const ar = await fixture.get('/portal/login');
    const page = await ar.text();
    expect(page).toContain('<html lang="ar" dir="rtl">');
    expect(page).toContain('الدخول عبر تطبيق ثقة');
    // The ID card: a login of its own, which the gateway's page leads with.
    expect(page).toMatch(/<form method="post" action="\/portal\/login" class="choice" data-testid="login-card">[^]*<input type="hidden" name="with" value="card">[^]*<button type="submit">الدخول بالبطاقة الشخصية<\/button>/);
    expect(page).not.toContain('disabled');
    const en = await fixture.get('/portal/login?lang=en');
    expect(await en.text()).toContain('<html lang="en" dir="ltr">');
    expect(en.headers.get('set-cookie')).toMatch(/^theqa_lang=en; .*HttpOnly/);
    expect(await (await fixture.get('/portal/login', 'theqa_lang=en')).text()).toContain('Log in with the THEQA app');
  });

  it('sends whoever has no session to the login page, saying so when a session lapsed', async () => {
    expect((await fixture.get('/portal')).headers.get('location')).toBe('/portal/login');
    const stale = await fixture.get('/portal/devices', '__Host-theqa_portal=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expect(stale.status).toBe(303);
    expect(stale.headers.get('location')).toBe('/portal/login?ended=session');
    expect(stale.headers.get('set-cookie')).toMatch(/^__Host-theqa_portal=; Path=\/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=Lax$/);
    expect(await (await fixture.get('/portal/login?ended=session')).text()).toContain('انتهت جلستك');
  });

  it('ends a session left idle longer than the idle time, and one past its absolute end', async () => {
    const { cookie } = await fixture.login();
    fixture.now = new Date(fixture.now.getTime() + 14 * 60_000);
    expect((await fixture.get('/portal', cookie)).status).toBe(200);
    fixture.now = new Date(fixture.now.getTime() + 15 * 60_000 + 1000);
    expect((await fixture.get('/portal', cookie)).headers.get('location')).toBe('/portal/login?ended=session');
    const busy = await fixture.login();
    // 35 × 14 minutes: each request within the idle time, the last ones past the eight hours.
    for (let i = 0; i < 35; i++) {
      fixture.now = new Date(fixture.now.getTime() + 14 * 60_000);
      await fixture.get('/portal/pin', busy.cookie);
    }
    expect((await fixture.get('/portal', busy.cookie)).headers.get('location')).toBe('/portal/login?ended=session');
    fixture.now = new Date();
  });

  it('shows the dashboard: names, civil number, assurance and the way up, devices, certificates, pending signatures; every value escaped', async () => {
    const { cookie } = await fixture.login();
    const page = await (await fixture.get('/portal', cookie)).text();
    expect(page).toContain('سالم &lt;b&gt;الحارثي&lt;/b&gt;');
    expect(page).toContain(`<bdi dir="ltr">${CIVIL_NUMBER}</bdi>`);
    expect(page).toContain('data-level="medium"');
    expect(page).toContain('الترقية إلى المستوى المرتفع');
    // No link to an upgrade page that does not exist yet.
    expect(page).not.toContain('href="/portal/upgrade"');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('عقد &lt;script&gt;');
    expect(page).not.toMatch(/<script/i);
    const certificates = /<table data-testid="certificates">([^]*?)<\/table>/.exec(page)![1];
    expect(certificates).toMatch(/المصادقة \(الجهاز\)<\/td><td><bdi dir="ltr">7EFEA97D4C2AB22F<\/bdi><\/td><td><bdi dir="ltr">THQ-7K2M-9QXD<\/bdi><\/td><td><span class="badge good">سارية/);
    expect(certificates).toContain('<span class="badge bad">ملغاة</span>');
    expect(certificates).toMatch(/التوقيع المعتمد.*<span class="badge warn">منتهية<\/span>/);
    expect(page).toMatch(/<th scope="col">الرقم التسلسلي<\/th>/);
    const en = await (await fixture.get('/portal?lang=en', cookie)).text();
    expect(en).toContain('Qualified signing');
    expect(en).toContain('Lease &lt;script&gt;');
  });

  it('shows a session of the ID card (no device) as such: "this session" marks no device', async () => {
    const { cookie } = await fixture.login(null);
    const page = await (await fixture.get('/portal?lang=en', cookie)).text();
    expect(page).toMatch(/data-testid="logged-in-with" data-method="card">The ID card</);
    expect(page).not.toContain('this session');
    const device = await (await fixture.get('/portal?lang=en', (await fixture.login()).cookie)).text();
    expect(device).toMatch(/data-testid="logged-in-with" data-method="device">The THEQA app on device <bdi dir="ltr">THQ-/);
    expect((await fixture.get('/portal/devices', cookie)).status).toBe(200);
    // An enrolled person with the card keeps their identity's sections (a lost phone is reported here).
    const sections = navigationOf(page);
    for (const path of ['/portal/devices', '/portal/pin', '/portal/consents', '/portal/activity']) expect(sections).toContain(`href="${path}"`);
  });

  it('gives a card holder without a digital identity their own dashboard, and sends their identity pages there', async () => {
    const { cookie } = await fixture.login(null, '30000001');
    const page = await (await fixture.get('/portal', cookie)).text();
    expect(page).toContain('data-testid="no-digital-identity"');
    expect(page).toContain('<bdi dir="ltr">30000001</bdi>');
    expect(page).toContain('data-method="card"');
    // No upgrade, devices or PIN in the navigation: they are about a digital identity the holder has not.
    const sections = navigationOf(page);
    expect(sections).toContain('href="/portal/consents"');
    for (const path of ['/portal/upgrade', '/portal/devices', '/portal/pin']) expect(sections).not.toContain(`href="${path}"`);
    for (const path of ['/portal/pin']) {
      const answer = await fixture.get(path, cookie);
      expect([answer.status, answer.headers.get('location')]).toEqual([303, '/portal']);
    }
    // Still logged in: the session was not ended by those pages.
    expect((await fixture.get('/portal', cookie)).status).toBe(200);
  });

  it('shows a blocked PIN on the dashboard and the PIN page, with the way out', async () => {
    const { cookie } = await fixture.login();
    fixture.identity.pinBlockedAt = new Date();
    try {
      expect(await (await fixture.get('/portal', cookie)).text()).toMatch(/data-testid="pin-blocked"[^]*الرقم السري محظور[^]*href="\/portal\/pin"/);
      const pin = await (await fixture.get('/portal/pin?lang=en', cookie)).text();
      expect(pin).toContain('Your PIN is blocked now');
      expect(pin).toContain('npx theqa wallet --home DIR pin reset --new-pin NEW');
      expect(pin).toContain('npx theqa wallet --home DIR pin change --pin OLD --new-pin NEW');
      // The web wallet's own screens (settings and security: change, reset).
      expect(pin).toContain('<a href="/wallet/#settings">Open the web wallet</a>');
    } finally {
      delete fixture.identity.pinBlockedAt;
    }
  });

  it('renames a device, and refuses a bad name in the page language keeping what was typed, changing nothing', async () => {
    const { cookie, csrf } = await fixture.login();
    const refused = await fixture.post(`/portal/devices/${DEVICE_A}/name`, cookie, { csrf, name: '<b>"phone"</b>' });
    expect(refused.status).toBe(400);
    const page = await refused.text();
    expect(page).toContain('يتكوّن اسم الجهاز من حروف وأرقام');
    expect(page).toContain(`value="&lt;b&gt;&quot;phone&quot;&lt;/b&gt;"`);
    expect(page).toContain(`aria-invalid="true"`);
    expect(page).toMatch(/<div class="error-summary" role="alert"[^]*href="#name-THQ-7K2M-9QXD"/);
    const english = await fixture.post(`/portal/devices/${DEVICE_A}/name?lang=en`, cookie, { csrf, name: 'x'.repeat(61) });
    expect(english.status).toBe(400);
    const englishPage = await english.text();
    expect(englishPage).toContain('The device name is at most 60 characters.');
    expect(englishPage).toContain(`value="${'x'.repeat(61)}"`);
    const empty = await fixture.post(`/portal/devices/${DEVICE_A}/name`, cookie, `csrf=${csrf}&name[]=a`);
    expect(await empty.text()).toContain('اكتب اسماً للجهاز.');
    expect(fixture.calls).toEqual([]);

    const renamed = await fixture.post(`/portal/devices/${DEVICE_A}/name`, cookie, { csrf, name: '  هاتف   سالم (2) ' });
    expect(renamed.status).toBe(303);
    expect(renamed.headers.get('location')).toBe(`/portal/devices?renamed=${DEVICE_A}`);
    expect(fixture.calls).toEqual([`rename ${DEVICE_A}   هاتف   سالم (2)  by person:${CIVIL_NUMBER}`]);
    expect(await (await fixture.get(`/portal/devices?renamed=${DEVICE_A}`, cookie)).text()).toContain('أصبح اسم الجهاز THQ-7K2M-9QXD: هاتف سالم (2)');
  });

  it('refuses a form without its token, with a wrong one, or from another origin: 403 in both languages, nothing changed', async () => {
    const { cookie, csrf } = await fixture.login();
    const other = await fixture.login();
    const attempts = [
      await fixture.post(`/portal/devices/${DEVICE_A}/name`, cookie, { name: 'Hacked' }),
      await fixture.post(`/portal/devices/${DEVICE_A}/name`, cookie, { name: 'Hacked', csrf: 'A'.repeat(43) }),
      await fixture.post(`/portal/devices/${DEVICE_A}/name`, cookie, { name: 'Hacked', csrf: other.csrf }),
      await fixture.post(`/portal/devices/${DEVICE_A}/name`, cookie, `name=Hacked&csrf=${csrf}&csrf=${csrf}`),
      await fixture.post(`/portal/devices/${DEVICE_A}/name`, cookie, { name: 'Hacked', csrf }, { origin: 'https://evil.example' }),
      await fixture.post(`/portal/devices/${DEVICE_A}/name`, cookie, { name: 'Hacked', csrf }, { origin: 'null' }),
      await fixture.post(`/portal/devices/${DEVICE_A}/name`, cookie, { name: 'Hacked', csrf }, { referer: 'https://evil.example/page' }),
      await fixture.post(`/portal/devices/${DEVICE_B}/lost`, cookie, { csrf }, { origin: 'https://portal.theqa.test.evil.example' }),
      await fixture.post(`/portal/consents/${fixture.consents[0].id}/withdraw`, cookie, {}),
      await fixture.post('/portal/logout', cookie, { csrf: other.csrf }),
    ];
    expect(attempts.map((a) => a.status)).toEqual(Array(attempts.length).fill(403));
    const page = await attempts[0].text();
    expect(page).toContain('<span lang="ar" dir="rtl">لم يُنفَّذ هذا الطلب ولم يتغيّر شيء');
    expect(page).toContain('<span lang="en" dir="ltr">This request was not carried out and nothing changed');
    expect(fixture.calls).toEqual([]);
    expect(fixture.devices.map((d) => [d.name, d.status])).not.toContainEqual(['Hacked', 'active']);
    expect(fixture.devices.find((d) => d.serial === DEVICE_B)?.status).toBe('active');
    // The session still works: the refusals ended nothing.
    expect((await fixture.get('/portal', cookie)).status).toBe(200);
    // Without a session a form goes to the login page, and changes nothing either.
    const anonymous = await fixture.post(`/portal/devices/${DEVICE_A}/name`, undefined, { name: 'Hacked', csrf });
    expect(anonymous.headers.get('location')).toBe('/portal/login');
    expect(fixture.calls).toEqual([]);
  });

  it('answers malformed ids, wrong methods, huge and odd bodies with pages, never a 500', async () => {
    const { cookie, csrf } = await fixture.login();
    const requests: Array<() => Promise<Response>> = [
      () => fixture.get('/portal/devices/..%2F..%2Fetc/lost', cookie),
      () => fixture.get('/portal/devices/THQ-0000-000%00/lost', cookie),
      () => fixture.get(`/portal/devices/${'A'.repeat(5000)}/lost`, cookie),
      () => fixture.get('/portal/devices/THQ-ZZZZ-ZZZZ/lost', cookie),
      () => fixture.post('/portal/devices/THQ-ZZZZ-ZZZZ/lost', cookie, { csrf }),
      () => fixture.post('/portal/devices/%E0%A4%A/name', cookie, { csrf, name: 'x' }),
      () => fixture.get('/portal/consents/not-a-uuid/withdraw', cookie),
      () => fixture.post('/portal/consents/not-a-uuid/withdraw', cookie, { csrf }),
      () => fixture.post(`/portal/consents/${fixture.othersConsent.id}/withdraw`, cookie, { csrf }),
      () => fixture.get(`/portal/consents/${fixture.othersConsent.id}/withdraw`, cookie),
      () => fixture.get('/portal/consents/x/receipt', cookie),
      () => fixture.get('/portal/activity?before=%00%01', cookie),
      () => fixture.get('/portal/activity?before=a&before=b', cookie),
      () => fixture.get('/portal?lang[]=en', cookie),
      () => fetch(`${fixture.url}/portal/devices`, { method: 'PUT', headers: { cookie } }),
      () => fetch(`${fixture.url}/portal/logout`, { method: 'DELETE', headers: { cookie } }),
      () => fetch(`${fixture.url}/portal/login`, { method: 'PATCH' }),
      () => fetch(`${fixture.url}/portal/callback`, { method: 'POST', headers: { origin: ORIGIN } }),
      () => fixture.post(`/portal/devices/${DEVICE_A}/name`, cookie, '%%%zz=&&&=&csrf'),
      () => fixture.post(`/portal/devices/${DEVICE_A}/name`, cookie, JSON.stringify({ csrf, name: 'x' }), { origin: ORIGIN, 'content-type': 'application/json' }),
      () => fixture.post(`/portal/devices/${DEVICE_A}/name`, cookie, `csrf=${csrf}&name=${'x'.repeat(15_000)}`),
      () => fixture.post(`/portal/devices/${DEVICE_A}/name`, cookie, `csrf=${csrf}&name=${'x'.repeat(2_000_000)}`),
      () => fixture.get('/portal/callback?code=x&state=y'),
      () => fixture.get('/portal/callback?error=access_denied&error_description=%3Cscript%3E'),
    ];
    const statuses: number[] = [];
    for (const request of requests) {
      const answer = await request();
      statuses.push(answer.status);
      const body = await answer.text();
      expect(body).not.toMatch(/at [A-Za-z.]+ \(|node_modules|stack/i);
    }
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses).toEqual([404, 404, 404, 404, 404, 400, 404, 404, 404, 404, 404, 200, 200, 200, 404, 404, 404, 404, 403, 400, 400, 413, 400, 403]);
    expect(fixture.calls).toEqual([]);
  });

  it('withdraws only the person\'s own consent in force, after a confirmation step', async () => {
    const { cookie, csrf } = await fixture.login();
    const [inForce, withdrawn] = fixture.consents;
    const list = await (await fixture.get('/portal/consents', cookie)).text();
    expect(list).toMatch(new RegExp(`data-consent="${inForce.id}" data-client="naql-demo" data-state="in-force"`));
    expect(list).toContain('<li>رقم المدني</li>');
    expect(list).toContain('تسجيل المركبة');
    expect(list).toMatch(new RegExp(`data-consent="${withdrawn.id}" data-client="bank" data-state="withdrawn"`));
    expect(list).not.toContain(`/portal/consents/${withdrawn.id}/withdraw`);
    expect(list).not.toContain('/receipt');
    expect((await fixture.get(`/portal/consents/${withdrawn.id}/withdraw`, cookie)).status).toBe(404);
    const confirm = await (await fixture.get(`/portal/consents/${inForce.id}/withdraw?lang=en`, cookie)).text();
    expect(confirm).toContain('After withdrawal your data is no longer released to Naql (demo)');
    const done = await fixture.post(`/portal/consents/${inForce.id}/withdraw`, cookie, { csrf });
    expect(done.headers.get('location')).toBe(`/portal/consents?withdrawn=${inForce.id}`);
    expect(fixture.calls).toEqual([`withdraw ${inForce.id} by person:${CIVIL_NUMBER}`]);
    expect(await (await fixture.get(done.headers.get('location')!, cookie)).text()).toContain('سُحبت موافقتك لـ نقل (تجريبي)');
    delete inForce.withdrawnAt;
  });

  it('pages the activity newest first, each entry in the page language', async () => {
    const { cookie } = await fixture.login();
    const first = await (await fixture.get('/portal/activity', cookie)).text();
    expect(first.match(/<tr><td>/g)).toHaveLength(20);
    expect(first).toContain('تسجيل الدخول إلى نقل (تجريبي)');
    expect(first).toContain('المحاولة الخاطئة رقم 1');
    expect(first).toMatch(/<td>حدث أمني<\/td><td>mystery\.event<\/td>/);
    expect(first).toContain('href="/portal/activity?before=20" rel="next"');
    const second = await (await fixture.get('/portal/activity?before=20&lang=en', cookie)).text();
    expect(second).toContain('Logged in to Naql (demo)');
    expect(second).toContain('href="/portal/activity?before=40" rel="next"');
    expect(second).toContain('href="/portal/activity">Newest</a>');
    // The language switch keeps the page.
    expect(second).toContain('href="/portal/activity?before=20&amp;lang=ar"');
    const last = await (await fixture.get('/portal/activity?before=40', cookie)).text();
    expect(last.match(/<tr><td>/g)).toHaveLength(5);
    expect(last).not.toContain('rel="next"');
  });

  it('reports a device lost after a confirmation; reporting the session\'s own device ends the session', async () => {
    const mine = await fixture.login(DEVICE_A);
    const onB = await fixture.login(DEVICE_B);
    const confirm = await (await fixture.get(`/portal/devices/${DEVICE_B}/lost`, mine.cookie)).text();
    expect(confirm).toContain('اختراق المفتاح');
    expect(confirm).not.toContain('ستنتهي جلستك أيضاً');
    const reported = await fixture.post(`/portal/devices/${DEVICE_B}/lost`, mine.cookie, { csrf: mine.csrf });
    expect(reported.headers.get('location')).toBe(`/portal/devices?reported=${DEVICE_B}`);
    expect(fixture.calls).toEqual([`lost ${DEVICE_B} by person:${CIVIL_NUMBER}`]);
    expect((await fixture.get('/portal', onB.cookie)).headers.get('location')).toBe('/portal/login?ended=session');
    const list = await (await fixture.get(`/portal/devices?reported=${DEVICE_B}`, mine.cookie)).text();
    expect(list).toContain('أُبلغ عن فقدان الجهاز THQ-4HNP-2RWT');
    expect((await fixture.get(`/portal/devices/${DEVICE_B}/lost`, mine.cookie)).status).toBe(404);

    expect(await (await fixture.get(`/portal/devices/${DEVICE_A}/lost`, mine.cookie)).text()).toContain('ستنتهي جلستك أيضاً');
    const own = await fixture.post(`/portal/devices/${DEVICE_A}/lost`, mine.cookie, { csrf: mine.csrf });
    expect(own.headers.get('location')).toBe('/portal/login?ended=lost');
    expect(own.headers.get('set-cookie')).toMatch(/^__Host-theqa_portal=;/);
    expect((await fixture.get('/portal', mine.cookie)).status).toBe(303);
    for (const d of fixture.devices) d.status = 'active';
  });

  it('starts a login at the gateway, and says so in the page language when the gateway cannot be reached', async () => {
    const foreign = await fixture.post('/portal/login', undefined, { lang: 'en' }, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    const unreachable = await fixture.post('/portal/login', undefined, { lang: 'en' });
    expect(unreachable.status).toBe(502);
    expect(await unreachable.text()).toContain('The login could not be completed.');
    const expired = await fixture.get('/portal/callback?code=abc&state=def');
    expect(await expired.text()).toContain('انتهت مهلة تسجيل الدخول');
  });

  it('logs out: the session ends and the cookie goes', async () => {
    const { cookie, csrf } = await fixture.login();
    const out = await fixture.post('/portal/logout', cookie, { csrf });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/portal/login?ended=logout');
    expect(out.headers.get('set-cookie')).toMatch(/^__Host-theqa_portal=;.*Secure/);
    expect((await fixture.get('/portal', cookie)).headers.get('location')).toBe('/portal/login?ended=session');
  });
});

describe('the portal with consent receipts wired', () => {
  const fixture = new PortalFixture();
  beforeAll(async () => {
    fixture.receipts = async (consentId, civilNumber) => ({ jws: `eyJhbGciOiJFUzI1NiJ9.${Buffer.from(JSON.stringify({ consentId, civilNumber })).toString('base64url')}.c2ln`, fileName: `consent-${consentId}.jws` });
    await fixture.start({ receipts: true });
  });
  afterAll(() => fixture.stop());

  it("links each consent's receipt and serves it as a JWS download, only for the person's own consents", async () => {
    const { cookie } = await fixture.login();
    const [consent] = fixture.consents;
    const list = await (await fixture.get('/portal/consents', cookie)).text();
    expect(list).toContain(`href="/portal/consents/${consent.id}/receipt" download`);
    const receipt = await fixture.get(`/portal/consents/${consent.id}/receipt`, cookie);
    expect(receipt.status).toBe(200);
    expect(receipt.headers.get('content-type')).toBe('application/consent-receipt+jwt');
    expect(receipt.headers.get('content-disposition')).toBe(`attachment; filename="consent-${consent.id}.jws"`);
    const [, payload] = (await receipt.text()).split('.');
    expect(JSON.parse(Buffer.from(payload, 'base64url').toString())).toEqual({ consentId: consent.id, civilNumber: CIVIL_NUMBER });
    expect((await fixture.get(`/portal/consents/${fixture.othersConsent.id}/receipt`, cookie)).status).toBe(404);
    expect((await fixture.get(`/portal/consents/${consent.id}/receipt`)).status).toBe(303);
  });
});
