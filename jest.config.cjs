'use strict';
// `npm test`: every project's suites in one Jest run, sharing one database (see tools/test/global-setup.cjs).
const fs = require('node:fs');
const path = require('node:path');

const projects = ['apps', 'libs']
  .flatMap((dir) => fs.readdirSync(path.join(__dirname, dir)).map((name) => path.join(__dirname, dir, name)))
  .concat(path.join(__dirname, 'tools'))
  .filter((dir) => fs.existsSync(path.join(dir, 'jest.config.cjs')));

module.exports = {
  projects,
  globalSetup: '<rootDir>/tools/test/global-setup.cjs',
  globalTeardown: '<rootDir>/tools/test/global-teardown.cjs',
  // Two cores: PGlite and the services under test need one of them.
  testTimeout: 90_000,
  maxWorkers: process.env.JEST_MAX_WORKERS ?? 2,
  reporters: ['default', '<rootDir>/tools/test/summary-reporter.cjs'],
};
