'use strict';
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'audit',
  roots: ['<rootDir>/libs/audit'],
};
