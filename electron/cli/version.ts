// Lifeline's version: package.json's, the one source (the renderer's About gets it at build time,
// electron.vite.config.ts). Read at run time, because this file runs from electron/cli/ through tsx
// and from out/cli/ as the bundle: both sit two folders below package.json.
import { createRequire } from 'node:module';

export const VERSION: string = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
