#!/usr/bin/env node
// `lifeline`: runs the prebuilt bundle (out/cli/, written by `npm run build`) when it is newer than
// every source file it is built from, so start-up compiles no TypeScript. Otherwise (a fresh clone,
// or a source edited since the last build) it runs the TypeScript through tsx's loader, so
// `npx lifeline` works right after `npm install` and never runs stale code.
// LIFELINE_FROM_SOURCE=1 forces the tsx path.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bundle = path.join(root, 'out/cli/main.js');

/** Newest modification time, in ms, of the files under `dir` (0 when it is absent). */
function newest(dir) {
  let t = 0;
  for (const e of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) t = Math.max(t, fs.statSync(path.join(e.parentPath ?? e.path, e.name)).mtimeMs);
  }
  return t;
}

function bundleIsFresh() {
  if (process.env.LIFELINE_FROM_SOURCE === '1') return false;
  let built;
  try {
    built = fs.statSync(bundle).mtimeMs;
  } catch {
    return false;
  }
  const sources = ['electron', 'shared', 'package.json'].map((p) => path.join(root, p)).filter((p) => fs.existsSync(p));
  return sources.every((p) => (fs.statSync(p).isDirectory() ? newest(p) : fs.statSync(p).mtimeMs) <= built);
}

if (bundleIsFresh()) {
  await import(pathToFileURL(bundle).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../electron/cli/main.ts');
}
