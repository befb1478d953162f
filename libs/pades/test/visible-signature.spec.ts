import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { toolIsAvailable, WORKSPACE_ROOT } from '@theqa/testing';
import { renderSignatureAppearance, signPdf } from '../src';
import { plainPdf } from './support/inputs';
import { differingPixels, readPpm, renderPage } from './support/render';
import { TestPki, type TestSigner } from './support/test-pki';
import { expectVerifiedEverywhere } from './support/verify-signed';

const tools = toolIsAvailable('pdftoppm') && toolIsAvailable('pdfsig') && toolIsAvailable('certutil') && toolIsAvailable('openssl') && toolIsAvailable('qpdf');
const describeWithTools = tools ? describe : describe.skip;

/** Where the rendered signature is kept for a person to look at (CI keeps test-artifacts/). */
const ARTIFACTS = path.join(process.env.THEQA_TEST_ARTIFACTS ?? path.join(WORKSPACE_ROOT, 'test-artifacts'), 'pades');

/**
 * A visible signature: the appearance (Arabic shaped right-to-left and Latin, subset fonts) placed
 * where asked on page 2, rendered by poppler. Compared with the unsigned page, every pixel that
 * changed lies inside the rectangle, and enough of them did to be text.
 */
describeWithTools('a visible signature rendered by pdftoppm', () => {
  let pki: TestPki;
  let signer: TestSigner;
  let dir: string;

  beforeAll(() => {
    pki = new TestPki();
    signer = pki.signer('salim', 'Salim Al-Harthy');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'theqa-pades-visible-'));
    fs.mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(() => {
    pki.remove();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('draws inside its rectangle on the page asked for, and nowhere else; the signature stays valid', async () => {
    const input = await plainPdf(2);
    const signedAt = new Date('2026-03-01T09:30:00Z');
    const rect = { x: 300, y: 120, width: 240, height: 90 };
    const appearance = renderSignatureAppearance({
      width: rect.width,
      height: rect.height,
      signer: { ar: 'سالم بن سعيد الحارثي', en: 'Salim bin Saeed Al-Harthy' },
      reason: { ar: 'الموافقة', en: 'Approval' },
      signedAt,
      timeZone: 'Asia/Muscat',
    });
    const signed = await signPdf(input, {
      signer: signer.sign,
      certificate: signer.certificate,
      chain: signer.chain,
      level: 'B-T',
      timeStamp: pki.timeStamp,
      signingTime: signedAt,
      reason: 'Approval',
      visible: { appearance, page: 2, rect },
    });
    expectVerifiedEverywhere('visible.pdf', signed, { subFilters: ['ETSI.CAdES.detached'], nssDir: pki.nssDatabase(), caFile: pki.root.pemFile, dir });
    fs.writeFileSync(path.join(dir, 'unsigned.pdf'), input);

    const png = renderPage(path.join(dir, 'visible.pdf'), 2, path.join(dir, 'visible-page-2'), 'png');
    fs.copyFileSync(png, path.join(ARTIFACTS, 'visible-signature-page-2.png'));
    const before = readPpm(renderPage(path.join(dir, 'unsigned.pdf'), 2, path.join(dir, 'unsigned-page-2'), 'ppm'));
    const after = readPpm(renderPage(path.join(dir, 'visible.pdf'), 2, path.join(dir, 'visible-page-2'), 'ppm'));
    const changed = differingPixels(before, after);
    // At 72 dpi a point is a pixel; the image's rows run from the top of the page.
    const top = after.height - (rect.y + rect.height);
    const outside = changed.filter(([x, y]) => x < rect.x - 1 || x > rect.x + rect.width + 1 || y < top - 1 || y > top + rect.height + 1);
    expect(outside).toEqual([]);
    expect(changed.length).toBeGreaterThan(rect.width * rect.height * 0.03);
    // Ink in both halves of the box: the Arabic lines on the right, the Latin ones on the left.
    const inside = (x0: number, x1: number) => changed.filter(([x, y]) => x >= x0 && x < x1 && y > top + 4 && y < top + rect.height - 4).length;
    expect(inside(rect.x + 4, rect.x + rect.width / 2)).toBeGreaterThan(200);
    expect(inside(rect.x + rect.width / 2, rect.x + rect.width - 4)).toBeGreaterThan(200);

    // Page 1 is untouched.
    const page1Before = readPpm(renderPage(path.join(dir, 'unsigned.pdf'), 1, path.join(dir, 'unsigned-page-1'), 'ppm'));
    const page1After = readPpm(renderPage(path.join(dir, 'visible.pdf'), 1, path.join(dir, 'visible-page-1'), 'ppm'));
    expect(differingPixels(page1Before, page1After)).toEqual([]);
  });

  it('an invisible signature changes no pixel', async () => {
    const input = await plainPdf(1);
    const signed = await signPdf(input, { signer: signer.sign, certificate: signer.certificate, chain: signer.chain, level: 'B-B' });
    fs.writeFileSync(path.join(dir, 'plain.pdf'), input);
    fs.writeFileSync(path.join(dir, 'invisible.pdf'), signed);
    const before = readPpm(renderPage(path.join(dir, 'plain.pdf'), 1, path.join(dir, 'plain-1'), 'ppm'));
    const after = readPpm(renderPage(path.join(dir, 'invisible.pdf'), 1, path.join(dir, 'invisible-1'), 'ppm'));
    expect(differingPixels(before, after)).toEqual([]);
  });
});
