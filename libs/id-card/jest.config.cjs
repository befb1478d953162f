'use strict';
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'id-card',
  roots: ['<rootDir>/libs/id-card'],
};
