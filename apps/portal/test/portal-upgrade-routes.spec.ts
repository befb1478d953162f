import { escapeHtml } from '@theqa/http-shell';
import { IDENTITY_ERRORS, IdentityError } from '@theqa/identity';
import { DEVICE_A, DEVICE_B, PortalFixture } from './portal-fakes';

const CSP = "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'";
const JOURNEY_PATH = /^\/portal\/upgrade\/([0-9a-f-]{36})(\?resumed=1)?$/;

/**
 * The upgrade's pages in-process over a fake of the journey (upgrade-fakes.ts): the guide's order
 * (pick → continue → confirm → QR code), refusals in both languages with what was picked kept, the
 * form token on confirm and abandon, a resumed upgrade, a lapsed code renewed, the journey's ends, and
 * another person's upgrade as unknown as none. (With the gateway, the wallet and the CA:
 * portal-upgrade.e2e.spec.ts.)
 */
describe('the portal upgrade pages', () => {
  const fixture = new PortalFixture();
  const html = async (answer: Response) => ({ status: answer.status, page: await answer.text() });
  /** Logged in, confirmed for `device`: the journey's id and its page. */
  const begin = async (session: { cookie: string; csrf: string }, device = DEVICE_A) => {
    const answer = await fixture.post('/portal/upgrade', session.cookie, { csrf: session.csrf, device });
    expect(answer.status).toBe(303);
    const [, journeyId, resumed] = JOURNEY_PATH.exec(answer.headers.get('location')!)!;
    return { journeyId, resumed: resumed !== undefined, page: await (await fixture.get(answer.headers.get('location')!, session.cookie)).text() };
  };
  const payloadOf = (page: string) => /data-qr-payload="([^"]+)"/.exec(page)?.[1];

  beforeAll(() => fixture.start({ upgrade: true }));
  afterAll(() => fixture.stop());
  beforeEach(() => {
    fixture.calls.length = 0;
    fixture.upgrades.journeys.clear();
    fixture.upgrades.signingKeys.clear();
    fixture.identity.assurance = 'medium';
    fixture.now = new Date();
  });

  it('links the upgrade from the navigation and the dashboard once it is served', async () => {
    const { cookie } = await fixture.login();
    const dashboard = await (await fixture.get('/portal', cookie)).text();
    expect(dashboard).toContain('<li><a href="/portal/upgrade">ترقية الهوية الرقمية</a></li>');
    expect(dashboard).toContain('<p><a href="/portal/upgrade">ابدأ الترقية</a></p>');
  });

  it('lists what the upgrade gives and the active devices to pick from by serial number, names escaped', async () => {
    const { cookie } = await fixture.login();
    fixture.devices.push({ ...fixture.devices[0], serial: 'THQ-0000-0RVK', name: 'Old phone', status: 'revoked' });
    try {
      const { status, page } = await html(await fixture.get('/portal/upgrade', cookie));
      expect(status).toBe(200);
      expect(page).toContain('<html lang="ar" dir="rtl">');
      expect(page).toContain('«طلبات التوقيع» في تطبيق ثقة');
      expect(page).toContain('التوقيع الإلكتروني المعتمد');
      expect(page).toContain('data-level="medium"');
      expect(page).toMatch(/<form method="get" action="\/portal\/upgrade\/confirm"/);
      const radios = [...page.matchAll(/<input type="radio" name="device" id="device-([A-Z0-9-]+)" value="([A-Z0-9-]+)"/g)].map((m) => m[2]);
      expect(radios).toEqual([DEVICE_A, DEVICE_B]);
      expect(page).toContain(`<label for="device-${DEVICE_A}">Salim phone — <bdi dir="ltr">${DEVICE_A}</bdi> <span class="badge neutral">هذه الجلسة</span></label>`);
      expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
      expect(page).not.toContain('<img src=x');
      expect(page).not.toContain('THQ-0000-0RVK');
      expect(page).toContain('<a href="/portal/upgrade" aria-current="page">');
      const en = await (await fixture.get('/portal/upgrade?lang=en', cookie)).text();
      expect(en).toContain('Pick the device that will hold your signing key, by its serial number');
      expect(en).toContain('&quot;Signing requests&quot; in the THEQA app');
      expect(en).toContain('>Continue</button>');
    } finally {
      fixture.devices.pop();
    }
  });

  it('continue: no device picked, or one that is not theirs, is refused in the page language; the confirm page names the device and what follows', async () => {
    const { cookie, csrf } = await fixture.login();
    const none = await html(await fixture.get('/portal/upgrade/confirm', cookie));
    expect(none.status).toBe(400);
    expect(none.page).toMatch(/data-testid="upgrade-refusal" data-code="device-not-picked">\s*<h2 id="error-summary-title">اختر الجهاز الذي تريد ترقيته برقمه التسلسلي.<\/h2>/);
    expect(none.page).toContain(`<a href="#device-${DEVICE_A}">`);
    const noneEn = await html(await fixture.get('/portal/upgrade/confirm?lang=en&device=%3Cscript%3E', cookie));
    expect(noneEn.status).toBe(400);
    expect(noneEn.page).toContain('Pick the device to upgrade by its serial number.');
    expect(noneEn.page).not.toContain('<script>');

    const others = await html(await fixture.get('/portal/upgrade/confirm?device=THQ-9ZZZ-9ZZZ', cookie));
    expect(others.status).toBe(403);
    expect(others.page).toContain(IDENTITY_ERRORS['device-not-yours'].ar);
    expect(others.page).toContain(IDENTITY_ERRORS['device-not-yours'].next!.ar);
    expect((await (await fixture.get('/portal/upgrade/confirm?device=THQ-9ZZZ-9ZZZ&lang=en', cookie)).text())).toContain(IDENTITY_ERRORS['device-not-yours'].next!.en);

    const confirm = await html(await fixture.get(`/portal/upgrade/confirm?device=${DEVICE_B}`, cookie));
    expect(confirm.status).toBe(200);
    expect(confirm.page).toContain(`<span data-testid="picked-serial"><bdi dir="ltr">${DEVICE_B}</bdi></span>`);
    expect(confirm.page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    for (const step of ['مطابقة الوجه', 'رقم هاتفك المسجل لدى الأحوال المدنية', 'الشروط والأحكام', 'مفتاح توقيع منفصل']) expect(confirm.page).toContain(step);
    expect(confirm.page).toMatch(new RegExp(`<form method="post" action="/portal/upgrade" class="actions">\\s*<input type="hidden" name="csrf" value="${csrf}">\\s*<input type="hidden" name="device" value="${DEVICE_B}">`));
    expect(confirm.page).toContain(`<a href="/portal/upgrade?device=${DEVICE_B}">اختيار جهاز آخر</a>`);
    // The language switch keeps the device picked.
    expect(confirm.page).toContain(`href="/portal/upgrade/confirm?device=${DEVICE_B}&amp;lang=en"`);
    const en = await (await fixture.get(`/portal/upgrade/confirm?device=${DEVICE_B}&lang=en`, cookie)).text();
    expect(en).toContain('A separate signing key: the device makes a new signing key, not its login key');
    // Picking another device comes back with this one picked.
    expect(await (await fixture.get(`/portal/upgrade?device=${DEVICE_B}`, cookie)).text()).toContain(`id="device-${DEVICE_B}" value="${DEVICE_B}" checked`);
    expect(fixture.calls).toEqual([]);
  });

  it('refuses confirm and abandon without the form token, with a wrong one, or from another origin; nothing begins or ends', async () => {
    const session = await fixture.login();
    const forged = [
      await fixture.post('/portal/upgrade', session.cookie, { device: DEVICE_A }),
      await fixture.post('/portal/upgrade', session.cookie, { device: DEVICE_A, csrf: 'x'.repeat(43) }),
      await fixture.post('/portal/upgrade', session.cookie, { device: DEVICE_A, csrf: session.csrf }, { origin: 'https://elsewhere.example' }),
    ];
    expect(forged.map((a) => a.status)).toEqual([403, 403, 403]);
    expect(await forged[0].text()).toContain('This request was not carried out and nothing changed');
    expect(forged[2].headers.get('content-security-policy')).toBe(CSP);
    expect(fixture.calls).toEqual([]);
    expect(fixture.upgrades.journeys.size).toBe(0);

    const { journeyId } = await begin(session);
    fixture.calls.length = 0;
    const abandons = [
      await fixture.post(`/portal/upgrade/${journeyId}/abandon`, session.cookie, {}),
      await fixture.post(`/portal/upgrade/${journeyId}/abandon`, session.cookie, { csrf: 'y'.repeat(43) }),
      await fixture.post(`/portal/upgrade/${journeyId}/abandon`, session.cookie, { csrf: session.csrf }, { origin: 'https://elsewhere.example' }),
    ];
    expect(abandons.map((a) => a.status)).toEqual([403, 403, 403]);
    expect(fixture.calls).toEqual([]);
    expect(fixture.upgrades.journeys.get(journeyId)!.status).toBe('open');
  });

  it('confirm begins the upgrade and shows its QR code, its text and the web wallet link, the step, and abandon; followed by the portal script, no meta refresh', async () => {
    const session = await fixture.login();
    const { journeyId, resumed, page } = await begin(session, DEVICE_B);
    expect(resumed).toBe(false);
    expect(fixture.calls).toEqual([`begin ${DEVICE_B}`]);
    const payload = payloadOf(page)!;
    expect(payload).toBe(fixture.upgrades.journeys.get(journeyId)!.scan!.payload);
    expect(page).toMatch(/<div class="qr-image" role="img" aria-label="رمز الاستجابة السريعة للترقية" data-testid="qr"[^>]*><svg [^]*<\/svg>\s*<\/div>/);
    expect(page).toContain(`<input type="text" id="upgrade-code" value="${payload}" readonly dir="ltr" autocomplete="off">`);
    expect(page).toContain(`<a href="/wallet/?upgrade=${encodeURIComponent(payload)}" data-testid="open-web-wallet">`);
    expect(page).toContain('<p id="upgrade-next" role="status" data-testid="upgrade-next">تابع على الجهاز</p>');
    expect(page).toContain(`data-status="open" data-step="scan" data-follow="/portal/upgrade/${journeyId}" data-every="4"`);
    expect(page).toContain('<li data-step="scan" aria-current="step">مسح رمز الاستجابة السريعة — الآن</li>');
    expect(page).toMatch(new RegExp(`<form method="post" action="/portal/upgrade/${journeyId}/abandon" class="actions">\\s*<input type="hidden" name="csrf" value="${session.csrf}">`));
    expect(page).toContain('<script src="/portal/assets/upgrade-follow.js" defer></script>');
    expect(page).not.toMatch(/http-equiv|<script>|<script [^>]*>[^<]/i);
    expect(page).toContain(`<a href="/portal/upgrade/${journeyId}">تحقق الآن</a>`);
    // A reload shows the same code: nothing is renewed while it is valid.
    const again = await (await fixture.get(`/portal/upgrade/${journeyId}?lang=en`, session.cookie)).text();
    expect(payloadOf(again)).toBe(payload);
    expect(again).toContain('Scan the code with the THEQA app on device <bdi dir="ltr">THQ-4HNP-2RWT</bdi>');
    expect(fixture.calls).toEqual([`begin ${DEVICE_B}`]);

    const script = await fixture.get('/portal/assets/upgrade-follow.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('content-security-policy')).toBe(CSP);
    expect(await script.text()).toContain("getElementById('upgrade-detail')");
  });

  it('renews a lapsed code on the next look, for the same journey and device', async () => {
    const session = await fixture.login();
    const { journeyId, page } = await begin(session);
    fixture.now = new Date(fixture.now.getTime() + 121_000);
    fixture.calls.length = 0;
    const renewed = await (await fixture.get(`/portal/upgrade/${journeyId}`, session.cookie)).text();
    expect(fixture.calls).toEqual([`begin ${DEVICE_A}`]);
    expect(payloadOf(renewed)).toMatch(/^theqa:/);
    expect(payloadOf(renewed)).not.toBe(payloadOf(page));
    expect(fixture.upgrades.journeys.size).toBe(1);
  });

  it('refuses in the page language with what to do next, the device picked kept, nothing begun: deceased, card not valid, suspended, rate limited, not theirs', async () => {
    const session = await fixture.login();
    const cases = [
      new IdentityError('person-deceased', 'x'),
      new IdentityError('card-not-valid', 'x', { card_status: 'cancelled' }),
      new IdentityError('identity-suspended', 'x'),
      new IdentityError('rate-limited', 'x', { retry_after: 42.3 }),
      new IdentityError('device-not-yours', 'x'),
    ];
    for (const error of cases) {
      for (const lang of ['ar', 'en'] as const) {
        fixture.upgrades.refuseNext = error;
        const answer = await fixture.post(`/portal/upgrade?lang=${lang}`, session.cookie, { csrf: session.csrf, device: DEVICE_B });
        const { status, page } = await html(answer);
        const words = IDENTITY_ERRORS[error.code];
        expect({ code: error.code, status }).toEqual({ code: error.code, status: words.status });
        expect(page).toContain(`<html lang="${lang}"`);
        expect(page).toContain(`data-code="${error.code}"`);
        expect(page).toContain(`<h2 id="error-summary-title">${words[lang]}</h2>`);
        expect(page).toContain(escapeHtml(words.next![lang]));
        expect(page).toContain(`id="device-${DEVICE_B}" value="${DEVICE_B}" checked`);
        if (error.code === 'rate-limited') expect(answer.headers.get('retry-after')).toBe('43');
      }
    }
    expect(fixture.upgrades.journeys.size).toBe(0);
  });

  it('an identity already HIGH whose every device signs: the page says so, with no form; a confirm sent anyway gets the clear refusal', async () => {
    const session = await fixture.login();
    fixture.identity.assurance = 'high';
    fixture.upgrades.signingKeys.set(DEVICE_A, 'usable');
    fixture.upgrades.signingKeys.set(DEVICE_B, 'usable');
    const page = await (await fixture.get('/portal/upgrade', session.cookie)).text();
    expect(page).toContain('data-level="high"');
    expect(page).toContain('هويتك الرقمية في المستوى المرتفع بالفعل: لا حاجة إلى الترقية.');
    expect(page).not.toContain('<form method="get"');
    expect(page).not.toContain('type="radio"');
    expect(await (await fixture.get(`/portal/upgrade/confirm?device=${DEVICE_A}`, session.cookie)).text()).not.toContain('name="device"');
    for (const lang of ['ar', 'en'] as const) {
      const refused = await html(await fixture.post(`/portal/upgrade?lang=${lang}`, session.cookie, { csrf: session.csrf, device: DEVICE_A }));
      expect(refused.status).toBe(409);
      expect(refused.page).toContain(`<h2 id="error-summary-title">${IDENTITY_ERRORS['already-high'][lang]}</h2>`);
      expect(refused.page).toContain(escapeHtml(IDENTITY_ERRORS['already-high'].next![lang]));
      expect(refused.page).not.toContain('type="radio"');
    }
    expect(fixture.upgrades.journeys.size).toBe(0);
  });

  it('HIGH: offers the renewal of the signing key on the devices without a usable one, in both languages; a device that signs is listed, not offered, and refused if asked for', async () => {
    const session = await fixture.login();
    fixture.identity.assurance = 'high';
    fixture.upgrades.signingKeys.set(DEVICE_A, 'usable');
    fixture.upgrades.signingKeys.set(DEVICE_B, 'unusable');
    fixture.devices.push({ ...fixture.devices[0], serial: 'THQ-0000-0RVK', name: 'Old phone', status: 'revoked' });
    try {
      const { status, page } = await html(await fixture.get('/portal/upgrade', session.cookie));
      expect(status).toBe(200);
      expect(page).toContain('<h1>تجديد مفتاح التوقيع على جهاز</h1>');
      const radios = [...page.matchAll(/<input type="radio" name="device" id="device-([A-Z0-9-]+)" value="([A-Z0-9-]+)"/g)].map((m) => m[2]);
      expect(radios).toEqual([DEVICE_B]);
      expect(page).toContain('شهادة مفتاح التوقيع ملغاة أو منتهية');
      expect(page).toMatch(new RegExp(`data-testid="signing-devices"><li>Salim phone — <bdi dir="ltr">${DEVICE_A}</bdi>: يحمل مفتاح توقيع صالحاً</li></ul>`));
      expect(page).not.toContain('THQ-0000-0RVK');
      expect(page).not.toContain('data-testid="already-high"');
      const en = await (await fixture.get('/portal/upgrade?lang=en', session.cookie)).text();
      expect(en).toContain('<h1>Renew the signing key on a device</h1>');
      expect(en).toContain('Pick the device that will hold the new signing key, by its serial number');
      expect(en).toContain('its signing certificate is revoked or expired');
      expect(en).toContain('holds a valid signing key');

      // Continue with the device that signs: refused, the devices offered again.
      const signs = await html(await fixture.get(`/portal/upgrade/confirm?lang=en&device=${DEVICE_A}`, session.cookie));
      expect(signs.status).toBe(409);
      expect(signs.page).toContain(`data-code="already-high"`);
      expect(signs.page).toContain(escapeHtml(IDENTITY_ERRORS['already-high'].next!.en));
      expect(signs.page).toContain(`<a href="#device-${DEVICE_B}">`);
      // Continue with the one offered: the confirmation of a renewal; confirm begins it.
      const confirm = await html(await fixture.get(`/portal/upgrade/confirm?lang=en&device=${DEVICE_B}`, session.cookie));
      expect(confirm.status).toBe(200);
      expect(confirm.page).toContain('<h1>Confirm the renewal of the signing key</h1>');
      expect(confirm.page).toContain(`name="device" value="${DEVICE_B}"`);
      expect(confirm.page).toContain('<input type="hidden" name="purpose" value="renewal">');
      // A confirmation of the upgrade (a page read while MEDIUM) sent now: the clear refusal, nothing begun.
      const stale = await html(await fixture.post('/portal/upgrade', session.cookie, { csrf: session.csrf, device: DEVICE_B, purpose: 'upgrade' }));
      expect(stale.status).toBe(409);
      expect(stale.page).toContain('data-code="already-high"');
      const refused = await html(await fixture.post('/portal/upgrade', session.cookie, { csrf: session.csrf, device: DEVICE_A }));
      expect(refused.status).toBe(409);
      expect(refused.page).toContain('data-code="already-high"');
      expect(fixture.upgrades.journeys.size).toBe(0);
      const begun = await begin(session, DEVICE_B);
      expect(begun.page).toContain('<h1>تجديد مفتاح التوقيع على جهاز</h1>');
      expect(fixture.upgrades.journeys.get(begun.journeyId)).toMatchObject({ device: DEVICE_B, renewal: true });
      fixture.upgrades.complete(begun.journeyId);
      const done = await (await fixture.get(`/portal/upgrade/${begun.journeyId}?lang=en`, session.cookie)).text();
      expect(done).toContain('<h1>The signing key is renewed</h1>');
    } finally {
      fixture.devices.pop();
    }
  });

  it('a second confirm picks up the open upgrade (a new code), and one the device took up shows its step', async () => {
    const session = await fixture.login();
    const first = await begin(session);
    const second = await begin(session, DEVICE_B);
    expect(second).toMatchObject({ journeyId: first.journeyId, resumed: true });
    expect(second.page).toContain('كانت لديك ترقية جارية، فتتابع من حيث توقفت.');
    expect(payloadOf(second.page)).not.toBe(payloadOf(first.page));
    expect(second.page).toContain(`<bdi dir="ltr">${DEVICE_B}</bdi>`);

    fixture.upgrades.advance(first.journeyId, 'otp');
    const taken = await begin(session);
    expect(taken).toMatchObject({ journeyId: first.journeyId, resumed: true });
    expect(payloadOf(taken.page)).toBeUndefined();
    expect(taken.page).toContain('data-testid="taken-up"');
    expect(taken.page).toContain('<li data-step="face">مطابقة الوجه — تمت</li>');
    expect(taken.page).toContain('<li data-step="otp" aria-current="step">رمز التحقق المرسل إلى هاتفك المسجل — الآن</li>');
    expect(taken.page).toContain('data-step="otp"');
    // The language switch keeps the notice.
    expect(taken.page).toContain(`href="/portal/upgrade/${first.journeyId}?resumed=1&amp;lang=en"`);
  });

  it('abandons: the page says why it ended and offers to start again; abandoning again changes nothing', async () => {
    const session = await fixture.login();
    const { journeyId } = await begin(session, DEVICE_B);
    const abandoned = await fixture.post(`/portal/upgrade/${journeyId}/abandon`, session.cookie, { csrf: session.csrf });
    expect(abandoned.status).toBe(303);
    expect(abandoned.headers.get('location')).toBe(`/portal/upgrade/${journeyId}`);
    expect(fixture.upgrades.journeys.get(journeyId)).toMatchObject({ status: 'failed', failure: 'abandoned' });
    const page = await (await fixture.get(`/portal/upgrade/${journeyId}`, session.cookie)).text();
    expect(page).toContain('<h1>لم تكتمل الترقية</h1>');
    expect(page).toContain('data-testid="upgrade-failed" data-failure="abandoned"');
    expect(page).toContain('تخلّيت عن هذه الترقية في البوابة.');
    expect(page).toContain(`<a href="/portal/upgrade?device=${DEVICE_B}" data-testid="start-again">ابدأ الترقية من جديد</a>`);
    expect(page).not.toContain('upgrade-follow.js');
    expect(page).not.toContain('/abandon');
    const again = await fixture.post(`/portal/upgrade/${journeyId}/abandon`, session.cookie, { csrf: session.csrf });
    expect(again.status).toBe(303);
    expect(fixture.upgrades.journeys.get(journeyId)).toMatchObject({ status: 'failed', failure: 'abandoned' });
    // Started again: another journey.
    const restarted = await begin(session, DEVICE_B);
    expect(restarted.journeyId).not.toBe(journeyId);
    expect(restarted.resumed).toBe(false);
  });

  it('shows a failure with its reason and way out, and the completion with the level HIGH and what is now possible', async () => {
    const session = await fixture.login();
    const failed = await begin(session);
    fixture.upgrades.fail(failed.journeyId, 'face-attempts-exhausted');
    const failure = await (await fixture.get(`/portal/upgrade/${failed.journeyId}?lang=en`, session.cookie)).text();
    expect(failure).toContain(IDENTITY_ERRORS['face-attempts-exhausted'].en);
    expect(failure).toContain('Start the upgrade again');

    const done = await begin(session);
    fixture.upgrades.complete(done.journeyId);
    fixture.identity.assurance = 'high';
    for (const lang of ['ar', 'en'] as const) {
      const page = await (await fixture.get(`/portal/upgrade/${done.journeyId}?lang=${lang}`, session.cookie)).text();
      expect(page).toContain('data-testid="upgrade-done"');
      expect(page).toContain('<span data-testid="assurance" data-level="high"><span class="badge good">');
      expect(page).toContain(lang === 'ar' ? '«طلبات التوقيع» في تطبيق ثقة' : '&quot;Signing requests&quot; in the THEQA app');
      expect(page).toContain(`Salim phone — <bdi dir="ltr">${DEVICE_A}</bdi>`);
      expect(page).not.toContain('upgrade-follow.js');
    }
  });

  it("answers another person's upgrade, a malformed id and an unknown one with the portal's 404, and abandons none of them", async () => {
    const session = await fixture.login();
    const others = fixture.upgrades.othersJourney();
    for (const path of [`/portal/upgrade/${others}`, '/portal/upgrade/not-a-journey', '/portal/upgrade/00000000-0000-4000-8000-000000000000']) {
      const answer = await fixture.get(path, session.cookie);
      expect({ path, status: answer.status }).toEqual({ path, status: 404 });
      expect(await answer.text()).toContain('الصفحة غير موجودة');
    }
    const abandon = await fixture.post(`/portal/upgrade/${others}/abandon`, session.cookie, { csrf: session.csrf });
    expect(abandon.status).toBe(404);
    expect(fixture.upgrades.journeys.get(others)!.status).toBe('open');
    // No session: the login page, whichever upgrade is asked for.
    expect((await fixture.get(`/portal/upgrade/${others}`)).headers.get('location')).toBe('/portal/login');
  });
});

describe('the portal without the upgrade served', () => {
  const fixture = new PortalFixture();

  beforeAll(() => fixture.start());
  afterAll(() => fixture.stop());

  it('has no upgrade pages and no links to them', async () => {
    const session = await fixture.login();
    for (const path of ['/portal/upgrade', `/portal/upgrade/confirm?device=${DEVICE_A}`]) expect((await fixture.get(path, session.cookie)).status).toBe(404);
    expect((await fixture.post('/portal/upgrade', session.cookie, { csrf: session.csrf, device: DEVICE_A })).status).toBe(404);
    expect(fixture.calls).toEqual([]);
    expect(await (await fixture.get('/portal', session.cookie)).text()).not.toContain('href="/portal/upgrade"');
  });
});
