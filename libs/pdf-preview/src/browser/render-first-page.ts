import { getDocument, GlobalWorkerOptions } from 'pdfjs-dist';

/**
 * The first page of a document, drawn on a canvas by pdf.js (Mozilla's renderer, bundled into the
 * page's script): the web wallet's signing request, the portal's uploaded PDF.
 *
 * Where the page serves pdf.js's worker and fonts (`pdfjsLocationUnder(prefix)`; the server side's
 * `pdfjsSources()` says where they are on disk, and each app serves them beside its own script, same
 * origin, so that `default-src 'self'` allows them): the parser runs in that module worker, and the
 * standard 14 fonts come from pdf.js's own metric-compatible files rather than whatever the system
 * has, so the page looks the same everywhere.
 */
export interface PdfjsLocation {
  /** The worker script's URL, e.g. `/wallet/pdf.worker.mjs`. */
  worker: string;
  /** The fonts folder's URL, with its trailing slash, e.g. `/wallet/pdf-fonts/`. */
  fonts: string;
}

export interface RenderedPage {
  pages: number;
  width: number;
  height: number;
}

/** Draws page 1 of `pdf` into `canvas`, `cssWidth` pixels wide (sharp on high-density screens). */
export async function renderFirstPage(pdf: Uint8Array, canvas: HTMLCanvasElement, cssWidth: number, pdfjs: PdfjsLocation): Promise<RenderedPage> {
  GlobalWorkerOptions.workerSrc = pdfjs.worker;
  // pdf.js hands the bytes to its worker (detaching them): a copy keeps the caller's. No eval (the CSP),
  // no scripts, no XFA: the page is only looked at.
  const task = getDocument({ data: pdf.slice(), isEvalSupported: false, enableXfa: false, stopAtErrors: true, useSystemFonts: false, standardFontDataUrl: pdfjs.fonts });
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
