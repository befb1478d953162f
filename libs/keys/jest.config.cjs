'use strict';
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'keys',
  roots: ['<rootDir>/libs/keys'],
};
