// Types for scripts/build-cli.js (plain JavaScript, so that `npm run build` and `prepare` run it without tsx).
import type { Metafile } from 'esbuild';

export function buildCli(outdir?: string): Promise<Metafile>;
