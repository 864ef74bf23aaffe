// The session writer off the hot path: lines are written as bytes into blocks (json-line-bytes.ts)
// and the blocks written on the thread pool. What it must keep: every line, in order, byte for
// byte what JSON.stringify gives (every preset's run, non-ASCII and lines longer than a block
// included): the file is what it was when each line was JSON.stringify's string; lines reach the
// disk without close() (a killed run leaves a readable file); `bytes` is the file's size; the size
// cap is reported once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BLOCK_BYTES, SessionWriter } from '../../electron/capture/session-file.ts';
import { readSessionFile } from '../../electron/capture/session-reader.ts';
import { PRESETS, findPreset } from '../../shared/scenario/presets.ts';
import { sessionHeader } from '../../shared/session/session-format.ts';
import { Simulation } from '../../electron/engine/simulation.ts';
import type { LifelineEvent } from '../../shared/log/events.ts';
import { eventually } from '../helpers/service.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-writer-'));
const scenario = findPreset('lte-heartbeat-30s')!;

/** Wire frames of many lengths, some with non-ASCII text (2 or 3 bytes a character in UTF-8). */
function frames(): LifelineEvent[] {
  const out: LifelineEvent[] = [];
  for (let i = 0; i < 400; i++) {
    // The last one, 300,000 characters of 2 or 3 UTF-8 bytes each, is longer than a block (BLOCK_BYTES).
    const len = i === 399 ? 300_000 : (i * 97) % 3000;
    const text = (i % 3 === 0 ? 'é€' : 'PING ').repeat(len).slice(0, len);
    out.push({ t: i * 10, kind: 'frame', side: 'device', dir: 'send', verb: 'PING', line: text, bytes: text.length + 1 });
  }
  return out;
}

test('every line reaches the file in order, as JSON.stringify gives it; bytes is the file size', async () => {
  const file = path.join(dir, 'lines.jsonl');
  const w = new SessionWriter(file, scenario, 'test');
  const events = frames();
  assert.ok(Buffer.byteLength(JSON.stringify(events.at(-1))) > BLOCK_BYTES);
  for (const e of events) w.write(e);
  await w.close();
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  assert.equal(lines.pop(), '', 'the file ends with a line end');
  assert.deepEqual(lines.slice(1), events.map((e) => JSON.stringify(e)));
  assert.equal(w.bytes, fs.statSync(file).size);
});

test('lines reach the disk without close(): a run killed now leaves them readable', async () => {
  const file = path.join(dir, 'unclosed.jsonl');
  const w = new SessionWriter(file, scenario, 'test');
  const events = frames().slice(0, 20);
  for (const e of events) w.write(e);
  // Less than a block: written once it has waited FLUSH_MS.
  assert.ok(await eventually(() => fs.statSync(file).size === w.bytes, 10_000), `${fs.statSync(file).size} of ${w.bytes} bytes on disk`);
  const s = readSessionFile(file);
  assert.equal(s.truncated, false);
  assert.equal(s.events.length, events.length);
  await w.close();
});

test('the size cap is reported once, with the limit; what was written stays whole', async () => {
  const file = path.join(dir, 'capped.jsonl');
  const full: string[] = [];
  const w = new SessionWriter(file, scenario, 'test', { maxBytes: 100_000, onFull: (why) => full.push(why) });
  for (const e of frames()) w.write(e);
  await w.close();
  assert.deepEqual(full, ['the session file reached its size limit of 98 KB']);
  assert.equal(fs.readFileSync(file, 'utf8').split('\n').slice(1, -1).length, 400, 'the writer does not drop lines; the run stops itself');
});

test('every preset: the file is byte for byte the header and JSON.stringify of each event, as the writer got it', async () => {
  for (const p of PRESETS) {
    const file = path.join(dir, `${p.name}.jsonl`);
    const w = new SessionWriter(file, p, 'test');
    // Each line as it was written before the byte writer: JSON.stringify of the event when it was recorded.
    const want: string[] = [JSON.stringify(sessionHeader(p, 'test'))];
    await new Simulation(p, {
      mode: 'fast',
      onEvent: (e) => {
        want.push(JSON.stringify(e));
        w.write(e);
      },
    }).run();
    await w.close();
    const bytes = fs.readFileSync(file);
    assert.ok(bytes.equals(Buffer.from(want.join('\n') + '\n', 'utf8')), `${p.name}: the file differs from JSON.stringify's lines`);
    assert.equal(w.bytes, bytes.length, p.name);
    assert.ok(want.length > 2, `${p.name} recorded events`);
  }
});
