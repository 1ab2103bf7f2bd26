/** Jest, the consumers tier (`npm run test:consumers`): `npm pack`, then the tarball in fresh projects of each style users have. */
const base = require('./jest.config');

module.exports = {
  ...base,
  roots: ['<rootDir>/test/consumers'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 600000,
};
