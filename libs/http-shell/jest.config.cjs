'use strict';
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'http-shell',
  roots: ['<rootDir>/libs/http-shell'],
};
