'use strict';
// Lint: typescript-eslint, and Nx's module-boundary rule enforcing the dependency direction of
// DESIGN.md: apps → libs; domain libs never reach HTTP shells or apps; `ca` and `pades` stand alone
// but for the kernel; `identity` may use `ca`; persistence implements the domain libs' storage ports.
// The kernel (civil number, assurance, bilingual text, canonical JSON) is below every lib and uses none.
const nx = require('@nx/eslint-plugin');

const KERNEL = 'scope:kernel';
// What `ca`, `pades`, `device-protocol` and `audit` may use: the kernel, and test support in their specs.
const STANDS_ALONE = [KERNEL, 'type:testing'];
const DOMAIN_LIBS = [KERNEL, 'scope:ca', 'scope:pades', 'scope:identity', 'scope:consent', 'scope:relying-parties', 'scope:login', 'scope:integrations', 'scope:device-protocol', 'scope:audit'];

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
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib', 'type:shell', 'type:testing', 'type:service'] },
            // apps/<service>: a NestJS module that the platform (or its own process) mounts; never imports another service.
            { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:lib', 'type:shell', 'type:testing'] },
            { sourceTag: 'type:shell', onlyDependOnLibsWithTags: ['type:shell', KERNEL] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib', 'type:testing'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:lib', 'type:shell', 'type:testing'] },
            { sourceTag: 'scope:kernel', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'scope:ca', onlyDependOnLibsWithTags: STANDS_ALONE },
            { sourceTag: 'scope:pades', onlyDependOnLibsWithTags: STANDS_ALONE },
            { sourceTag: 'scope:device-protocol', onlyDependOnLibsWithTags: STANDS_ALONE },
            { sourceTag: 'scope:identity', onlyDependOnLibsWithTags: [KERNEL, 'scope:ca', 'scope:device-protocol', 'scope:integrations', 'scope:consent', 'scope:audit'] },
            { sourceTag: 'scope:consent', onlyDependOnLibsWithTags: [KERNEL, 'scope:audit', 'scope:integrations'] },
            { sourceTag: 'scope:relying-parties', onlyDependOnLibsWithTags: [KERNEL, 'scope:consent', 'scope:audit', 'scope:integrations'] },
            // The login of relying parties: requests, number matching, device approval, consent.
            { sourceTag: 'scope:login', onlyDependOnLibsWithTags: [KERNEL, 'scope:identity', 'scope:relying-parties', 'scope:consent', 'scope:device-protocol', 'scope:integrations', 'scope:audit', 'scope:ca'] },
            { sourceTag: 'scope:integrations', onlyDependOnLibsWithTags: [KERNEL, 'scope:device-protocol'] },
            { sourceTag: 'scope:audit', onlyDependOnLibsWithTags: STANDS_ALONE },
            { sourceTag: 'scope:persistence', onlyDependOnLibsWithTags: DOMAIN_LIBS },
            // The running services: domain logic composed over persistence; still no HTTP.
            { sourceTag: 'scope:ca-service', onlyDependOnLibsWithTags: [KERNEL, 'scope:ca', 'scope:audit', 'scope:persistence'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Test helpers stay out of production code.
    files: ['apps/*/src/**/*.ts', 'libs/*/src/**/*.ts'],
    ignores: ['**/*.spec.ts', 'libs/testing/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: '@theqa/testing', message: 'test helpers are for tests only' }] }] },
  },
  {
    files: ['**/*.spec.ts', '**/test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
];
