'use strict';
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'pades',
  roots: ['<rootDir>/libs/pades'],
};
