'use strict';
// Lint: typescript-eslint, and Nx's module-boundary rule enforcing the dependency direction of
// DESIGN.md: apps → libs; domain libs never reach HTTP shells or apps; `keys` (key custody) and `pades`
// stand alone, `ca` uses only `keys`; `identity` may use `ca`; persistence implements the domain libs'
// storage ports.
const nx = require('@nx/eslint-plugin');

const DOMAIN_LIBS = ['scope:ca', 'scope:pades', 'scope:identity', 'scope:consent', 'scope:relying-parties', 'scope:login', 'scope:integrations', 'scope:device-protocol', 'scope:audit'];

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
            { sourceTag: 'type:shell', onlyDependOnLibsWithTags: ['type:shell'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib', 'type:testing'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:lib', 'type:shell', 'type:testing'] },
            { sourceTag: 'scope:keys', notDependOnLibsWithTags: ['type:lib', 'type:shell'] },
            { sourceTag: 'scope:ca', onlyDependOnLibsWithTags: ['scope:keys', 'type:testing'] },
            { sourceTag: 'scope:pades', notDependOnLibsWithTags: ['type:lib', 'type:shell'] },
            { sourceTag: 'scope:device-protocol', notDependOnLibsWithTags: ['type:lib', 'type:shell'] },
            { sourceTag: 'scope:identity', onlyDependOnLibsWithTags: ['scope:ca', 'scope:keys', 'scope:device-protocol', 'scope:integrations', 'scope:consent', 'scope:audit'] },
            { sourceTag: 'scope:consent', onlyDependOnLibsWithTags: ['scope:audit', 'scope:integrations'] },
            { sourceTag: 'scope:relying-parties', onlyDependOnLibsWithTags: ['scope:consent', 'scope:audit', 'scope:integrations'] },
            // The login of relying parties: requests, number matching, device approval, consent.
            { sourceTag: 'scope:login', onlyDependOnLibsWithTags: ['scope:identity', 'scope:relying-parties', 'scope:consent', 'scope:device-protocol', 'scope:integrations', 'scope:audit', 'scope:ca', 'scope:keys'] },
            { sourceTag: 'scope:integrations', onlyDependOnLibsWithTags: ['scope:device-protocol'] },
            { sourceTag: 'scope:audit', notDependOnLibsWithTags: ['type:lib', 'type:shell'] },
            { sourceTag: 'scope:persistence', onlyDependOnLibsWithTags: DOMAIN_LIBS },
            // The running services: domain logic composed over persistence; still no HTTP.
            { sourceTag: 'scope:ca-service', onlyDependOnLibsWithTags: ['scope:ca', 'scope:keys', 'scope:audit', 'scope:persistence'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Test helpers stay out of production code: @theqa/testing, and the fakes a lib offers at @theqa/<lib>/testing.
    files: ['apps/*/src/**/*.ts', 'libs/*/src/**/*.ts'],
    ignores: ['**/*.spec.ts', 'libs/testing/**', 'libs/*/src/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: '@theqa/testing', message: 'test helpers are for tests only' }],
          patterns: [{ group: ['@theqa/*/testing'], message: 'fakes are for tests and benchmarks only' }],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
];
