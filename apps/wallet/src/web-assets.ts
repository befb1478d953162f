import fs from 'node:fs';
import path from 'node:path';
import { bundleBrowserScript, PDF_FONTS_FOLDER, PDF_WORKER_SCRIPT, pdfjsSources } from '@theqa/pdf-preview';

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
   * public folder): scripts under /wallet/<name> (its worker), folders under /wallet/<name>/ (its fonts);
   * the names are @theqa/pdf-preview's, which src/web/wallet.ts points pdf.js at.
   */
  scripts?: Record<string, string>;
  folders?: Record<string, string>;
}

/** The file the page loads (public/index.html) and the build writes. */
export const WEB_WALLET_SCRIPT = 'wallet.js';

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
export function bundleWebWallet(entry = path.join(__dirname, 'web', 'wallet.ts')): Promise<string> {
  return bundleBrowserScript(entry);
}
