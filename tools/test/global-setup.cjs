'use strict';
// One migrated database for every Jest worker: the PostgreSQL of DATABASE_URL (the CI pass on a real
// server), or an embedded PGlite started here in a fresh temporary folder. Workers inherit the URL.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
require('../ts-hook.cjs');

module.exports = async function globalSetup() {
  const { EmbeddedPostgres, createDataSource, migrateDatabase } = require('../../libs/persistence/src/index.ts');
  let url = process.env.DATABASE_URL;
  if (!url) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'theqa-test-db-'));
    const embedded = await EmbeddedPostgres.open(dataDir);
    globalThis.__THEQA_EMBEDDED__ = { embedded, dataDir };
    url = embedded.url;
    process.env.DATABASE_URL = url;
    process.env.THEQA_TEST_DATABASE = 'embedded';
  } else {
    process.env.THEQA_TEST_DATABASE = 'server';
  }
  const dataSource = createDataSource({ url, poolSize: 1 });
  await dataSource.initialize();
  await migrateDatabase(dataSource);
  await dataSource.destroy();
  process.stderr.write(`\n[theqa tests] database: ${process.env.THEQA_TEST_DATABASE} (${url.replace(/:[^:@/]*@/, ':***@')})\n`);
};
