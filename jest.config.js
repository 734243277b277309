/** One command runs everything: unit (*.spec.ts), integration (*.int-spec.ts) and e2e (*.e2e-spec.ts). */
const swc = JSON.parse(require('fs').readFileSync(`${__dirname}/.swcrc`, 'utf8'));
delete swc.$schema;

module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.{spec,int-spec,e2e-spec}.ts'],
  transform: { '^.+\\.(ts|js)$': ['@swc/jest', swc] },
  // ES-module-only dependencies (loaded by @fastify/static for the OpenAPI UI) are compiled for Jest.
  transformIgnorePatterns: ['/node_modules/(?!(content-disposition)/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  testTimeout: 30_000,
  maxWorkers: process.env.JEST_MAX_WORKERS ?? '50%',
  slowTestThreshold: 10,
};
