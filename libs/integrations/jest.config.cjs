'use strict';
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'integrations',
  roots: ['<rootDir>/libs/integrations'],
};
