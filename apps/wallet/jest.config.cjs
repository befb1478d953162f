'use strict';
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'wallet',
  roots: ['<rootDir>/apps/wallet'],
};
