'use strict';
// Prints the plain closing lines CI and people read: "tests: N passed, N failed, N skipped", then, when
// checks were skipped for want of a tool (libs/testing's toolIsAvailable writes them to a log whose
// path this reporter hands to the workers), one line naming them and the apt-get install that enables them.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

class SummaryReporter {
  constructor() {
    this.skipLog = path.join(os.tmpdir(), `theqa-skipped-tools-${process.pid}-${Date.now()}.jsonl`);
    fs.writeFileSync(this.skipLog, '');
    // Workers start after reporters are made and inherit this environment.
    process.env.THEQA_SKIP_LOG = this.skipLog;
  }

  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    process.stdout.write(`\ntests: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped\n`);
    const line = skippedToolsLine(readSkips(this.skipLog));
    if (line) process.stdout.write(`${line}\n`);
    fs.rmSync(this.skipLog, { force: true });
  }
}

function readSkips(file) {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

function skippedToolsLine(skips) {
  if (skips.length === 0) return undefined;
  const byTool = new Map();
  for (const { tool, package: pkg, file } of skips) {
    const entry = byTool.get(tool) ?? { pkg, files: new Set() };
    if (file) entry.files.add(path.relative(process.cwd(), file));
    byTool.set(tool, entry);
  }
  const groups = [...byTool].map(([tool, { files }]) => `${tool} (${files.size} ${files.size === 1 ? 'file' : 'files'}: ${[...files].sort().join(', ')})`);
  const packages = [...new Set([...byTool.values()].map((e) => e.pkg))].sort();
  return `skipped for want of tools: ${groups.join('; ')} — to run them: apt-get install ${packages.join(' ')}`;
}

module.exports = SummaryReporter;
module.exports.skippedToolsLine = skippedToolsLine;
