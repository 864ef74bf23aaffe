// Where code may run is enforced here (docs/design.md "Where code may run"): only electron/main
// and electron/preload may import 'electron'; renderer/ and shared/ never touch Node.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = ['fs', 'net', 'child_process', 'path', 'os', 'http', 'stream', 'crypto', 'url', 'worker_threads'];
const noNode = nodeBuiltins.flatMap((m) => [m, `node:${m}`, `${m}/*`, `node:${m}/*`]);

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', '.scratch/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: "Only electron/main and electron/preload may import 'electron'." }] }],
    },
  },
  {
    files: ['electron/main/**', 'electron/preload/**', 'tests/e2e/electron*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['renderer/**', 'shared/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'The renderer and shared/ never import electron.' }],
        patterns: [{ group: noNode, message: 'renderer/ and shared/ must not use Node APIs.' }],
      }],
    },
  },
);
