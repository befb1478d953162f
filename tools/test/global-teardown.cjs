'use strict';
const fs = require('node:fs');

module.exports = async function globalTeardown() {
  const state = globalThis.__THEQA_TEST_STATE__;
  if (!state) return;
  await state.embedded?.close();
  for (const dir of state.dirs) fs.rmSync(dir, { recursive: true, force: true });
};
