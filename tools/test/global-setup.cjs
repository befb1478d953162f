'use strict';
// What every Jest worker shares, made once before any starts (workers inherit the environment):
// - one migrated database: the PostgreSQL of DATABASE_URL (the CI pass on a real server), or an
//   embedded PGlite started here in a fresh temporary folder;
// - one CA hierarchy on it, made through the platform's composition root as `ca init` makes it, its
//   keys in a temporary dev folder (THEQA_DEV_DIR) under a master key of the run (THEQA_KEYSTORE_KEY),
//   so that suites using the CA never race to create or re-issue authorities;
// - one SoftHSM2 configuration (SOFTHSM2_CONF), which the native library reads once per process
//   (when SoftHSM2 is installed).
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
require('../ts-hook.cjs');

module.exports = async function globalSetup() {
  const { EmbeddedPostgres } = require('../../libs/persistence/src/index.ts');
  const { loadConfiguration, PlatformServices } = require('../../apps/platform/src/index.ts');
  const { createLogger } = require('../../libs/http-shell/src/index.ts');
  const { softHsmIsInstalled } = require('../../libs/testing/src/softhsm.ts');
  const state = { dirs: [] };
  globalThis.__THEQA_TEST_STATE__ = state;
  const tempDir = (prefix) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    state.dirs.push(dir);
    return dir;
  };

  let url = process.env.DATABASE_URL;
  if (!url) {
    state.embedded = await EmbeddedPostgres.open(tempDir('theqa-test-db-'));
    url = state.embedded.url;
    process.env.DATABASE_URL = url;
    process.env.THEQA_TEST_DATABASE = 'embedded';
  } else {
    process.env.THEQA_TEST_DATABASE = 'server';
  }
  process.env.THEQA_DEV_DIR = tempDir('theqa-test-ca-');
  process.env.THEQA_KEYSTORE_KEY = crypto.randomBytes(32).toString('hex');
  process.env.THEQA_TEST_PUBLIC_BASE_URL = 'http://127.0.0.1:8080';
  const config = loadConfiguration({ ...process.env, PUBLIC_BASE_URL: process.env.THEQA_TEST_PUBLIC_BASE_URL });
  const services = await PlatformServices.open(config, { logger: createLogger({ level: 'warn' }), actor: 'test-setup', applicationName: 'theqa-test-setup', poolSize: 1 });
  try {
    await services.migrate();
    await services.initialiseAuthority();
  } finally {
    await services.close();
  }

  // The same test as the suites' (module and softhsm2-util on PATH), so that a run which skips them sets nothing up.
  if (softHsmIsInstalled()) {
    const dir = tempDir('theqa-test-softhsm-');
    fs.mkdirSync(path.join(dir, 'tokens'), { mode: 0o700 });
    const conf = path.join(dir, 'softhsm2.conf');
    fs.writeFileSync(conf, `directories.tokendir = ${path.join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n`);
    process.env.SOFTHSM2_CONF = conf;
  }
  process.stderr.write(`\n[theqa tests] database: ${process.env.THEQA_TEST_DATABASE} (${url.replace(/:[^:@/]*@/, ':***@')})\n`);
};
