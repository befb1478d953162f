'use strict';
// The platform runs on Node.js 24 LTS (Node 20 reached its end of life in April 2026). `npm install`
// puts a Node 24 in node_modules/.bin (the `node` devDependency), and npm scripts and npx put that
// folder first on PATH, so `npm start`, `npm test` and `npx theqa` run on it even where the machine's
// own Node is older. Anything started another way on an older Node stops here and says why.
const REQUIRED_MAJOR = 24;
const major = Number(process.versions.node.split('.')[0]);
// THEQA_UNSUPPORTED_NODE=allow runs anyway, with a warning: only to measure an older Node against this
// one (docs/decisions.md keeps such comparisons), never to run the platform.
if (major < REQUIRED_MAJOR && process.env.THEQA_UNSUPPORTED_NODE === 'allow') {
  process.stderr.write(`theqa: running on ${process.version}, which is not supported (THEQA_UNSUPPORTED_NODE=allow)\n`);
} else if (major < REQUIRED_MAJOR) {
  process.stderr.write(
    `theqa needs Node.js ${REQUIRED_MAJOR} (this is ${process.version}). Run it through npm — \`npm start\`, \`npm test\`, ` +
      `\`npx theqa …\` — which use the Node ${REQUIRED_MAJOR} that \`npm install\` puts in node_modules/.bin, or install Node.js ${REQUIRED_MAJOR}.\n`,
  );
  process.exit(1);
}
