/// <reference types="vite/client" />

/** package.json's version, put in at build time (electron.vite.config.ts). */
declare const __LIFELINE_VERSION__: string;
