'use strict';
// What every Jest worker shares, made once before any starts (workers inherit the environment):
// - one migrated database: the PostgreSQL of DATABASE_URL (the CI pass on a real server), or an
//   embedded PGlite started here in a fresh temporary folder;
// - one CA hierarchy on it, its keys in a temporary dev folder (THEQA_DEV_DIR), so that suites using
//   the CA never race to create or re-issue authorities;
// - one SoftHSM2 configuration (SOFTHSM2_CONF), which the native library reads once per process.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
require('../ts-hook.cjs');

module.exports = async function globalSetup() {
  const { EmbeddedPostgres, createDataSource, migrateDatabase } = require('../../libs/persistence/src/index.ts');
  const { CertificateAuthority, readCaSettings } = require('../../libs/ca-service/src/index.ts');
  const { findSoftHsmLibrary } = require('../../libs/testing/src/softhsm.ts');
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
  const dataSource = createDataSource({ url, poolSize: 1 });
  await dataSource.initialize();
  await migrateDatabase(dataSource);

  process.env.THEQA_DEV_DIR = tempDir('theqa-test-ca-');
  process.env.THEQA_TEST_PUBLIC_BASE_URL = 'http://127.0.0.1:8080';
  const ca = await CertificateAuthority.open({
    dataSource,
    settings: readCaSettings(process.env),
    publicBaseUrl: process.env.THEQA_TEST_PUBLIC_BASE_URL,
    actor: 'test-setup',
  });
  await ca.close();
  await dataSource.destroy();

  if (findSoftHsmLibrary()) {
    const dir = tempDir('theqa-test-softhsm-');
    fs.mkdirSync(path.join(dir, 'tokens'), { mode: 0o700 });
    const conf = path.join(dir, 'softhsm2.conf');
    fs.writeFileSync(conf, `directories.tokendir = ${path.join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n`);
    process.env.SOFTHSM2_CONF = conf;
  }
  process.stderr.write(`\n[theqa tests] database: ${process.env.THEQA_TEST_DATABASE} (${url.replace(/:[^:@/]*@/, ':***@')})\n`);
};
