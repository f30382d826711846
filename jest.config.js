/** Tests are TypeScript, transpiled by ts-jest (isolatedModules from tsconfig: no type-check per file); `npm run build` type-checks the whole tree first. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': 'ts-jest' },
  testTimeout: 30000,
  reporters: ['default', '<rootDir>/tests/support/summary-reporter.js'],
};
