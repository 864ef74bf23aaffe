import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// package.json's version, the one source: the About dialog shows it, as `lifeline --version` prints it.
const { version } = JSON.parse(readFileSync(resolve('package.json'), 'utf8')) as { version: string };

// One build per process (electron-vite's src-per-process layout).
export default defineConfig({
  main: { build: { rollupOptions: { input: { index: resolve('electron/main/index.ts') } } } },
  preload: {
    build: {
      rollupOptions: { input: { index: resolve('electron/preload/index.ts') }, output: { format: 'cjs', entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    root: resolve('renderer'),
    build: { rollupOptions: { input: { index: resolve('renderer/index.html') } } },
    plugins: [react()],
    define: { __LIFELINE_VERSION__: JSON.stringify(version) },
  },
});
