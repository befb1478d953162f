'use strict';
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'pdf-preview',
  roots: ['<rootDir>/libs/pdf-preview'],
};
