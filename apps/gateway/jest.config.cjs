'use strict';
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'gateway',
  roots: ['<rootDir>/apps/gateway'],
};
