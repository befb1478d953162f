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
const sources = ['apps', 'libs'].flatMap((dir) => walk(path.join(root, dir))).filter((file) => !file.startsWith(WEB_WALLET + path.sep));

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'test' ? [] : walk(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [full] : [];
  });
}

function rewriteAliases(code, file) {
  return code.replace(/require\("(@theqa\/[a-z-]+)"\)/g, (match, name) => {
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

// The web wallet: its public files, and its script bundled for the browser beside them.
const walletPublic = path.join(out, path.relative(root, WEB_WALLET), 'public');
fs.cpSync(path.join(WEB_WALLET, 'public'), walletPublic, { recursive: true });
require('esbuild').buildSync({
  entryPoints: [path.join(WEB_WALLET, 'wallet.ts')],
  outfile: path.join(walletPublic, 'wallet.js'),
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  legalComments: 'none',
  logLevel: 'warning',
});
// pdf.js's worker and standard fonts (the web wallet draws a signing request's first page with them),
// beside wallet.js under the names of src/web-assets.ts's PDF_WORKER_SCRIPT and PDF_FONTS_FOLDER.
const pdfjsWorker = require.resolve('pdfjs-dist/build/pdf.worker.min.mjs');
fs.copyFileSync(pdfjsWorker, path.join(walletPublic, 'pdf.worker.mjs'));
fs.cpSync(path.join(path.dirname(pdfjsWorker), '..', 'standard_fonts'), path.join(walletPublic, 'pdf-fonts'), { recursive: true });
console.log(`built ${sources.length} files and the web wallet into ${path.relative(process.cwd(), out) || '.'}/`);
