'use strict';
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'signing',
  roots: ['<rootDir>/libs/signing'],
};
