/** Jest: unit tests need nothing; integration tests share one DynamoDB Local started in globalSetup. */

// The AWS SDK's notice that its 2027 releases will need Node 22, as the entry points quiet it (src/process-setup.ts).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
  },
  // The dashboard's sources (dashboard/src, bundled by esbuild) import local files as `./x.js`: the unit tests of its pure
  // logic (test/unit/dashboard) load them through ts-jest as the extensionless `.ts` files.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  globalSetup: '<rootDir>/test/helpers/global-setup.ts',
  globalTeardown: '<rootDir>/test/helpers/global-teardown.ts',
  testTimeout: 60000,
};
