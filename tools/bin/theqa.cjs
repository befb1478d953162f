#!/usr/bin/env node
'use strict';
// The `theqa` command (npx theqa <group> <command> [--json]).
require('../ts-hook.cjs');
require('../../apps/cli/src/main.ts');
