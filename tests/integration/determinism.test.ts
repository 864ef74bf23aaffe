// Fast runs are deterministic: same scenario + seed ⇒ the same session file, byte for byte,
// apart from wall-clock fields.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Simulation } from '../../electron/engine/simulation.ts';
import { SessionWriter } from '../../electron/capture/session-file.ts';
import { readSessionFile } from '../../electron/capture/session-reader.ts';
import { findPreset } from '../../shared/scenario/presets.ts';
import { scenario } from '../helpers/run.ts';

async function record(name: string, s = findPreset(name)!): Promise<string> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-')), `${name}.jsonl`);
  const w = new SessionWriter(file, s, 'test');
  await new Simulation(s, { mode: 'fast', onEvent: (e) => w.write(e) }).run();
  await w.close();
  return fs.readFileSync(file, 'utf8').replace(/"wallClock":"[^"]*"/, '"wallClock":"-"').replace(/"wallMs":\d+/, '"wallMs":0');
}

for (const name of ['keepalive-600-vs-carrier-300', 'network-change', 'client-timer-only', 'ios13-forgets-callkit', 'refresh-cannot-keep-socket']) {
  test(`determinism: ${name} twice gives the same session file`, async () => {
    const a = await record(name);
    const b = await record(name);
    assert.ok(a.split('\n').length > 50);
    assert.equal(a, b);
  });
}

test('determinism: the seed picks the keep-alive shift, and the same seed picks the same one', async () => {
  const s = (seed: number) => scenario({ seed, durationSec: 2000, server: { heartbeatSec: null }, app: { keepAliveTimeoutSec: 600 }, model: { keepAliveShiftMaxSec: 60 } });
  const a = await record('seed-a', s(7));
  const b = await record('seed-a', s(7));
  const c = await record('seed-c', s(8));
  assert.equal(a, b);
  assert.notEqual(a.replace(/"seed":\d+/g, ''), c.replace(/"seed":\d+/g, ''));
});

test('a session file cut off mid-line opens up to its last whole line', async () => {
  const text = await record('server-heartbeat-under-nat');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-'));
  const cut = path.join(dir, 'cut.jsonl');
  const lines = text.split('\n');
  fs.writeFileSync(cut, lines.slice(0, 30).join('\n') + '\n' + lines[30]!.slice(0, 10));
  const s = readSessionFile(cut);
  assert.equal(s.truncated, true);
  assert.equal(s.events.length, 29);
  assert.equal(s.header.scenario.name, 'server-heartbeat-under-nat');
});
