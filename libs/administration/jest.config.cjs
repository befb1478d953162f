'use strict';
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'administration',
  roots: ['<rootDir>/libs/administration'],
};
