import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

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
  },
});
