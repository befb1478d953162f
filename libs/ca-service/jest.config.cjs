'use strict';
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'ca-service',
  roots: ['<rootDir>/libs/ca-service'],
};
