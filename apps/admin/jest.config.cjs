'use strict';
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'admin',
  roots: ['<rootDir>/apps/admin'],
};
