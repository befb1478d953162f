'use strict';
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'platform',
  roots: ['<rootDir>/apps/platform'],
};
