// Where the Electron binary is, without triggering electron's own download on require (which
// fails behind a firewall). Shared by `npm start` and the Electron smoke test.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const pkgDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../node_modules/electron');

/** The binary's path, or null with the reason it is missing. */
export function findElectron() {
  const pathTxt = path.join(pkgDir, 'path.txt');
  const rel = fs.existsSync(pathTxt) ? fs.readFileSync(pathTxt, 'utf8').trim() : process.platform === 'win32' ? 'electron.exe' : 'electron';
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const p = path.join(override, rel);
    return fs.existsSync(p) ? { path: p } : { path: null, reason: `ELECTRON_OVERRIDE_DIST_PATH has no ${rel}` };
  }
  const p = path.join(pkgDir, 'dist', rel);
  return fs.existsSync(p) ? { path: p } : { path: null, reason: 'the Electron binary is not installed' };
}

/** Fetches the binary once, the way electron's install script does; false if it cannot. */
export function fetchElectron(timeoutMs = 60_000) {
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) return false;
  const r = spawnSync(process.execPath, [path.join(pkgDir, 'install.js')], { stdio: 'ignore', timeout: timeoutMs });
  return r.status === 0;
}
