import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/*.mjs', 'out/**', 'bench-results/**', '**/test-output/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Node packages meet through core's port types only: that is what makes a stage swappable.
    // `**/` so the pattern matches whether eslint runs from the root or inside a package.
    files: ['**/nodes-*/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['@ffavatar/nodes-*'], message: 'node packages must not import each other; meet through @ffavatar/core port types' },
      ] }],
    },
  },
);
