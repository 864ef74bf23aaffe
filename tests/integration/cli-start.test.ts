// The prebuilt CLI starts light: `--version` and `analyze` load neither zod, the engine nor ws
// (issue 18 §5). The bundle is built here, as `npm run build` builds it, with esbuild's map of
// which module sits in which chunk; the process runs with a loader hook that lists every file it
// loads. Speed itself is `npm run bench`'s to print, never a test's to time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildCli } from '../../scripts/build-cli.js';
import { heartbeatPackets, writePcap } from '../helpers/synth-capture.ts';

// Two folders below the project, as out/cli/ is: the bundle finds package.json there.
const OUT = path.resolve('out', `cli-start-test-${process.pid}`);
const HEAVY = /node_modules\/(zod|ws)\/|^electron\/engine\//;

// A hook (in Node's loader thread) that appends each loaded file: URL to the file in LOAD_LOG.
const HOOKS = `import fs from 'node:fs';
export async function load(url, context, next) {
  if (url.startsWith('file:')) fs.appendFileSync(process.env.LOAD_LOG, url + '\\n');
  return next(url, context);
}`;
const REGISTER = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(HOOKS)}`)});`;

test('the bundled CLI runs --version and analyze without loading zod, the engine or ws', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-cli-start-'));
  t.after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(OUT, { recursive: true, force: true });
  });
  const meta = await buildCli(OUT);
  // Each output chunk (as a file: URL) → the source modules it holds.
  const inputsOf = new Map(Object.entries(meta.outputs).map(([out, o]) => [pathToFileURL(path.resolve(out)).href, Object.keys(o.inputs)]));
  const capture = path.join(dir, 'one.pcap');
  writePcap(capture, heartbeatPackets(0, 30)); // a single SYN
  const loaded = (...args: string[]) => {
    const log = path.join(dir, `${args[0]}.log`);
    const r = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(REGISTER)}`, path.join(OUT, 'main.js'), ...args], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, LOAD_LOG: log },
    });
    assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
    const urls = fs.readFileSync(log, 'utf8').trim().split('\n');
    return { stdout: r.stdout, modules: urls.flatMap((u) => inputsOf.get(u) ?? []) };
  };

  const version = loaded('--version');
  const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { version: string };
  assert.equal(version.stdout.trim(), pkg.version);
  assert.deepEqual(version.modules.filter((m) => HEAVY.test(m)), []);

  const analyze = loaded('analyze', capture, '--json');
  assert.equal((JSON.parse(analyze.stdout) as { connections: unknown[] }).connections.length, 1);
  assert.ok(analyze.modules.includes('electron/cli/analyze-command.ts'), 'the hook saw the chunks analyze loaded');
  assert.deepEqual(analyze.modules.filter((m) => HEAVY.test(m)), []);

  // The same watch sees the heavy parts where a command needs them.
  const validate = loaded('validate', 'server-heartbeat-over-nat');
  assert.ok(validate.modules.some((m) => /node_modules\/zod\//.test(m)), 'validate loads zod');
});
