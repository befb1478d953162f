'use strict';
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'portal',
  roots: ['<rootDir>/apps/portal'],
};
