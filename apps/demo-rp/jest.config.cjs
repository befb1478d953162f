'use strict';
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'demo-rp',
  roots: ['<rootDir>/apps/demo-rp'],
};
