'use strict';
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'relying-parties',
  roots: ['<rootDir>/libs/relying-parties'],
};
