'use strict';
// Shared Jest settings of every project: swc with decorator metadata, workspace aliases from
// tsconfig.base.json, and the ESM-only packages sent through the transform.
const path = require('node:path');
const { aliases } = require('./tools/ts-hook.cjs');

const ESM_ONLY = [
  'pkijs', 'asn1js', '@peculiar', 'bytestreamjs', '@noble', 'oidc-provider', 'openid-client', 'jose',
  'oauth4webapi', '@electric-sql', 'pvtsutils', 'pvutils', 'harfbuzzjs',
];

module.exports = {
  testEnvironment: 'node',
  setupFiles: [path.join(__dirname, 'tools/test/structured-clone-realm.cjs')],
  transform: {
    '^.+\\.(t|j|mj|cj)sx?$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
          target: 'es2022',
          keepClassNames: true,
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  transformIgnorePatterns: [`node_modules/(?!(${ESM_ONLY.join('|')})/)`],
  moduleNameMapper: Object.fromEntries([...aliases].map(([name, file]) => [`^${name}$`, file])),
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  rootDir: __dirname,
};
