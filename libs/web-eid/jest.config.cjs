'use strict';
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'web-eid',
  roots: ['<rootDir>/libs/web-eid'],
};
