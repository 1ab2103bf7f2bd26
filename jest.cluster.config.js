/**
 * The real-control-plane tier (`npm run test:cluster`): each file starts its own k3s (and the
 * operator where it needs one), so files run one at a time on these 2-core machines.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/cluster'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testTimeout: 5 * 60_000,
  maxWorkers: 1,
};
