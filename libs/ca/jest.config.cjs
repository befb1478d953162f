'use strict';
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'ca',
  roots: ['<rootDir>/libs/ca'],
};
