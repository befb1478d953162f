/**
 * The names pdf.js's files are served under, beside the script of the page that draws a preview
 * (`<prefix>/pdf.worker.mjs`, `<prefix>/pdf-fonts/…`): what the server serves (and tools/build.cjs
 * copies into a built tree) and what the page points pdf.js at. No import: both sides use it.
 */
export const PDF_WORKER_SCRIPT = 'pdf.worker.mjs';
export const PDF_FONTS_FOLDER = 'pdf-fonts';

/** The URLs of pdf.js's files served under `prefix` (e.g. `/wallet`). */
export function pdfjsLocationUnder(prefix: string): { worker: string; fonts: string } {
  const base = prefix.replace(/\/$/, '');
  return { worker: `${base}/${PDF_WORKER_SCRIPT}`, fonts: `${base}/${PDF_FONTS_FOLDER}/` };
}
