// npm start: build, then open the Lifeline window. Without an Electron binary (none downloaded,
// and none can be), say so in one line and serve the same inspector in a browser instead.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fetchElectron, findElectron } from './electron-binary.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const build = spawnSync(process.execPath, [path.join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
if (build.status !== 0) {
  console.error('lifeline: build failed (see above)');
  process.exit(1);
}

let electron = findElectron();
if (!electron.path && fetchElectron()) electron = findElectron();

const extra = process.argv.slice(2);
const child = electron.path
  ? spawn(electron.path, [root, ...extra], { cwd: root, stdio: 'inherit' })
  : (console.log(`lifeline: ${electron.reason} and could not be downloaded (offline? ELECTRON_SKIP_BINARY_DOWNLOAD?); starting browser mode — open the URL below.`),
    spawn(process.execPath, [path.join(root, 'bin/lifeline.js'), 'serve', ...extra], { cwd: root, stdio: 'inherit' }));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
