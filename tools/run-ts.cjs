#!/usr/bin/env node
'use strict';
// `node tools/run-ts.cjs <file.ts> [args…]`: run a TypeScript entry point of the workspace.
require('./require-node.cjs');
const path = require('node:path');
require('./ts-hook.cjs');
const [, , entry, ...args] = process.argv;
if (!entry) {
  console.error('usage: node tools/run-ts.cjs <entry.ts> [args…]');
  process.exit(2);
}
process.argv = [process.argv[0], path.resolve(entry), ...args];
require(path.resolve(entry));
