/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: { warnOnly: false } }] },
  // The CLI and end-to-end suites spawn processes; 2 workers match the 2 cores of CI.
  maxWorkers: 2,
  testTimeout: 20000,
};
