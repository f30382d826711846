/** Tests are TypeScript, transpiled by ts-jest (isolatedModules: no type-check per file); `npm test` runs `tsc` over the whole tree first. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': 'ts-jest' },
  testTimeout: 30000,
  // Two files at a time even on two cores: most of a browser test's time is waiting (rings, updates, audio), not computing.
  maxWorkers: 2,
  // A failing test can leave a server open; the run must still end with its summary line (CI reads it) rather than wait forever.
  forceExit: true,
  setupFiles: ['<rootDir>/tests/support/media-loopback.js'],
  reporters: ['default', '<rootDir>/tests/support/summary-reporter.js'],
};
