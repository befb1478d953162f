'use strict';
// Lints one text as if it stood at a path of the workspace: stdin {filePath, text} → stdout messages.
// (A child process because ESLint loads its config with a dynamic import that Jest's VM refuses.)
const { ESLint } = require('eslint');
let input = '';
process.stdin.on('data', (chunk) => (input += chunk));
process.stdin.on('end', async () => {
  const { filePath, text } = JSON.parse(input);
  const [result] = await new ESLint({ cwd: process.cwd() }).lintText(text, { filePath });
  process.stdout.write(JSON.stringify(result.messages.map(({ ruleId, message }) => ({ ruleId, message }))));
});
