const fs = require('node:fs');
const path = require('node:path');

// SWC compiles both our TypeScript and the ESM-only packages (NestJS 12, file-type and its
// helpers) to CommonJS, because Jest 30 on Node 20 cannot require() ES modules.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];
const esmPackages = ['@nestjs', 'file-type', 'strtok3', 'token-types', 'uint8array-extras', '@tokenizer', 'peek-readable', '@borewit'];
const common = {
  transform: { '^.+\\.(t|j)s$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  testEnvironment: 'node',
  // file-type 21 exports its Node entry under `import` and `module-sync` only, which Jest's
  // require() does not look for (Node 20.19+ does): name the file, SWC compiles it like the rest.
  moduleNameMapper: { '^file-type$': '<rootDir>/node_modules/file-type/index.js' },
};
// One PostgreSQL (DATABASE_URL or the embedded one) and one migrated template for the run;
// listed in each project that needs it, Jest runs it once.
const database = {
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
};

// Every integration test that drives Chromium (it imports test/support/browser) is a browser
// test, whatever its name: the fast tiers never start a browser.
const testDir = path.join(__dirname, 'test');
const browserTests = fs
  .readdirSync(testDir, { recursive: true })
  .map(String)
  .filter((f) => f.endsWith('.e2e-spec.ts') && /from '(\.\.?\/)+support\/browser'|playwright-core/.test(fs.readFileSync(path.join(testDir, f), 'utf8')))
  .map((f) => `<rootDir>/test/${f.split(path.sep).join('/')}`);

/**
 * Tiers (README "Tests"): `unit` (beside the code, mocks, no I/O), `services` (the app's
 * services on real PostgreSQL, no HTTP), `integration` (the whole app over HTTP, CLI, other
 * processes), `browser` (Chromium). `npm run test:fast` runs all but the last.
 */
module.exports = {
  testTimeout: 60000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    { ...common, ...database, displayName: 'services', testMatch: ['<rootDir>/test/**/*.db-spec.ts'] },
    {
      ...common,
      ...database,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', ...browserTests.map((f) => `^${f.replace('<rootDir>', __dirname).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`)],
    },
    { ...common, ...database, displayName: 'browser', testMatch: browserTests.length ? browserTests : ['<rootDir>/test/no-browser-tests'] },
  ],
};
