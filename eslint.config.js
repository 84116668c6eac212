// Lint rules, including the layering of the app: imports only point downwards.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'http'];

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'dist',
      'dist-renderer',
      'dist-hub',
      'dist-electron',
      'release',
      'test-results',
      'playwright-report',
      '.scratch',
      '.bench',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // The sandboxed renderer reaches the backend only through the typed contract.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/electron/**', 'electron'], message: 'The renderer talks to the backend only via api.call.' },
            { group: nodeBuiltins, message: 'The renderer has no Node.' },
            {
              group: ['better-sqlite3', 'drizzle-orm', 'drizzle-orm/*'],
              message: 'No database access in the renderer.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/electron/**', '**/renderer/**', 'electron'],
              message: 'shared/ imports nothing from the app.',
            },
            { group: nodeBuiltins, message: 'shared/ runs in the renderer too: no Node.' },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/backend/**/*.ts', 'electron/cli/**/*.ts', 'electron/web-host/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'Backend services are plain Node: only electron/main and preload import electron.',
            },
          ],
          patterns: [{ group: ['**/renderer/**'], message: 'The backend does not import the renderer.' }],
        },
      ],
    },
  },
  {
    // The district hub is a plain Node server: it shares shared/ and a few Node-only backend
    // modules (batch hash, USB proof, passwords, zip reading) with the desktop, nothing else.
    files: ['hub/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The hub runs without Electron.' }],
          patterns: [
            { group: ['**/renderer/**'], message: 'The hub does not import the renderer.' },
            { group: ['**/electron/main/**', '**/electron/preload/**'], message: 'The hub runs without Electron.' },
          ],
        },
      ],
    },
  },
);
