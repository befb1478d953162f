#!/usr/bin/env node
'use strict';
// The `theqa` command (npx theqa <group> <command> [--json]). `theqa wallet …` is the citizen's
// wallet (apps/wallet), not an administration command, so it has its own entry point.
require('../require-node.cjs');
require('../ts-hook.cjs');
// The card app (`theqa card authenticate|get-signing-certificate|sign|unblock`) is the citizen's too,
// and the browser extension runs it per request: it starts without the platform.
const CARD_APP = new Set(['authenticate', 'get-signing-certificate', 'sign', 'unblock']);
if (process.argv[2] === 'card' && CARD_APP.has(process.argv[3])) {
  require('../../apps/cli/src/card/card-app-main.ts')
    .runCardApp(process.argv.slice(3))
    .then((code) => {
      process.exitCode = code;
    });
} else if (process.argv[2] === 'wallet') {
  require('../../apps/wallet/src/cli/main.ts')
    .runWallet(process.argv.slice(3))
    .then((code) => {
      process.exitCode = code;
    });
} else {
  require('../../apps/cli/src/main.ts');
}
