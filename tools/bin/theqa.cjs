#!/usr/bin/env node
'use strict';
// The `theqa` command (npx theqa <group> <command> [--json]). `theqa wallet …` is the citizen's
// wallet (apps/wallet), not an administration command, so it has its own entry point.
require('../require-node.cjs');
require('../ts-hook.cjs');
if (process.argv[2] === 'wallet') {
  require('../../apps/wallet/src/cli/main.ts')
    .runWallet(process.argv.slice(3))
    .then((code) => {
      process.exitCode = code;
    });
} else {
  require('../../apps/cli/src/main.ts');
}
