'use strict';
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'portal-sessions',
  roots: ['<rootDir>/libs/portal-sessions'],
};
