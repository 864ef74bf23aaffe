// Builds the `lifeline` command line into out/cli/ (part of `npm run build`), so that starting it
// compiles no TypeScript: bin/lifeline.js runs this bundle when it is newer than every source file,
// and the sources through tsx otherwise (a fresh clone, or an edit since the last build).
// Code splitting keeps each command's heavy parts (zod, the engine, ws) in chunks loaded only by the
// commands that need them (electron/cli/commands.ts imports them lazily).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Bundles the CLI into `outdir`. The sweep worker and the host thread are entries of their own,
 * beside the chunks, where run-sweep.ts and host-thread.ts look for `./sweep-worker-entry.js` and
 * `./host-worker-entry.js`. Returns esbuild's metafile (which chunk holds
 * which module).
 */
export async function buildCli(outdir = path.join(root, 'out/cli')) {
  // Chunks are named by their hash: without a clean folder each build would leave the last one's.
  fs.rmSync(outdir, { recursive: true, force: true });
  const r = await build({
    absWorkingDir: root,
    entryPoints: {
      main: 'electron/cli/main.ts',
      'sweep-worker-entry': 'electron/engine/sweep/sweep-worker.ts',
      'host-worker-entry': 'electron/host/host-worker.ts',
    },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'bundle',
    // Bundled CommonJS (ws, mqtt-packet) calls require() for Node's built-ins.
    banner: { js: "import { createRequire as __lifelineRequire } from 'node:module'; const require = __lifelineRequire(import.meta.url);" },
    metafile: true,
    logLevel: 'warning',
  });
  return r.metafile;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildCli();
