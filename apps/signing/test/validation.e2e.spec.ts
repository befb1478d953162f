import { createPrivateKey, sign } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Browser } from 'playwright-core';
import { signPdf } from '@theqa/pades';
import { chromiumIsAvailable, freePort, launchChromium, PlatformProcess, theqa, toolIsAvailable, WORKSPACE_ROOT } from '@theqa/testing';

/**
 * Public validation under /sign/validation, as anyone would use it: the API (a PDF in, the ETSI report
 * as JSON out) and the page (upload, a readable report in Arabic and English, screenshots kept in
 * test-artifacts/signing-validation/). The signed file is made here with a key whose certificate the
 * platform's Citizen Signing CA issued (`ca issue`), at B-B, so the service must ask its own OCSP
 * responder for the signer's status.
 */
const describeWithOpenssl = toolIsAvailable('openssl') ? describe : describe.skip;
const itWithChromium = chromiumIsAvailable() ? it : it.skip;
const ARTIFACTS = path.join(process.env.THEQA_TEST_ARTIFACTS ?? path.join(WORKSPACE_ROOT, 'test-artifacts'), 'signing-validation');

async function documentPdf(text: string): Promise<Buffer> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  document.addPage([595, 842]).drawText(text, { x: 72, y: 760, size: 14, font });
  return Buffer.from(await document.save({ useObjectStreams: false }));
}

describeWithOpenssl('public validation of signed PDFs', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'theqa-validation-'));
  const file = (name: string) => path.join(dir, name);
  let platform: PlatformProcess;
  let signed: Buffer;
  let unsigned: Buffer;

  const validate = (body: Buffer, headers: Record<string, string> = {}) =>
    fetch(`${platform.url}/sign/validation`, { method: 'POST', headers: { 'content-type': 'application/pdf', ...headers }, body: new Uint8Array(body) });
  const pem = async (name: string) => Buffer.from((await (await fetch(`${platform.url}/ca/certs/${name}.crt`)).arrayBuffer()));

  beforeAll(async () => {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, THEQA_DATA_DIR: file('data'), PUBLIC_BASE_URL: `http://127.0.0.1:${port}`, LOG_LEVEL: 'warn', THEQA_SIGNING_MAX_MB: '1' };
    if (process.env.THEQA_TEST_DATABASE !== 'server') delete env.DATABASE_URL;
    platform = new PlatformProcess(port, env);
    await platform.start();
    execFileSync('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', file('signer.key')]);
    execFileSync('openssl', ['req', '-new', '-key', file('signer.key'), '-subj', '/CN=anything', '-out', file('signer.csr')]);
    const issued = theqa(['ca', 'issue', '--csr', file('signer.csr'), '--profile', 'qualified-signing', '--civil-number', '90012346', '--given-name', 'Aisha', '--surname', 'Al Balushi', '--out', file('signer.pem'), '--json'], env);
    expect(issued.status).toBe(0);
    const certificate = Buffer.from(new (await import('node:crypto')).X509Certificate(fs.readFileSync(file('signer.pem'))).raw);
    const key = createPrivateKey(fs.readFileSync(file('signer.key')));
    unsigned = await documentPdf('A contract between the ministry and a citizen');
    signed = await signPdf(unsigned, { certificate, chain: [await pem('citizen-signing-ca'), await pem('theqa-root-ca')], level: 'B-B', reason: 'Agreed', signer: async (data) => sign('sha256', data, { key, dsaEncoding: 'der' }) });
  }, 180_000);
  afterAll(async () => {
    await platform?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("reports a signature by the platform's CA as TOTAL_PASSED, its status asked of the platform's OCSP responder", async () => {
    const res = await validate(signed);
    expect(res.status).toBe(200);
    const report = await res.json();
    expect(report.indication).toBe('TOTAL_PASSED');
    expect(report.signatures).toHaveLength(1);
    expect(report.signatures[0]).toMatchObject({ indication: 'TOTAL_PASSED', level: 'B-B', reason: 'Agreed', revocation: { status: 'good', source: 'fetched' } });
    expect(report.signatures[0].signer).toMatchObject({ civilNumber: '90012346' });
    expect(report.signatures[0].chain.map((c: { commonName?: string }) => c.commonName)).toEqual(['Aisha Al Balushi', 'Citizen Signing CA', 'Theqa Root CA']);
  });

  it('a byte changed inside the signed range: TOTAL_FAILED, HASH_FAILURE', async () => {
    const tampered = Buffer.from(signed);
    // The header's binary comment (%âãÏÓ): inside the first signed range, and nothing a reader parses.
    expect(tampered.subarray(0, 5).toString()).toBe('%PDF-');
    tampered[10] ^= 0x01;
    const report = await (await validate(tampered)).json();
    expect(report.indication).toBe('TOTAL_FAILED');
    expect(report.signatures[0].subIndication).toBe('HASH_FAILURE');
  });

  it('an unsigned PDF is INDETERMINATE with no signature; garbage, the wrong type and an oversize body are clear 4xx problems', async () => {
    const report = await (await validate(unsigned)).json();
    expect(report).toMatchObject({ indication: 'INDETERMINATE', signatures: [] });

    const garbage = await validate(Buffer.from('this is not a PDF at all'));
    expect(garbage.status).toBe(422);
    expect(garbage.headers.get('content-type')).toContain('application/problem+json');
    expect((await garbage.json()).type).toMatch(/document-unreadable$/);

    const wrongType = await fetch(`${platform.url}/sign/validation`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' });
    expect(wrongType.status).toBe(415);

    const big = await validate(Buffer.concat([unsigned, Buffer.alloc(1024 * 1024 + 1)]));
    expect(big.status).toBe(413);
    expect((await big.json()).max_bytes).toBe(1024 * 1024);
  });

  it('is limited per address: of 40 requests at once from one address exactly 30 are answered, the rest 429 with Retry-After', async () => {
    const answers = await Promise.all(Array.from({ length: 40 }, () => validate(unsigned, { 'x-forwarded-for': '203.0.113.41' })));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(30);
    expect(statuses.filter((s) => s === 429)).toHaveLength(10);
    for (const answer of answers.filter((a) => a.status === 429)) expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another address is still served.
    expect((await validate(unsigned, { 'x-forwarded-for': '203.0.113.42' })).status).toBe(200);
  });

  itWithChromium('the page: upload, a readable report in Arabic and in English, a refusal in the page’s language', async () => {
    fs.rmSync(ARTIFACTS, { recursive: true, force: true });
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    fs.writeFileSync(file('contract-signed.pdf'), signed);
    fs.writeFileSync(file('too-big.pdf'), Buffer.concat([unsigned, Buffer.alloc(1024 * 1024 + 1)]));
    const browser: Browser = await launchChromium();
    try {
      for (const lang of ['ar', 'en'] as const) {
        const page = await (await browser.newContext({ viewport: { width: 900, height: 1100 } })).newPage();
        await page.goto(`${platform.url}/sign/validation?lang=${lang}`);
        expect(await page.getAttribute('html', 'dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');
        await page.screenshot({ path: path.join(ARTIFACTS, `${lang}-1-form.png`), fullPage: true });
        await page.setInputFiles('input[type=file]', file('contract-signed.pdf'));
        await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
        const text = await page.textContent('main');
        expect(text).toContain(lang === 'ar' ? 'صالح' : 'Valid');
        expect(text).toContain('90012346');
        expect(text).toContain('contract-signed.pdf');
        await page.screenshot({ path: path.join(ARTIFACTS, `${lang}-2-report.png`), fullPage: true });
        await page.goto(`${platform.url}/sign/validation?lang=${lang}`);
        await page.setInputFiles('input[type=file]', file('too-big.pdf'));
        const [response] = await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
        expect(response?.status()).toBe(413);
        expect(await page.textContent('[role=alert]')).toContain(lang === 'ar' ? 'حجم الملف أكبر من المسموح' : 'The file is larger than accepted');
        await page.screenshot({ path: path.join(ARTIFACTS, `${lang}-3-too-large.png`), fullPage: true });
      }
    } finally {
      await browser.close();
    }
  });
});
