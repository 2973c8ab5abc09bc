// ESLint flat config. Besides the usual rules it enforces TokenDesk's layering (VS Code's code-layering, done with
// no-restricted-imports): electron/core and renderer never import Electron, so the core runs in plain Node (CLI,
// preview, tests) and the page never sees Node.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const electronImports = [
  {
    name: 'electron',
    message:
      'electron/core and renderer must run without Electron: take the Electron object through a constructor parameter typed with `import type` instead.',
  },
  {
    name: 'electron-store',
    message:
      'electron-store loads Electron; in core use the StoreBackend port (conf in plain Node, electron-store in main).',
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'dist-electron/**', 'release/**', 'node_modules/**', 'test/e2e/screenshots/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
    },
  },
  {
    files: ['electron/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: electronImports,
          patterns: [
            {
              group: ['**/main/*', '**/preload/*', '**/preview/*', '**/renderer/*'],
              message: 'electron/core is the bottom layer: it imports nothing from the shells above it.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: electronImports,
          patterns: [
            { group: ['node:*'], message: 'The renderer runs in a sandboxed page: no Node modules.' },
            {
              group: ['**/electron/main/*', '**/electron/preload/*', '**/electron/preview/*'],
              message: 'The renderer reaches the main process only through window.tokendesk.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/main/**/*.ts'],
    rules: {
      // Links leave the app only through openExternalSafely (https only), as Insomnia enforces for its helper.
      'no-restricted-properties': [
        'error',
        { object: 'shell', property: 'openExternal', message: 'Use openExternalSafely() from hardening.ts.' },
      ],
    },
  },
  {
    files: ['electron/main/hardening.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
