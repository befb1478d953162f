'use strict';
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'consent',
  roots: ['<rootDir>/libs/consent'],
};
