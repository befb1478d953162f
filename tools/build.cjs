#!/usr/bin/env node
'use strict';
// Production build: every .ts under apps/, libs/ and bench/ → dist/ as CommonJS, with decorator
// metadata (which Nest needs and esbuild drops) and `@theqa/*` imports rewritten to relative paths.
const fs = require('node:fs');
const path = require('node:path');
const swc = require('@swc/core');
const { root, aliases, swcOptions } = require('./ts-hook.cjs');

const out = path.join(root, 'dist');
const sources = ['apps', 'libs'].flatMap((dir) => walk(path.join(root, dir)));

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
console.log(`built ${sources.length} files into dist/`);
