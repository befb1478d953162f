import { PDFDocument, StandardFonts } from 'pdf-lib';
import { CardSignatures } from '@theqa/signing';
import { MemoryCardSignatureStore } from './card-sign-fakes';
import { CIVIL_NUMBER, ORIGIN, PortalFixture } from './portal-fakes';

async function testPdf(): Promise<Buffer> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  document.addPage([595, 842]).drawText('Card signing test', { x: 72, y: 760, size: 18, font });
  return Buffer.from(await document.save({ useObjectStreams: false }));
}

/**
 * "Sign a PDF with the ID card" in-process, over CardSignatures with a store in memory and a
 * certificate check that refuses (the real checks are @theqa/web-eid's; the journey with a card is
 * portal-card.e2e.spec.ts): the upload, the review, and the page script's JSON steps answering bad
 * input — another origin, not JSON, no session, a wrong form token, a bad or another person's id, a
 * refused certificate, a signature before the certificate, junk — with problems and refusal pages,
 * never a 500, and nothing changed.
 */
describe('the portal: sign a PDF with the ID card', () => {
  const fixture = new PortalFixture();
  const store = new MemoryCardSignatureStore();
  const events: Array<{ action: string; details?: Record<string, unknown> }> = [];
  const cards = new CardSignatures({
    store,
    checkCertificate: async (certificate, holder) => ({ ok: false, code: certificate === 'OTHER' ? 'certificate-holder-mismatch' : 'certificate-invalid', detail: `refused for ${holder}` }),
    trust: {
      chainOf: () => [],
      certificateStatus: async () => 'good',
      timeStamp: async () => {
        throw new Error('not in these tests');
      },
      revocation: async () => ({}),
    },
    names: async () => ({ en: 'Salim' }),
    events: { record: async (event) => void events.push(event) },
    maxDocumentBytes: 256 * 1024,
  });
  let cookie = '';
  let csrf = '';
  let id = '';

  const json = (path: string, body: unknown, options: { cookie?: string; origin?: string; type?: string } = {}) =>
    fetch(`${fixture.url}${path}`, {
      method: 'POST',
      redirect: 'manual',
      body: typeof body === 'string' ? body : JSON.stringify(body),
      headers: { 'content-type': options.type ?? 'application/json', origin: options.origin ?? ORIGIN, ...(options.cookie ?? cookie ? { cookie: options.cookie ?? cookie } : {}) },
    });
  const statusOf = () => store.rows.get(id)?.signature.status;

  beforeAll(async () => {
    await fixture.start({ signing: true, cardSigning: cards });
    ({ cookie, csrf } = await fixture.login(null));
    const uploaded = await fixture.upload('/portal/sign/card', cookie, { csrf, name_ar: 'عقد', name_en: 'Contract', reason: 'Approval' }, { bytes: await testPdf() });
    expect(uploaded.status).toBe(303);
    id = uploaded.headers.get('location')!.split('/').pop()!;
  });
  afterAll(() => fixture.stop());

  it('uploads for a card session without a digital identity, and shows the review with the card step', async () => {
    expect(statusOf()).toBe('uploaded');
    const review = await (await fixture.get(`/portal/sign/card/${id}?lang=en`, cookie)).text();
    expect(review).toContain('data-card-sign');
    expect(review).toContain('<script src="/portal/assets/card-sign.js" defer></script>');
    expect(review).toContain(`data-csrf="${csrf}"`);
    const script = await fixture.get('/portal/assets/card-sign.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toContain("ask('web-eid:get-signing-certificate'");
  });

  it('refuses a bad upload on its page, keeping what was typed, creating nothing', async () => {
    const before = store.rows.size;
    const answer = await fixture.upload('/portal/sign/card?lang=en', cookie, { csrf, name_ar: '', name_en: '', reason: 'kept' }, { bytes: Buffer.from('not a pdf') });
    expect(answer.status).toBe(400);
    const page = await answer.text();
    expect(page).toContain('Give the document a name');
    expect(page).toContain('value="kept"');
    const junk = await fixture.upload('/portal/sign/card?lang=en', cookie, { csrf, name_ar: '', name_en: 'Junk', reason: '' }, { bytes: Buffer.from('not a pdf') });
    expect(junk.status).toBe(422);
    expect(await junk.text()).toContain('This file is not a PDF');
    expect((await fixture.upload('/portal/sign/card', cookie, { csrf: 'A'.repeat(43), name_en: 'X' }, { bytes: await testPdf() })).status).toBe(403);
    expect((await fixture.upload('/portal/sign/card', cookie, { csrf, name_en: 'X' }, { bytes: await testPdf() }, { origin: 'https://elsewhere.example' })).status).toBe(403);
    expect(store.rows.size).toBe(before);
  });

  it("answers the script's steps' bad input with problems, never a 500, nothing changed", async () => {
    const cases: Array<[string, Response, number]> = [
      ['another origin', await json(`/portal/sign/card/${id}/certificate`, { csrf, certificate: 'x' }, { origin: 'https://elsewhere.example' }), 403],
      ['not JSON', await json(`/portal/sign/card/${id}/certificate`, `csrf=${csrf}`, { type: 'application/x-www-form-urlencoded' }), 415],
      ['no session', await json(`/portal/sign/card/${id}/certificate`, { csrf, certificate: 'x' }, { cookie: '__Host-theqa_portal=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }), 401],
      ['a wrong form token', await json(`/portal/sign/card/${id}/certificate`, { csrf: 'B'.repeat(43), certificate: 'x' }), 403],
      ['no form token', await json(`/portal/sign/card/${id}/signature`, { signature: 'AAAA' }), 403],
      ['a malformed id', await json('/portal/sign/card/..%2F..%2Fetc/certificate', { csrf, certificate: 'x' }), 404],
      ['broken JSON', await json(`/portal/sign/card/${id}/certificate`, '{"csrf":'), 400],
    ];
    for (const [what, answer, status] of cases) {
      expect({ what, status: answer.status }).toEqual({ what, status });
      expect(answer.headers.get('content-type') ?? '').toMatch(/json|html/);
    }
    expect(statusOf()).toBe('uploaded');
  });

  it('refuses a certificate the checks refuse, and a signature before any certificate: a refusal page to go to', async () => {
    const refused = await json(`/portal/sign/card/${id}/certificate`, { csrf, certificate: 'OTHER' });
    expect(refused.status).toBe(422);
    const body = (await refused.json()) as { code: string; location: string };
    expect(body).toMatchObject({ code: 'certificate-holder-mismatch', location: `/portal/sign/card/${id}/refused/certificate-holder-mismatch` });
    expect(events.at(-1)).toMatchObject({ action: 'card.signature', details: { outcome: 'refused', refusal: 'certificate-holder-mismatch', upload: id } });
    for (const certificate of [undefined, 42, ['a'], 'x'.repeat(15_000)]) {
      const answer = await json(`/portal/sign/card/${id}/certificate`, { csrf, certificate });
      expect(answer.status).toBe(422);
    }
    // Larger than any of the portal's forms: refused before it is read.
    expect((await json(`/portal/sign/card/${id}/certificate`, { csrf, certificate: 'x'.repeat(30_000) })).status).toBe(413);
    const early = await json(`/portal/sign/card/${id}/signature`, { csrf, signature: 'AAAA' });
    expect(early.status).toBe(422);
    expect(((await early.json()) as { code: string }).code).toBe('request-not-pending');
    for (const signature of [undefined, '%%%', { a: 1 }, 'A'.repeat(5000)]) {
      const answer = await json(`/portal/sign/card/${id}/signature`, { csrf, signature });
      expect([answer.status, ((await answer.json()) as { code: string }).code]).toEqual([422, 'signature-invalid']);
    }
    expect(statusOf()).toBe('uploaded');

    const ar = await fixture.get(`/portal/sign/card/${id}/refused/certificate-holder-mismatch`, cookie);
    expect(ar.status).toBe(200);
    expect(await ar.text()).toContain('البطاقة في القارئ ليست بطاقتك');
    expect(await (await fixture.get(`/portal/sign/card/${id}/refused/certificate-holder-mismatch?lang=en`, cookie)).text()).toContain('The card in the reader is not yours');
    expect((await fixture.get(`/portal/sign/card/${id}/refused/no-such-code`, cookie)).status).toBe(404);
  });

  it("answers another person's upload, and malformed ids, with the portal's 404", async () => {
    const other = await fixture.login(null, '30000002');
    for (const where of [`/portal/sign/card/${id}`, `/portal/sign/card/${id}/document`, `/portal/sign/card/${id}/signed`]) {
      expect({ where, status: (await fixture.get(where, other.cookie)).status }).toEqual({ where, status: 404 });
    }
    const theirs = await json(`/portal/sign/card/${id}/certificate`, { csrf: other.csrf, certificate: 'x' }, { cookie: other.cookie });
    expect(((await theirs.json()) as { code: string }).code).toBe('request-unknown');
    expect((await fixture.get('/portal/sign/card/not-an-id', cookie)).status).toBe(404);
    expect((await fixture.get(`/portal/sign/card/${id}/signed`, cookie)).status).toBe(409);
    expect(store.rows.get(id)?.signature.civilNumber).not.toBe('30000002');
    expect(CIVIL_NUMBER).not.toBe('30000002');
  });
});
