'use strict';
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'login',
  roots: ['<rootDir>/libs/login'],
};
