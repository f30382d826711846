// @ts-check
/**
 * ESLint with typescript-eslint's type-checked rules (`npm run lint`). The TypeScript is checked
 * with the types tsconfig.json gives it; the few JavaScript files are browser scripts the
 * simulator or the benchmarks inject into pages, and CommonJS files jest loads.
 */
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', 'bench/baseline/', 'tests/e2e/__screenshots__/'] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: globals.node,
    },
    rules: {
      // `_name` marks a value left out on purpose (a rest sibling, a parameter a signature requires).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // `import x = require('m')` is TypeScript's way to take a CommonJS module object as it is.
      '@typescript-eslint/no-require-imports': ['error', { allowAsImport: true }],
      // A callback written before the value it reads is assigned needs `let`: with `const` it would throw if it ran first.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    // Tests take the replies they check as they arrive (`response.json()`, `JSON.parse`, signaling
    // frames) and assert their shape with `expect`, whose asymmetric matchers (`expect.any`,
    // `expect.objectContaining`, …) are typed `any` as well: a cast to the reply's type would declare
    // the very shape the test is there to check. So values typed `any` may flow through tests;
    // writing `any` by hand stays an error (no-explicit-any) there as everywhere.
    files: ['tests/**'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['bench/page-probes.js', 'simulator/pages/*.js'],
    languageOptions: { globals: globals.browser, sourceType: 'script' },
  },
);
