import fs from 'node:fs';
import path from 'node:path';
import { bundleBrowserScript, PDF_FONTS_FOLDER, PDF_WORKER_SCRIPT, pdfjsLocationUnder, pdfjsSources } from '../src';

describe('pdf-preview: what a server needs to let a page draw a PDF', () => {
  it('finds pdf.js\'s worker and standard fonts in the installed package', () => {
    const sources = pdfjsSources();
    expect(sources).toBeDefined();
    expect(fs.readFileSync(sources!.worker, 'utf8')).toContain('PDFWorker');
    expect(fs.existsSync(path.join(sources!.fonts, 'FoxitSerif.pfb'))).toBe(true);
  });

  it('names the URLs under a prefix the way the pages ask for them', () => {
    expect(pdfjsLocationUnder('/wallet')).toEqual({ worker: `/wallet/${PDF_WORKER_SCRIPT}`, fonts: `/wallet/${PDF_FONTS_FOLDER}/` });
    expect(pdfjsLocationUnder('/portal/assets/')).toEqual({ worker: '/portal/assets/pdf.worker.mjs', fonts: '/portal/assets/pdf-fonts/' });
  });

  it('bundles a page script that draws with the browser side: pdf.js inside, nothing of node', async () => {
    const code = await bundleBrowserScript(path.join(__dirname, 'fixtures', 'draw-page.ts'));
    expect(code).toContain('GlobalWorkerOptions');
    expect(code).toContain('"/page-assets"');
    expect(code).toContain('pdf.worker.mjs');
    expect(code).not.toMatch(/require\(["'](node:|path|fs)/);
  }, 60_000);
});
