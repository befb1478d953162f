'use strict';
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'identity',
  roots: ['<rootDir>/libs/identity'],
};
