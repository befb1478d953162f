import fs from 'node:fs';
import path from 'node:path';

/**
 * The web wallet as the platform serves it under /wallet: its public folder, and its script. A built
 * tree (tools/build.cjs) carries the script already bundled in the public folder; from the sources it
 * is bundled by esbuild (a development package) on first request. The platform asks this module and
 * never reaches into the wallet's folders itself.
 */
export interface WebWalletAssets {
  publicDir: string;
  /** Bundles the script from sources; undefined when the public folder already holds wallet.js. */
  bundle?: () => Promise<string>;
  /**
   * From sources, what pdf.js needs is served from the installed package (a build copies it into the
   * public folder): scripts under /wallet/<name> (its worker), folders under /wallet/<name>/ (its fonts).
   */
  scripts?: Record<string, string>;
  folders?: Record<string, string>;
}

/** The file the page loads (public/index.html) and the build writes. */
export const WEB_WALLET_SCRIPT = 'wallet.js';
/**
 * pdf.js, which draws a signing request's first page (src/web/pdf-preview.ts asks for these names):
 * its worker, and the metric-compatible fonts for PDFs that use the standard 14 without embedding them.
 */
export const PDF_WORKER_SCRIPT = 'pdf.worker.mjs';
export const PDF_FONTS_FOLDER = 'pdf-fonts';

/**
 * Where pdf.js's worker and fonts are in the installed packages (what tools/build.cjs copies into a
 * built tree); undefined without pdfjs-dist (a development package, as esbuild is).
 */
export function pdfjsSources(): { worker: string; fonts: string } | undefined {
  try {
    const worker = require.resolve('pdfjs-dist/build/pdf.worker.min.mjs');
    return { worker, fonts: path.join(path.dirname(worker), '..', 'standard_fonts') };
  } catch {
    return undefined;
  }
}

export function webWalletAssets(): WebWalletAssets | undefined {
  const publicDir = path.join(__dirname, 'web', 'public');
  if (!fs.existsSync(path.join(publicDir, 'index.html'))) return undefined;
  if (fs.existsSync(path.join(publicDir, WEB_WALLET_SCRIPT))) return { publicDir };
  const entry = path.join(__dirname, 'web', 'wallet.ts');
  if (!fs.existsSync(entry)) return undefined;
  const pdfjs = pdfjsSources();
  return {
    publicDir,
    bundle: () => bundleWebWallet(entry),
    scripts: pdfjs ? { [PDF_WORKER_SCRIPT]: pdfjs.worker } : {},
    folders: pdfjs ? { [PDF_FONTS_FOLDER]: pdfjs.fonts } : {},
  };
}

/** The browser bundle of the web wallet (also what tools/build.cjs writes into a built tree). */
export async function bundleWebWallet(entry = path.join(__dirname, 'web', 'wallet.ts')): Promise<string> {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({ entryPoints: [entry], bundle: true, write: false, format: 'iife', platform: 'browser', target: 'es2022', legalComments: 'none', logLevel: 'silent' });
  return result.outputFiles[0].text;
}
