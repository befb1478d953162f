'use strict';
// Lint: typescript-eslint, and Nx's module-boundary rule enforcing the dependency direction of
// DESIGN.md: apps → libs; domain libs never reach HTTP shells or apps; `keys` (key custody), `ca` and
// `pades` stand alone but for the kernel (and `ca` on `keys`); `identity` may use `ca`; persistence
// implements the domain libs' storage ports. The kernel (civil number, assurance, bilingual text,
// canonical JSON) is below every lib and uses none.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const nx = require('@nx/eslint-plugin');

// The boundary rule reads Nx's cached project graph and, when there is none, lets every import pass
// with a mere warning. `nx run-many -t lint` builds it; a plain `eslint` (an editor, lint-text.cjs) must too.
if (!fs.existsSync(path.join(__dirname, '.nx/workspace-data/project-graph.json'))) {
  execFileSync(process.execPath, [require.resolve('nx/bin/nx.js'), 'show', 'projects'], {
    cwd: __dirname,
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
    stdio: 'ignore',
  });
}

const KERNEL = 'scope:kernel';
// What `keys`, `pades`, `device-protocol` and `audit` may use: the kernel, and test support in their specs.
const STANDS_ALONE = [KERNEL, 'type:testing'];
const DOMAIN_LIBS = [KERNEL, 'scope:ca', 'scope:pades', 'scope:identity', 'scope:consent', 'scope:relying-parties', 'scope:login', 'scope:integrations', 'scope:device-protocol', 'scope:audit', 'scope:signing', 'scope:portal-sessions', 'scope:administration', 'scope:platform-statistics', 'scope:web-eid'];

// Production code never reaches the development stand-ins (synthetic registry, face matcher, SMS
// outbox) except through the composition root's one module that chooses them by configuration.
const DEV_STANDINS_CHOOSER = 'apps/platform/src/composition/development-stand-ins.ts';
const TEST_HELPERS_IMPORT = { name: '@theqa/testing', message: 'test helpers are for tests only' };
const FAKES_IMPORT = { group: ['@theqa/*/testing'], message: 'fakes are for tests and benchmarks only' };
const TOOLS_IMPORT = { regex: '^(\\.\\./)+tools/', message: 'production code never reaches into tools/ (what it needs is passed in by the composition root)' };
const DEV_STANDINS_IMPORTS = {
  paths: [{ name: '@theqa/dev-standins', message: `development stand-ins are for tests and ${DEV_STANDINS_CHOOSER} only` }],
  patterns: [{ group: ['@theqa/dev-standins/*', '**/dev-standins/src/**'], message: `development stand-ins are for tests and ${DEV_STANDINS_CHOOSER} only` }],
};

module.exports = [
  { ignores: ['**/node_modules', '**/dist', 'tmp', '.data', 'coverage', '**/*.cjs', 'test-artifacts', '.nx'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            // The CLI, the bench and the test run's setup reuse the platform's composition root (apps/platform).
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib', 'type:shell', 'type:testing', 'type:service', 'type:composition'] },
            // apps/<service>: a NestJS module that the platform (or its own process) mounts; never imports another service.
            { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:lib', 'type:shell', 'type:web', 'type:testing'] },
            // The web plumbing the first-party apps (portal, console) share: HTTP, so no domain lib's business.
            { sourceTag: 'type:web', onlyDependOnLibsWithTags: ['type:lib', 'type:shell'] },
            { sourceTag: 'type:shell', onlyDependOnLibsWithTags: ['type:shell', KERNEL] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib', 'type:testing'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:lib', 'type:shell', 'type:testing'] },
            { sourceTag: 'scope:kernel', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'scope:keys', onlyDependOnLibsWithTags: STANDS_ALONE },
            { sourceTag: 'scope:ca', onlyDependOnLibsWithTags: [...STANDS_ALONE, 'scope:keys'] },
            { sourceTag: 'scope:pades', onlyDependOnLibsWithTags: STANDS_ALONE },
            // A PDF's first page drawn in the browser (pdf.js), and what serving it takes: nothing of the platform.
            { sourceTag: 'scope:pdf-preview', onlyDependOnLibsWithTags: STANDS_ALONE },
            { sourceTag: 'scope:device-protocol', onlyDependOnLibsWithTags: STANDS_ALONE },
            // The ID card's side (the chip over PKCS#11, the Web eID native app's role): keys and a CSR, nothing of the platform.
            { sourceTag: 'scope:id-card', onlyDependOnLibsWithTags: [KERNEL, 'scope:keys', 'scope:ca', 'scope:web-eid', 'type:testing'] },
            { sourceTag: 'scope:identity', onlyDependOnLibsWithTags: [KERNEL, 'scope:ca', 'scope:keys', 'scope:device-protocol', 'scope:integrations', 'scope:consent', 'scope:audit'] },
            // (dev-standins for its tests' synthetic persons; production code may not: no-restricted-imports below)
            { sourceTag: 'scope:consent', onlyDependOnLibsWithTags: [KERNEL, 'scope:audit', 'scope:integrations', 'scope:dev-standins'] },
            { sourceTag: 'scope:relying-parties', onlyDependOnLibsWithTags: [KERNEL, 'scope:consent', 'scope:audit', 'scope:integrations'] },
            // The login of relying parties: requests, number matching, device approval, consent.
            { sourceTag: 'scope:login', onlyDependOnLibsWithTags: [KERNEL, 'scope:identity', 'scope:relying-parties', 'scope:consent', 'scope:device-protocol', 'scope:integrations', 'scope:audit', 'scope:ca', 'scope:keys'] },
            { sourceTag: 'scope:integrations', onlyDependOnLibsWithTags: [KERNEL, 'scope:device-protocol'] },
            // Signing requests: relying parties submit, the citizen's device signs, the platform completes.
            { sourceTag: 'scope:signing', onlyDependOnLibsWithTags: [KERNEL, 'scope:pades', 'scope:identity', 'scope:device-protocol', 'scope:relying-parties', 'scope:integrations', 'scope:audit'] },
            // The synthetic registry, face matcher, SMS outbox and their HTTP server: over the ports only.
            { sourceTag: 'scope:dev-standins', onlyDependOnLibsWithTags: [KERNEL, 'scope:integrations'] },
            { sourceTag: 'scope:audit', onlyDependOnLibsWithTags: STANDS_ALONE },
            // The portal's web sessions and login transactions: the kernel's types only.
            { sourceTag: 'scope:portal-sessions', onlyDependOnLibsWithTags: STANDS_ALONE },
            // …and of the domain, only the kernel, the sessions' types and the device claim of the gateway's login.
            { sourceTag: 'scope:first-party-web', onlyDependOnLibsWithTags: [KERNEL, 'scope:portal-sessions', 'scope:login', 'type:shell'] },
            // The administrators' roles, permissions, roster and four-eyes approvals: the kernel and the audit log's types.
            { sourceTag: 'scope:administration', onlyDependOnLibsWithTags: [KERNEL, 'scope:audit', 'type:testing'] },
            // The dashboard's counts and charts: the kernel's types only (persistence implements its source).
            { sourceTag: 'scope:platform-statistics', onlyDependOnLibsWithTags: STANDS_ALONE },
            // Web eID authentication (nonces, token validation): the kernel; its specs issue card certificates with the CA's test hierarchy.
            { sourceTag: 'scope:web-eid', onlyDependOnLibsWithTags: [KERNEL, 'scope:ca', 'scope:keys', 'type:testing'] },
            // (test support in its specs: the owner's connection for the tests that act as the database's owner)
            { sourceTag: 'scope:persistence', onlyDependOnLibsWithTags: [...DOMAIN_LIBS, 'type:testing'] },
            // The running services: domain logic composed over persistence; still no HTTP.
            { sourceTag: 'scope:ca-service', onlyDependOnLibsWithTags: [KERNEL, 'scope:ca', 'scope:keys', 'scope:audit', 'scope:persistence', 'type:testing'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Test helpers, fakes and development stand-ins stay out of production code; a library never
    // reaches into tools/ (the workspace's scripts) by a relative path.
    files: ['apps/*/src/**/*.ts', 'libs/*/src/**/*.ts'],
    ignores: ['**/*.spec.ts', 'libs/testing/**', 'libs/*/src/testing/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [TEST_HELPERS_IMPORT, ...DEV_STANDINS_IMPORTS.paths], patterns: [FAKES_IMPORT, TOOLS_IMPORT, ...DEV_STANDINS_IMPORTS.patterns] }] },
  },
  {
    // …except the stand-ins themselves and the one module of the composition root that chooses them.
    files: ['libs/dev-standins/src/**/*.ts', DEV_STANDINS_CHOOSER],
    ignores: ['**/*.spec.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [TEST_HELPERS_IMPORT], patterns: [FAKES_IMPORT, TOOLS_IMPORT] }] },
  },
  {
    files: ['**/*.spec.ts', '**/test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
];
