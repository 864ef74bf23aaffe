// A file picked in Electron's open dialog (electron/host/open-file.ts), as the host thread opens it:
// told apart by its content, and anything but a regular file refused at once, naming it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openFile } from '../../electron/host/open-file.ts';
import { SessionStore } from '../../electron/capture/session-store.ts';
import { findPreset } from '../../shared/scenario/presets.ts';
import { heartbeatPackets, pcapBytes } from '../helpers/synth-capture.ts';
import { syntheticSession } from '../helpers/synthetic-session.ts';
import { sessionHeader } from '../../shared/session/session-format.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-open-'));
const at = (name: string) => path.join(dir, name);

test('a scenario, a session and a capture are each told apart by their content', async () => {
  const sessions = new SessionStore({ files: [] });
  fs.writeFileSync(at('s.json'), JSON.stringify(findPreset('seed-snippet')));
  fs.writeFileSync(at('run.jsonl'), [sessionHeader(findPreset('seed-snippet')!, 'test'), ...syntheticSession(10)].map((l) => JSON.stringify(l)).join('\n') + '\n');
  fs.writeFileSync(at('c.pcap'), pcapBytes(heartbeatPackets(3, 30)));
  const scenario = await openFile(sessions, at('s.json'));
  assert.ok(scenario.ok && scenario.value.kind === 'scenario' && scenario.value.scenario.name === 'seed-snippet', JSON.stringify(scenario));
  const session = await openFile(sessions, at('run.jsonl'));
  assert.ok(session.ok && session.value.kind === 'session' && session.value.name === 'run.jsonl', JSON.stringify(session));
  const capture = await openFile(sessions, at('c.pcap'));
  assert.ok(capture.ok && capture.value.kind === 'capture', JSON.stringify(capture));
  assert.deepEqual(await openFile(sessions, at('none.json')), { ok: false, error: `${at('none.json')}: no such file` });
});

test('a FIFO, a device or a directory is refused at once, naming it; a FIFO held the host thread waiting for a writer', () => {
  const fifo = at('picked.fifo');
  assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
  // In a process of its own, so that a wait for a writer that never comes ends at the timeout.
  const probe = `
    const { openFile } = await import(${JSON.stringify(path.resolve('electron/host/open-file.ts'))});
    const { SessionStore } = await import(${JSON.stringify(path.resolve('electron/capture/session-store.ts'))});
    for (const file of process.argv.slice(1)) console.log(JSON.stringify(await openFile(new SessionStore({ files: [] }), file)));`;
  const files = [fifo, '/dev/zero', dir];
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', probe, ...files], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(r.signal, null, `killed after 30 s: the open waited for a writer (${r.stderr})`);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(
    r.stdout.trim().split('\n').map((l) => JSON.parse(l) as unknown),
    files.map((f) => ({ ok: false, error: `${f}: not a regular file` })),
  );
});
