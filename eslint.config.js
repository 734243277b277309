// @ts-check
/**
 * ESLint flat config. Run by CI through `npm run lint` (then dependency-cruiser checks the module
 * boundaries, see .dependency-cruiser.js). Not type-aware on purpose: it stays fast.
 */
const js = require('@eslint/js');
const { defineConfig } = require('eslint/config');
const tseslint = require('typescript-eslint');

/** Node.js globals for the plain CommonJS scripts (no `globals` package installed). */
const nodeGlobals = Object.fromEntries(
  [
    'require', 'module', 'exports', 'process', '__dirname', '__filename', 'console', 'Buffer',
    'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate',
    'URL', 'URLSearchParams', 'fetch', 'AbortController', 'AbortSignal', 'performance',
    'structuredClone', 'queueMicrotask', 'TextEncoder', 'TextDecoder',
  ].map((name) => [name, 'readonly']),
);

/** Files allowed to print to the console: the process entry point and the migration CLI. */
const CONSOLE_ALLOWED = ['src/main.ts', 'src/platform/database/migrate.ts'];

module.exports = defineConfig(
  {
    ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'docker/**', '.guichet/**', 'test/artifacts/**', 'test-results/**'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      // The TypeScript-aware variant replaces the core rule everywhere (JS files included).
      'no-unused-vars': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      '@typescript-eslint/no-explicit-any': 'warn',
    },
  },
  {
    // Plain Node.js CommonJS scripts: bench/, jest.config.js, .dependency-cruiser.js, this file.
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', ecmaVersion: 2023, globals: nodeGlobals },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The web client's build script (ES module, Node.js).
    files: ['web/build.mjs'],
    languageOptions: { sourceType: 'module', ecmaVersion: 2023, globals: nodeGlobals },
  },
  {
    // Application code logs through the Nest/pino logger, never the console.
    files: ['src/**/*.ts'],
    ignores: CONSOLE_ALLOWED,
    rules: { 'no-console': 'error' },
  },
);
