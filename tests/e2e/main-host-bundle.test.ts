// The host thread as the packaged app starts it: electron-vite's build emits its worker as
// out/main/host-worker.js beside main's index.js (electron/main/main-host.ts BUNDLED_ENTRY). It
// runs here in plain Node, without tsx, so a missing entry or an import the bundle cannot resolve
// fails here and not only in an Electron binary (which this machine may lack: electron.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { BUNDLED_ENTRY } from '../../electron/main/main-host.ts';
import { driveMainHost } from '../helpers/main-host-drive.ts';

const entry = path.resolve('out/main', BUNDLED_ENTRY);

/** The code Electron's main process loads: out/main/index.js and the chunks it imports, transitively. */
function mainProcessCode(): string {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/from "(\.\.?\/[^"]+\.js)"/g)) visit(path.resolve(path.dirname(file), m[1]!));
  };
  visit(path.resolve('out/main/index.js'));
  return [...seen].map((f) => fs.readFileSync(f, 'utf8')).join('\n');
}

test('the bundled host thread (out/main) runs a preset, reads picked files and survives a crash', { timeout: 120_000 }, async () => {
  assert.ok(fs.existsSync(entry), `${entry} is missing: run npx electron-vite build first`);
  await driveMainHost(pathToFileURL(entry));
});

test('Electron\'s main process bundle holds no engine, run host, session store or capture reader: they are the host thread\'s', () => {
  const code = mainProcessCode();
  assert.match(code, /new Worker\(/, 'the main process starts the host thread');
  for (const name of ['Simulation', 'RunHost', 'SessionStore', 'CaptureHost', 'SessionWriter']) {
    assert.doesNotMatch(code, new RegExp(`\\b(var|class|function) ${name}\\b`), `${name} is defined in the main process's bundle`);
  }
});
