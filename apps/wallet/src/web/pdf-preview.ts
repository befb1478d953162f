import { getDocument, GlobalWorkerOptions } from 'pdfjs-dist';

/**
 * The first page of a document to sign, drawn on a canvas by pdf.js (Mozilla's renderer, bundled into
 * wallet.js). Its parser runs in a module worker that the platform serves beside the page (same
 * origin, so the page's `default-src 'self'` allows it), and the standard 14 fonts come from pdf.js's
 * own metric-compatible files rather than whatever the system has, so the page looks the same
 * everywhere: both from node_modules when serving sources (web-assets.ts's PDF_WORKER_SCRIPT and
 * PDF_FONTS_FOLDER), copied into the public folder by tools/build.cjs for dist/.
 */
export const PDF_WORKER = '/wallet/pdf.worker.mjs';
export const PDF_FONTS = '/wallet/pdf-fonts/';

export interface RenderedPage {
  pages: number;
  width: number;
  height: number;
}

/** Draws page 1 of `pdf` into `canvas`, `cssWidth` pixels wide (sharp on high-density screens). */
export async function renderFirstPage(pdf: Uint8Array, canvas: HTMLCanvasElement, cssWidth: number): Promise<RenderedPage> {
  GlobalWorkerOptions.workerSrc = PDF_WORKER;
  // pdf.js hands the bytes to its worker (detaching them): a copy keeps the caller's. No eval (the CSP),
  // no scripts, no XFA: the page is only looked at.
  const task = getDocument({ data: pdf.slice(), isEvalSupported: false, enableXfa: false, stopAtErrors: true, useSystemFonts: false, standardFontDataUrl: PDF_FONTS });
  try {
    const loaded = await task.promise;
    const page = await loaded.getPage(1);
    const scale = cssWidth / page.getViewport({ scale: 1 }).width;
    const viewport = page.getViewport({ scale: scale * (window.devicePixelRatio || 1) });
    canvas.width = Math.ceil(viewport.width);
    canvas.height = Math.ceil(viewport.height);
    canvas.style.width = `${cssWidth}px`;
    canvas.style.height = `${Math.ceil(viewport.height / (window.devicePixelRatio || 1))}px`;
    await page.render({ canvas, viewport }).promise;
    return { pages: loaded.numPages, width: canvas.width, height: canvas.height };
  } finally {
    await task.destroy();
  }
}
