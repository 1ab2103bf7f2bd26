/**
 * Jest, the fast tier (`npm test`): ts-jest in transpile-only mode (isolatedModules); `tsc --noEmit`
 * type-checks separately. The slower tiers have their own configs: jest.consumers.config.js (the packed
 * package in fresh consumer projects) and jest.cluster.config.js (a real k3s and operator).
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/cluster/', '<rootDir>/test/consumers/'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testTimeout: 60000,
  // Jest's default is one worker fewer than the cores: one on the 2-core machines CI runs on. The
  // files are CPU-bound and independent, so both cores halve the tier (142 s to 85 s measured).
  maxWorkers: 2,
};
