'use strict';
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'signing-service',
  roots: ['<rootDir>/apps/signing'],
};
