import tseslint from 'typescript-eslint';

// Core's layers (drawn in packages/core/CONTEXT.md): the engine imports no library and no host;
// the libraries (geometry, gpu, io) import no host; io imports nothing of core.
const outOfEngine = {
  regex: '^(\\.\\./)+(geometry|gpu|io|optim|node|browser|builtin|test-support)(/|$)|^@ffavatar/',
  message:
    'the engine (packages/core/src/engine) imports no library (geometry, gpu, io), host (node, browser) or node package',
};
const hostFromLibrary = {
  regex: '^(\\.\\./)+(node|browser|builtin|test-support)(/|$)|^@ffavatar/',
  message: "core's libraries (geometry, gpu, io) import no host (node, browser), core nodes or node package",
};
const optimImports = {
  regex: '^(\\.\\./)+(node|browser|builtin|test-support|geometry|gpu|io)(/|$)|^@ffavatar/',
  message:
    "core's optim library (optimisers, schedules, losses) imports only the engine's types, never a host, core nodes, another library or a node package",
};
const coreFromIo = {
  regex: '^\\.\\./|^@ffavatar/',
  message: "core's io library works on bytes and imports nothing else of core",
};

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/*.mjs',
      'out/**',
      'bench-results/**',
      '**/test-output/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // `**/` so the patterns match whether eslint runs from the root or inside a package.
    files: ['**/core/src/engine/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [outOfEngine] }] },
  },
  {
    files: ['**/core/src/geometry/**/*.ts', '**/core/src/gpu/**/*.ts'],
    ignores: ['**/*.test.ts', '**/bench/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [hostFromLibrary] }] },
  },
  {
    files: ['**/core/src/optim/**/*.ts'],
    ignores: ['**/*.test.ts', '**/bench/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [optimImports] }] },
  },
  {
    files: ['**/core/src/io/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [coreFromIo] }] },
  },
  {
    // Node packages meet through core's port types only: that is what makes a stage swappable.
    files: ['**/nodes-*/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@ffavatar/nodes-*'],
              message: 'node packages must not import each other; meet through @ffavatar/core port types',
            },
            {
              group: ['@ffavatar/core/src/*', '@ffavatar/core/dist/*'],
              message:
                'import core through its entries (@ffavatar/core, /geometry, /gpu, /io, /node, /browser), not its files',
            },
          ],
        },
      ],
    },
  },
);
