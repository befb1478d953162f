'use strict';
const fs = require('node:fs');

module.exports = async function globalTeardown() {
  const state = globalThis.__THEQA_EMBEDDED__;
  if (!state) return;
  await state.embedded.close();
  fs.rmSync(state.dataDir, { recursive: true, force: true });
};
