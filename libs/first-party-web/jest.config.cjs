'use strict';
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'first-party-web',
  roots: ['<rootDir>/libs/first-party-web'],
};
