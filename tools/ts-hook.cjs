'use strict';
// Runs the workspace's TypeScript in place: swc transpiles each file on require (keeping decorator
// metadata, which Nest's dependency injection needs and esbuild would drop) and `@theqa/<lib>` resolves
// to libs/<lib>/src/index.ts. Type checking is `npm run typecheck`'s job, not the runtime's.
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const swc = require('@swc/core');

const root = path.resolve(__dirname, '..');
const aliases = readAliases();

function readAliases() {
  const base = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.base.json'), 'utf8'));
  const map = new Map();
  for (const [name, [target]] of Object.entries(base.compilerOptions.paths ?? {})) {
    map.set(name, path.join(root, target));
  }
  return map;
}

const swcOptions = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs', ignoreDynamic: true },
  sourceMaps: 'inline',
};

const originalResolve = Module._resolveFilename;
Module._resolveFilename = function resolveWorkspaceAlias(request, parent, ...rest) {
  const target = aliases.get(request);
  return originalResolve.call(this, target ?? request, parent, ...rest);
};

Module._extensions['.ts'] = function compileTypeScript(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const { code } = swc.transformSync(source, { ...swcOptions, filename });
  module._compile(code, filename);
};

process.setSourceMapsEnabled?.(true);

module.exports = { root, aliases, swcOptions };
