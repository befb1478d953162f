'use strict';
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'persistence',
  roots: ['<rootDir>/libs/persistence'],
};
