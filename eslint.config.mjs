// ESLint (flat config): typescript-eslint's recommended rules plus the module boundaries
// (eslint/module-boundaries.cjs, docs/architecture.md). Formatting is Prettier's job
// (`npm run lint` runs both; `npm run format` writes).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import moduleBoundaries from './eslint/module-boundaries.cjs';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'src/platform/views/assets/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // `_name` marks a value deliberately left unused (a destructured-away field, an unused parameter).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // Node scripts and configuration written in CommonJS (bench, jest.config.js).
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/**/*.ts'],
    plugins: { wbs: { rules: { 'module-boundaries': moduleBoundaries } } },
    rules: { 'wbs/module-boundaries': 'error' },
  },
);
