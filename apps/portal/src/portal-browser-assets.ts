import fs from 'node:fs';
import path from 'node:path';
import { bundleBrowserScript, PDF_FONTS_FOLDER, PDF_WORKER_SCRIPT, pdfjsSources } from '@theqa/pdf-preview';

/** The review page's script (pages/sign-pages.ts loads it from /portal/assets/). */
export const SIGN_PREVIEW_SCRIPT_NAME = 'sign-preview.js';

/**
 * The portal's browser files, served under /portal/assets/ by the platform as the web wallet's are: the
 * review page's script and pdf.js's worker and fonts beside it. A built tree (tools/build.cjs) carries
 * them in src/web/ (the script bundled); from the sources the script is bundled by esbuild on first
 * request and pdf.js's files come from the installed package. Undefined when neither is there (a
 * build without them): the review page then works without its drawing of the first page.
 */
export interface PortalBrowserAssets {
  /** Files served as scripts, by name. */
  scripts: Record<string, string>;
  /** Scripts bundled from sources on first request, by name. */
  bundles: Record<string, () => Promise<string>>;
  /** Folders served under their name (pdf.js's fonts). */
  folders: Record<string, string>;
}

export function portalBrowserAssets(): PortalBrowserAssets | undefined {
  const web = path.join(__dirname, 'web');
  const built = path.join(web, SIGN_PREVIEW_SCRIPT_NAME);
  if (fs.existsSync(built)) {
    return { scripts: { [SIGN_PREVIEW_SCRIPT_NAME]: built, [PDF_WORKER_SCRIPT]: path.join(web, PDF_WORKER_SCRIPT) }, bundles: {}, folders: { [PDF_FONTS_FOLDER]: path.join(web, PDF_FONTS_FOLDER) } };
  }
  const entry = path.join(web, 'sign-preview.ts');
  const pdfjs = pdfjsSources();
  if (!fs.existsSync(entry) || !pdfjs) return undefined;
  return {
    scripts: { [PDF_WORKER_SCRIPT]: pdfjs.worker },
    bundles: { [SIGN_PREVIEW_SCRIPT_NAME]: () => bundleBrowserScript(entry) },
    folders: { [PDF_FONTS_FOLDER]: pdfjs.fonts },
  };
}
