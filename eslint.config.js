// Type-aware lint for the server, CLI and web app. Boundaries between layers are rules with a message.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.touchpoint/**',
      '.tmp/**',
      'coverage/**',
      'bin/**',
      'eslint.config.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read configuration from src/config (loadConfig) only.',
        },
      ],
    },
  },
  {
    files: ['src/config/**', 'test/**', 'bench/**', 'vitest.config.ts', 'src/**/*.test.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['src/analysis/**'],
    ignores: ['src/analysis/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/store/**',
                '**/server/**',
                '**/jobs/**',
                '**/cli/**',
                'node:fs',
                'node:net',
                'node:http',
              ],
              message:
                'src/analysis is a pure pipeline: no I/O, no database, no HTTP. Keep I/O in cli/ or server/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/warn/**', 'src/respond/**'],
    ignores: ['src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/store/**',
                '**/server/**',
                '**/jobs/**',
                '**/cli/**',
                '**/runtime/**',
                'node:fs',
                'node:fs/promises',
                'node:net',
                'node:http',
              ],
              message:
                'src/warn and src/respond are pure: no database, no files, no HTTP server. Keep I/O in cli/, runtime/ or server/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/core/**'],
    ignores: ['src/core/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/server/**', '**/cli/**', 'hono', 'hono/*', 'kysely', 'pg', 'better-sqlite3'],
              message:
                'src/core is the domain: it talks to storage through the ports in src/core/ports.ts only.',
            },
          ],
        },
      ],
    },
  },
  {
    // Issue #11: a request to a URL someone configured goes through the outbound guard, never a bare fetch.
    files: ['src/**/*.ts'],
    // The web app and the embeddable widget run in browsers: they call our own origin.
    ignores: ['src/net/**', 'src/web/**', 'src/widget/**', 'src/**/*.test.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        {
          name: 'fetch',
          message:
            'Outbound HTTP goes through the guard in src/net: OutboundGuard.fetch, or httpRequest in src/channels/http.ts.',
        },
      ],
    },
  },
  {
    files: ['src/web/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-properties': 'off',
    },
  },
);
