'use strict';
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'platform-statistics',
  roots: ['<rootDir>/libs/platform-statistics'],
};
