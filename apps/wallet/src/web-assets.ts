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
}

/** The file the page loads (public/index.html) and the build writes. */
export const WEB_WALLET_SCRIPT = 'wallet.js';

export function webWalletAssets(): WebWalletAssets | undefined {
  const publicDir = path.join(__dirname, 'web', 'public');
  if (!fs.existsSync(path.join(publicDir, 'index.html'))) return undefined;
  if (fs.existsSync(path.join(publicDir, WEB_WALLET_SCRIPT))) return { publicDir };
  const entry = path.join(__dirname, 'web', 'wallet.ts');
  if (!fs.existsSync(entry)) return undefined;
  return { publicDir, bundle: () => bundleWebWallet(entry) };
}

/** The browser bundle of the web wallet (also what tools/build.cjs writes into a built tree). */
export async function bundleWebWallet(entry = path.join(__dirname, 'web', 'wallet.ts')): Promise<string> {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({ entryPoints: [entry], bundle: true, write: false, format: 'iife', platform: 'browser', target: 'es2022', legalComments: 'none', logLevel: 'silent' });
  return result.outputFiles[0].text;
}
