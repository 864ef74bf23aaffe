// Where code may run is enforced here (docs/design.md "Where code may run"): only electron/main
// and electron/preload may import 'electron'; renderer/ and shared/ never touch Node; imports
// follow the layers of scripts/eslint-layers.js, and no file imports itself round a cycle.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import layers from './scripts/eslint-layers.js';
import reactHooks from 'eslint-plugin-react-hooks';

const nodeBuiltins = ['fs', 'net', 'child_process', 'path', 'os', 'http', 'https', 'stream', 'crypto', 'url', 'worker_threads', 'perf_hooks', 'util', 'events', 'buffer', 'zlib', 'readline', 'dns', 'tls', 'timers', 'process', 'v8', 'vm', 'module'];
// A bare builtin (`fs`, `fs/promises`) or any `node:` specifier; relative paths never match.
const noNode = `^(node:.*|(${nodeBuiltins.join('|')})(/.*)?)$`;
// Node's globals, which a browser has not: shared/ and the renderer must not lean on them.
const nodeGlobals = ['Buffer', 'process', 'require', 'module', '__dirname', '__filename', 'global', 'setImmediate', 'clearImmediate'].map((name) => ({
  name,
  message: 'renderer/ and shared/ run in the page too: no Node globals.',
}));

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', '.scratch/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { layers },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: "Only electron/main and electron/preload may import 'electron'." }] }],
      'layers/allowed-imports': 'error',
      'layers/no-cycle': 'error',
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
        patterns: [{ regex: noNode, message: 'renderer/ and shared/ must not use Node APIs.' }],
      }],
      'no-restricted-globals': ['error', ...nodeGlobals],
    },
  },
  {
    // A hook called in a condition or a loop (React counts them: a render that calls fewer crashes the page).
    files: ['renderer/**'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error' },
  },
  {
    // shared/ is pure: no DOM either (the page hands it what it needs, e.g. a ByteSource).
    files: ['shared/**'],
    languageOptions: { globals: { ...globals.es2021, TextDecoder: 'readonly', TextEncoder: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', queueMicrotask: 'readonly', console: 'readonly', performance: 'readonly' } },
  },
);
