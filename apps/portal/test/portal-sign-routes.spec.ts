import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { CIVIL_NUMBER, ORIGIN, PortalFixture } from './portal-fakes';

const CSP = "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'";
const PASSWORD_PDF = fs.readFileSync(path.join(__dirname, 'fixtures', 'password.pdf'));

async function testPdf(pages = 2): Promise<Buffer> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  for (let i = 1; i <= pages; i++) document.addPage([595, 842]).drawText(`Portal signing test, page ${i}`, { x: 72, y: 760, size: 18, font });
  return Buffer.from(await document.save({ useObjectStreams: false }));
}

/**
 * "Sign a PDF" in-process over the portal's fakes (the signing service's own checks of the request and
 * the document are the real ones): who may sign, the upload form's CSRF and origin checks, bad input
 * told in the page's language with what was typed kept and nothing created, bodies refused before they
 * are read, the review page, the person's own requests only, the download. (The journey with the wallet
 * and the real signing service is portal-sign.e2e.spec.ts.)
 */
describe('the portal: sign a PDF', () => {
  const fixture = new PortalFixture();
  let pdf: Buffer;
  const FIELDS = { name_ar: 'عقد إيجار <شقة>', name_en: 'Flat "tenancy" contract', reason: 'Approval of the contract' };

  beforeAll(async () => {
    pdf = await testPdf();
    await fixture.start({ signing: true });
  });
  afterAll(() => fixture.stop());
  beforeEach(() => {
    fixture.calls.length = 0;
    fixture.identity.assurance = 'high';
    fixture.hasSigningKey = true;
    fixture.features.upgrade = false;
    fixture.uploads = { left: Number.POSITIVE_INFINITY, retryAfterSeconds: 1800, counted: 0 };
  });

  it('shows "sign a PDF" in the navigation once it is served', async () => {
    const { cookie } = await fixture.login();
    const page = await (await fixture.get('/portal', cookie)).text();
    expect(page).toContain('<a href="/portal/sign">توقيع مستند PDF</a>');
  });

  it('tells a MEDIUM person why they cannot sign, with the upgrade linked only once it is served; their upload is refused unread', async () => {
    fixture.identity.assurance = 'medium';
    fixture.hasSigningKey = false;
    const { cookie, csrf } = await fixture.login();
    const ar = await fixture.get('/portal/sign', cookie);
    expect(ar.status).toBe(200);
    const page = await ar.text();
    expect(page).toContain('data-problem="signer-not-high"');
    expect(page).toContain('التوقيع الإلكتروني المعتمد يتطلب هوية رقمية بالمستوى المرتفع');
    expect(page).toContain('صفحة الترقية في هذه البوابة لم تُتح بعد');
    expect(page).not.toContain('href="/portal/upgrade"');
    expect(page).not.toContain('data-testid="upload-form"');
    const en = await (await fixture.get('/portal/sign?lang=en', cookie)).text();
    expect(en).toContain('A qualified electronic signature needs a digital identity at the high level, and yours is at the medium level.');

    fixture.features.upgrade = true;
    const linked = await (await fixture.get('/portal/sign?lang=en', cookie)).text();
    expect(linked).toMatch(/<a href="\/portal\/upgrade">Upgrade to the high level<\/a>/);

    const refused = await fixture.upload('/portal/sign', cookie, { csrf, ...FIELDS }, { bytes: pdf });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('connection')).toBe('close');
    expect(await refused.text()).toContain('data-problem="signer-not-high"');
    expect(fixture.calls).toEqual([]);
    expect(fixture.signingRequests).toHaveLength(0);
  });

  it('tells a HIGH person without a signing key, or with a blocked PIN, what to do', async () => {
    const { cookie } = await fixture.login();
    fixture.hasSigningKey = false;
    expect(await (await fixture.get('/portal/sign?lang=en', cookie)).text()).toContain('None of your active devices holds a signing key');
    fixture.hasSigningKey = true;
    fixture.identity.pinBlockedAt = new Date();
    try {
      expect(await (await fixture.get('/portal/sign', cookie)).text()).toMatch(/data-problem="signer-blocked"[^]*href="\/portal\/pin"/);
    } finally {
      delete fixture.identity.pinBlockedAt;
    }
  });

  it('offers the upload form to a person who can sign: multipart, its form token, the fields labelled', async () => {
    const { cookie, csrf } = await fixture.login();
    const answer = await fixture.get('/portal/sign', cookie);
    expect(answer.headers.get('content-security-policy')).toBe(CSP);
    const page = await answer.text();
    expect(page).toMatch(/<form method="post" action="\/portal\/sign" enctype="multipart\/form-data"[^>]*>\s*<input type="hidden" name="csrf" value="[^"]+">/);
    expect(page).toContain(`value="${csrf}"`);
    for (const id of ['name_ar', 'name_en', 'reason', 'document']) expect(page).toMatch(new RegExp(`<label for="${id}">[^<]+</label>`));
    expect(page).toContain('accept="application/pdf,.pdf"');
    expect(page).toContain('ملف PDF حتى ٢٥٦ كيلوبايت، غير محمي بكلمة مرور.');
    expect(page).toContain('لم ترفع مستندات للتوقيع بعد.');
  });

  it('refuses an upload without its form token, with another, or from another origin: 403, nothing created', async () => {
    const { cookie, csrf } = await fixture.login();
    const other = await fixture.login();
    const attempts = [
      await fixture.upload('/portal/sign', cookie, FIELDS, { bytes: pdf }),
      await fixture.upload('/portal/sign', cookie, { ...FIELDS, csrf: other.csrf }, { bytes: pdf }),
      await fixture.upload('/portal/sign', cookie, { ...FIELDS, csrf: 'A'.repeat(43) }, { bytes: pdf }),
      await fixture.upload('/portal/sign', cookie, { ...FIELDS, csrf }, { bytes: pdf }, { origin: 'https://evil.example' }),
      await fixture.upload('/portal/sign', cookie, { ...FIELDS, csrf }, { bytes: pdf }, { referer: 'https://evil.example/form' }),
    ];
    expect(attempts.map((a) => a.status)).toEqual([403, 403, 403, 403, 403]);
    const page = await attempts[0].text();
    expect(page).toContain('<span lang="en" dir="ltr">This request was not carried out and nothing changed');
    // Refused on its headers, another origin's upload was not read at all.
    expect(attempts[3].headers.get('connection')).toBe('close');
    expect(fixture.calls).toEqual([]);
    // Without a session: to the login page, nothing read or created.
    const anonymous = await fixture.upload('/portal/sign', undefined, { ...FIELDS, csrf }, { bytes: pdf });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/portal/login');
    // A URL-encoded post is not the upload form.
    expect((await fixture.post('/portal/sign', cookie, { ...FIELDS, csrf })).status).toBe(400);
    expect(fixture.calls).toEqual([]);
    expect(fixture.signingRequests).toHaveLength(0);
  });

  it('refuses bad input in the page language, keeping what was typed, creating nothing', async () => {
    const { cookie, csrf } = await fixture.login();
    const broken = pdf.subarray(0, pdf.length - 300);
    const tooLarge = Buffer.concat([pdf, Buffer.alloc(fixture.maxDocumentBytes)]);
    const cases: Array<{ lang: 'ar' | 'en'; fields: Record<string, string>; file?: Buffer; status: number; field: string; message: string }> = [
      { lang: 'ar', fields: FIELDS, status: 400, field: 'document', message: 'اختر ملف PDF لتوقيعه.' },
      { lang: 'en', fields: FIELDS, status: 400, field: 'document', message: 'Choose the PDF file to sign.' },
      { lang: 'ar', fields: FIELDS, file: Buffer.from('just some text, no PDF'), status: 422, field: 'document', message: 'هذا الملف ليس مستند PDF. اختر ملف PDF.' },
      { lang: 'en', fields: FIELDS, file: Buffer.from('just some text, no PDF'), status: 422, field: 'document', message: 'This file is not a PDF. Choose a PDF file.' },
      { lang: 'ar', fields: FIELDS, file: PASSWORD_PDF, status: 422, field: 'document', message: 'هذا المستند محمي بكلمة مرور. احفظ نسخة منه دون كلمة مرور ثم ارفعها.' },
      { lang: 'en', fields: FIELDS, file: PASSWORD_PDF, status: 422, field: 'document', message: 'This PDF is protected with a password. Save a copy without the password and upload that.' },
      { lang: 'ar', fields: FIELDS, file: broken, status: 422, field: 'document', message: 'ملف PDF هذا تالف أو لا يمكن قراءته.' },
      { lang: 'en', fields: FIELDS, file: broken, status: 422, field: 'document', message: 'This PDF is damaged or cannot be read.' },
      { lang: 'ar', fields: FIELDS, file: tooLarge, status: 413, field: 'document', message: 'حجم الملف أكبر من المسموح: ٢٥٦ كيلوبايت على الأكثر. اختر ملفاً أصغر.' },
      { lang: 'en', fields: FIELDS, file: tooLarge, status: 413, field: 'document', message: 'The file is larger than accepted: at most 256 kilobytes. Choose a smaller file.' },
      { lang: 'ar', fields: { ...FIELDS, name_ar: 'ع'.repeat(256) }, file: pdf, status: 400, field: 'name_ar', message: 'اسم المستند بالعربية لا يزيد على 255 حرفاً.' },
      { lang: 'en', fields: { ...FIELDS, name_en: 'n'.repeat(256) }, file: pdf, status: 400, field: 'name_en', message: 'The English name is at most 255 characters.' },
      { lang: 'en', fields: { ...FIELDS, reason: 'r'.repeat(400) }, file: pdf, status: 400, field: 'reason', message: 'The reason is at most 255 characters.' },
      { lang: 'en', fields: { ...FIELDS, name_ar: 'bad\u0007bell' }, file: pdf, status: 400, field: 'name_ar', message: 'The Arabic name contains control characters' },
      { lang: 'ar', fields: { name_ar: '  ', name_en: '', reason: 'سبب' }, file: pdf, status: 400, field: 'name_ar', message: 'اكتب اسماً للمستند بالعربية أو بالإنجليزية أو بكلتيهما.' },
    ];
    for (const c of cases) {
      const answer = await fixture.upload(`/portal/sign?lang=${c.lang}`, cookie, { csrf, ...c.fields }, c.file && { bytes: c.file });
      const page = await answer.text();
      const label = `${c.lang} ${c.message}`;
      expect({ label, status: answer.status }).toEqual({ label, status: c.status });
      expect(page).toContain(`<html lang="${c.lang}"`);
      expect(page).toContain(c.message);
      expect(page).toMatch(new RegExp(`<div class="error-summary" role="alert"[^]*href="#${c.field}"`));
      expect(page).toMatch(new RegExp(`id="${c.field}"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="${c.field}"`));
      // What was typed is kept (escaped), at most 300 characters of it.
      for (const name of ['name_ar', 'name_en', 'reason'] as const) {
        const typed = [...(c.fields[name] ?? '')].slice(0, 300).join('');
        expect(page).toContain(`name="${name}" value="${typed.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')}"`);
      }
      expect(page).not.toContain('<شقة>');
    }
    expect(fixture.signingRequests).toHaveLength(0);
    // The service was asked only about the files the form itself cannot judge: not a PDF, locked, broken (twice each).
    expect(fixture.calls).toHaveLength(6);
  });

  it('refuses a huge upload from its declared length before reading it, and one without a declared length', async () => {
    const { cookie } = await fixture.login();
    const raw = (headers: Record<string, string>, send: Buffer) =>
      new Promise<{ status: number; body: string; connection?: string; ms: number }>((resolve, reject) => {
        const started = Date.now();
        const url = new URL(`${fixture.url}/portal/sign?lang=en`);
        const req = http.request({ host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, method: 'POST', headers: { origin: ORIGIN, cookie, 'content-type': 'multipart/form-data; boundary=x', ...headers } }, (res) => {
          let body = '';
          res.on('data', (chunk) => (body += String(chunk)));
          res.on('end', () => resolve({ status: res.statusCode!, body, connection: res.headers.connection, ms: Date.now() - started }));
        });
        req.on('error', reject);
        // A few bytes of a body declared far larger: the answer must not wait for the rest.
        req.write(send);
      });
    const huge = await raw({ 'content-length': String(2 * 1024 ** 3) }, Buffer.from('--x\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n'));
    expect(huge.status).toBe(413);
    expect(huge.connection).toBe('close');
    expect(huge.body).toContain('The file is larger than accepted');
    expect(huge.ms).toBeLessThan(5000);
    const chunked = await raw({ 'transfer-encoding': 'chunked' }, Buffer.from('1\r\na\r\n'));
    expect(chunked.status).toBe(411);
    expect(chunked.body).toContain('The browser did not declare the size of the form sent');
    // And a stranger's huge body goes to the login page, unread too.
    const stranger = await new Promise<number>((resolve, reject) => {
      const url = new URL(`${fixture.url}/portal/sign`);
      const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { origin: ORIGIN, 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(2 * 1024 ** 3) } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('error', reject);
      req.write('--x\r\n');
    });
    expect(stranger).toBe(303);
    // The other forms keep their own small limit.
    const { csrf } = await fixture.login();
    expect((await fixture.post('/portal/logout', cookie, `csrf=${csrf}&x=${'a'.repeat(20_000)}`)).status).toBe(413);
    expect(fixture.calls).toEqual([]);
  });

  it("refuses an upload over the person's allowance of the hour unread: 429 with Retry-After, said in Arabic and English, nothing created", async () => {
    const { cookie, csrf } = await fixture.login();
    fixture.uploads = { left: 1, retryAfterSeconds: 1790, counted: 0 };
    expect((await fixture.upload('/portal/sign', cookie, { csrf, ...FIELDS }, { bytes: pdf })).status).toBe(303);
    expect(fixture.signingRequests).toHaveLength(1);

    const ar = await fixture.upload('/portal/sign', cookie, { csrf, ...FIELDS }, { bytes: pdf });
    expect(ar.status).toBe(429);
    expect(ar.headers.get('retry-after')).toBe('1790');
    const arPage = await ar.text();
    expect(arPage).toContain('<html lang="ar"');
    expect(arPage).toContain('أرسلت مستندات كثيرة للتوقيع خلال وقت قصير، فلم يُقبل هذا المستند ولم يُنشأ طلب توقيع. يمكنك الإرسال من جديد بعد ٣٠ دقيقة تقريباً.');
    // The form is offered again, empty: nothing of the refused one was read.
    expect(arPage).toContain('data-testid="upload-form"');
    expect(arPage).toContain('name="name_ar" value=""');

    // A body declared large, a few bytes of it sent: answered at once, unread, the connection closed.
    const unread = await new Promise<{ status: number; body: string; connection?: string }>((resolve, reject) => {
      const url = new URL(`${fixture.url}/portal/sign?lang=en`);
      const req = http.request({ host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, method: 'POST', headers: { origin: ORIGIN, cookie, 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(200 * 1024) } }, (res) => {
        let body = '';
        res.on('data', (chunk) => (body += String(chunk)));
        res.on('end', () => resolve({ status: res.statusCode!, body, connection: res.headers.connection }));
      });
      req.on('error', reject);
      req.write('--x\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n');
    });
    expect(unread.status).toBe(429);
    expect(unread.connection).toBe('close');
    expect(unread.body).toContain('<html lang="en"');
    expect(unread.body).toContain('You have sent many documents to sign in a short time, so this one was not accepted and no signing request was made. You can send again in about 30 minutes.');
    expect(fixture.signingRequests).toHaveLength(1);
    expect(fixture.uploads.counted).toBe(3);

    // Only an upload that could become a request is counted: a MEDIUM person's is refused before.
    fixture.identity.assurance = 'medium';
    expect((await fixture.upload('/portal/sign', cookie, { csrf, ...FIELDS }, { bytes: pdf })).status).toBe(403);
    expect(fixture.uploads.counted).toBe(3);
    fixture.signingRequests.length = 0;
  });

  it('creates the request for the person, reviews it with the facts the wallet shows, and serves the uploaded PDF', async () => {
    const { cookie, csrf } = await fixture.login();
    const created = await fixture.upload('/portal/sign', cookie, { csrf, name_ar: 'عقد إيجار', name_en: '', reason: ' Approval ' }, { bytes: pdf });
    expect(created.status).toBe(303);
    const [request] = fixture.signingRequests;
    expect(created.headers.get('location')).toBe(`/portal/sign/${request.id}`);
    // One name given stands for both; the reason trimmed.
    expect(fixture.calls).toEqual([`sign عقد إيجار / عقد إيجار for ${CIVIL_NUMBER}`]);
    expect(request).toMatchObject({ civilNumber: CIVIL_NUMBER, relyingParty: 'theqa-portal', level: 'B-LT', reason: 'Approval', document: { pages: 2, bytes: pdf.length } });

    const review = await fixture.get(`/portal/sign/${request.id}`, cookie);
    expect(review.status).toBe(200);
    const page = await review.text();
    expect(page).toContain('data-status="pending"');
    expect(page).toContain('<p class="big-code" dir="ltr" data-testid="code">K7QX</p>');
    expect(page).toContain(`<code dir="ltr" data-testid="sha256">${request.document.sha256}</code>`);
    expect(page).toContain('<span data-testid="pages">٢</span>');
    expect(page).toContain('بانتظار موافقتك في تطبيق ثقة');
    expect(page).toContain(`npx theqa wallet --home DIR sign --pending --code K7QX --pin PIN`);
    // Whole without script: a link to the PDF, and a refresh while waiting that only a page without script obeys.
    expect(page).toContain(`<a href="/portal/sign/${request.id}/document" data-testid="open-document">`);
    expect(page).toContain(`<noscript><meta http-equiv="refresh" content="5; url=/portal/sign/${request.id}?wait=1"></noscript>`);
    // The first page is drawn by a script from 'self' (no inline script: the CSP allows none).
    expect(page).toContain('<script src="/portal/assets/sign-preview.js" defer></script>');
    expect(page.match(/<script/g)).toHaveLength(1);
    expect(page).toContain(`data-document="/portal/sign/${request.id}/document" data-sha256="${request.document.sha256}"`);
    expect(review.headers.get('content-security-policy')).toBe(CSP);
    const en = await (await fixture.get(`/portal/sign/${request.id}?lang=en&wait=7`, cookie)).text();
    expect(en).toContain('Waiting for your approval in the THEQA app');
    expect(en).toContain(`url=/portal/sign/${request.id}?wait=8`);
    expect(en).toMatch(/<dt>Size<\/dt><dd>[\d.]+ kilobytes \([\d,]+ bytes\)<\/dd>/);
    // After the rounds, no more refreshing: a link to look again.
    const stopped = await (await fixture.get(`/portal/sign/${request.id}?lang=en&wait=120`, cookie)).text();
    expect(stopped).not.toContain('http-equiv="refresh"');
    expect(stopped).toContain('This page has stopped updating by itself.');

    const document = await fixture.get(`/portal/sign/${request.id}/document`, cookie);
    expect(document.status).toBe(200);
    expect(document.headers.get('content-type')).toBe('application/pdf');
    expect(document.headers.get('content-disposition')).toMatch(/^inline; filename="document-[^"]+\.pdf"; filename\*=UTF-8''%D8%B9%D9%82%D8%AF/);
    expect(Buffer.from(await document.arrayBuffer()).equals(pdf)).toBe(true);
    const again = await fixture.get(`/portal/sign/${request.id}/document`, cookie, { 'if-none-match': `"${request.document.sha256}"` });
    expect(again.status).toBe(304);

    // Not signed yet: no download.
    expect((await fixture.get(`/portal/sign/${request.id}/signed`, cookie)).status).toBe(409);
    const list = await (await fixture.get('/portal/sign', cookie)).text();
    expect(list).toMatch(new RegExp(`<a href="/portal/sign/${request.id}">عقد إيجار</a>[^]*بانتظار موافقتك`));
  });

  it('shows the outcome and serves the signed file, as an attachment, once signed; the other endings say what to do', async () => {
    const { cookie } = await fixture.login();
    const request = fixture.signingRequest({ civilNumber: CIVIL_NUMBER, pdf, name: { ar: 'عقد', en: 'Lease / "2026"' } });
    fixture.signingRequests.push(request);
    const signed = Buffer.concat([pdf, Buffer.from('\n% signed\n')]);
    Object.assign(request, { status: 'signed', signed, completedAt: new Date(), signedSha256: 'ab'.repeat(32) });
    const page = await (await fixture.get(`/portal/sign/${request.id}?lang=en`, cookie)).text();
    expect(page).toContain('data-status="signed"');
    expect(page).toContain(`<a class="button" href="/portal/sign/${request.id}/signed" data-testid="download">Download the signed document</a>`);
    expect(page).not.toContain('http-equiv="refresh"');
    const download = await fixture.get(`/portal/sign/${request.id}/signed?lang=en`, cookie);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(download.headers.get('content-disposition')).toBe(`attachment; filename="Lease 2026-signed.pdf"; filename*=UTF-8''Lease%202026-signed.pdf`);
    expect(Buffer.from(await download.arrayBuffer()).equals(signed)).toBe(true);
    for (const [status, words] of [
      ['declined', 'You declined in the app'],
      ['expired', 'It was not approved in the app in time'],
      ['failed', 'The signature could not be completed'],
    ] as const) {
      request.status = status;
      const ended = await (await fixture.get(`/portal/sign/${request.id}?lang=en`, cookie)).text();
      expect(ended).toContain(`data-status="${status}"`);
      expect(ended).toContain(words);
      expect(ended).toContain('<a href="/portal/sign">Upload it again</a>');
      expect(ended).not.toContain('data-testid="download"');
    }
  });

  it("answers another person's request, another relying party's and malformed ids with the portal's 404", async () => {
    const { cookie } = await fixture.login();
    const others = fixture.signingRequest({ civilNumber: '30000001', pdf, name: { ar: 'سري', en: 'Secret' } });
    const naqls = fixture.signingRequest({ civilNumber: CIVIL_NUMBER, pdf, name: { ar: 'نقل', en: 'Naql' }, relyingParty: 'naql-demo' });
    Object.assign(others, { status: 'signed', signed: pdf });
    fixture.signingRequests.push(others, naqls);
    const paths = [
      `/portal/sign/${others.id}`,
      `/portal/sign/${others.id}/document`,
      `/portal/sign/${others.id}/signed`,
      `/portal/sign/${naqls.id}`,
      `/portal/sign/${naqls.id}/document`,
      '/portal/sign/not-an-id',
      `/portal/sign/${'A'.repeat(5000)}`,
      '/portal/sign/..%2F..%2Fetc',
    ];
    for (const where of paths) {
      const answer = await fixture.get(where, cookie);
      expect({ where, status: answer.status }).toEqual({ where, status: 404 });
      const page = await answer.text();
      expect(page).toContain('الصفحة غير موجودة');
      expect(page).not.toContain('Secret');
    }
    expect(await (await fixture.get('/portal/sign', cookie)).text()).not.toContain(others.id);
    // Without a session, to the login page.
    expect((await fixture.get(`/portal/sign/${naqls.id}`)).headers.get('location')).toBe('/portal/login');
  });
});

describe('the portal without the signing service wired', () => {
  const fixture = new PortalFixture();
  beforeAll(() => fixture.start());
  afterAll(() => fixture.stop());

  it('neither links nor serves "sign a PDF", and keeps the small form limit for multipart too', async () => {
    const { cookie, csrf } = await fixture.login();
    expect(await (await fixture.get('/portal', cookie)).text()).not.toContain('href="/portal/sign"');
    expect((await fixture.get('/portal/sign', cookie)).status).toBe(404);
    const big = await fixture.upload('/portal/sign', cookie, { csrf, name_en: 'x' }, { bytes: Buffer.alloc(20_000) });
    expect(big.status).toBe(413);
  });
});
