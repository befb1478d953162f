'use strict';
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'device-protocol',
  roots: ['<rootDir>/libs/device-protocol'],
};
