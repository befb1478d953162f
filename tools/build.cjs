#!/usr/bin/env node
'use strict';
// Production build: every .ts under apps/ and libs/ → dist/ as CommonJS, with decorator metadata
// (which Nest needs and esbuild drops) and `@theqa/*` imports rewritten to relative paths; the web
// wallet (browser code) bundled once into its public folder with pdf.js's worker beside it, so that
// dist/ serves /wallet without any development package.
const fs = require('node:fs');
const path = require('node:path');
const swc = require('@swc/core');
const { root, aliases, swcOptions } = require('./ts-hook.cjs');

// `node tools/build.cjs [OUT]`: into dist/ by default (tests build into a folder of their own).
const out = path.resolve(process.argv[2] ?? path.join(root, 'dist'));
const WEB_WALLET = path.join(root, 'apps/wallet/src/web');
// The portal's page scripts (browser code, like the web wallet's): bundled below, not compiled for node.
const PORTAL_WEB = path.join(root, 'apps/portal/src/web');
const BROWSER_ONLY = [WEB_WALLET, PORTAL_WEB, path.join(root, 'libs/pdf-preview/src/browser')];
const sources = ['apps', 'libs'].flatMap((dir) => walk(path.join(root, dir))).filter((file) => !BROWSER_ONLY.some((folder) => file.startsWith(folder + path.sep)));

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'test' ? [] : walk(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [full] : [];
  });
}

function rewriteAliases(code, file) {
  // Sub-path entries too (`@theqa/web-eid/extension-messaging`): each is an alias of its own.
  return code.replace(/require\("(@theqa\/[a-z-]+(?:\/[a-z-]+)*)"\)/g, (match, name) => {
    const target = aliases.get(name);
    if (!target) return match;
    let rel = path.relative(path.dirname(file), target).replace(/\.ts$/, '.js');
    if (!rel.startsWith('.')) rel = `./${rel}`;
    return `require(${JSON.stringify(rel)})`;
  });
}

fs.rmSync(out, { recursive: true, force: true });
for (const file of sources) {
  const { code } = swc.transformFileSync(file, { ...swcOptions, sourceMaps: false });
  const target = path.join(out, path.relative(root, file)).replace(/\.ts$/, '.js');
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, rewriteAliases(code, file));
}

/** A page's script, bundled for the browser. */
function bundleForBrowser(entry, outfile) {
  require('esbuild').buildSync({ entryPoints: [entry], outfile, bundle: true, format: 'iife', platform: 'browser', target: 'es2022', legalComments: 'none', logLevel: 'warning' });
}

// The web wallet: its public files, and its script bundled for the browser beside them.
const walletPublic = path.join(out, path.relative(root, WEB_WALLET), 'public');
fs.cpSync(path.join(WEB_WALLET, 'public'), walletPublic, { recursive: true });
bundleForBrowser(path.join(WEB_WALLET, 'wallet.ts'), path.join(walletPublic, 'wallet.js'));
// The portal's review page script (apps/portal/src/portal-browser-assets.ts finds it in src/web/).
const portalWeb = path.join(out, path.relative(root, PORTAL_WEB));
bundleForBrowser(path.join(PORTAL_WEB, 'sign-preview.ts'), path.join(portalWeb, 'sign-preview.js'));
// pdf.js's worker and standard fonts (the web wallet draws a signing request's first page with them,
// the portal an uploaded document's), beside each page's script under @theqa/pdf-preview's names
// (PDF_WORKER_SCRIPT, PDF_FONTS_FOLDER).
const pdfjsWorker = require.resolve('pdfjs-dist/build/pdf.worker.min.mjs');
for (const folder of [walletPublic, portalWeb]) {
  fs.copyFileSync(pdfjsWorker, path.join(folder, 'pdf.worker.mjs'));
  fs.cpSync(path.join(path.dirname(pdfjsWorker), '..', 'standard_fonts'), path.join(folder, 'pdf-fonts'), { recursive: true });
}
console.log(`built ${sources.length} files, the web wallet and the portal's page script into ${path.relative(process.cwd(), out) || '.'}/`);
