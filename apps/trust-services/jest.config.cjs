'use strict';
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'trust-services',
  roots: ['<rootDir>/apps/trust-services'],
};
