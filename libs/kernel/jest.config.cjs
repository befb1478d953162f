'use strict';
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'kernel',
  roots: ['<rootDir>/libs/kernel'],
};
