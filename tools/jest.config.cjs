'use strict';
module.exports = {
  ...require('../jest.preset.cjs'),
  displayName: 'workspace',
  roots: ['<rootDir>/tools'],
};
