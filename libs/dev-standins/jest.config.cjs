'use strict';
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'dev-standins',
  roots: ['<rootDir>/libs/dev-standins'],
};
