// Files of any shape are read in bounded memory with one clear error naming the line; the data
// folder is the host's own (owner-only, links and directories are not sessions); listing reads an
// index, never the sessions; CSV exports cannot carry a spreadsheet formula.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import v8 from 'node:v8';
import vm from 'node:vm';
import { RunHost } from '../../electron/host/run-host.ts';
import { SessionStore } from '../../electron/capture/session-store.ts';
import { readSessionFile } from '../../electron/capture/session-reader.ts';
import { findPreset } from '../../shared/scenario/presets.ts';
import { MAX_EVENT_LINE, sessionHeader } from '../../shared/session/session-format.ts';
import { parseSessionText } from '../helpers/parse-session.ts';
import { csvCell, sessionCsv } from '../../shared/session/session-csv.ts';
import type { Result, SessionChunk } from '../../shared/contract/contract.ts';
import type { SessionInfo } from '../../shared/session/session-library.ts';
import type { LifelineEvent } from '../../shared/log/events.ts';
import { syntheticSession } from '../helpers/synthetic-session.ts';
import { BIN } from '../helpers/service.ts';
import { loadScenario } from '../../electron/cli/load-scenario.ts';

const preset = findPreset('server-heartbeat-under-nat')!;
const HEADER = JSON.stringify(sessionHeader(preset, 'test'));
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-files-'));
const lines = (events: readonly LifelineEvent[]) => [HEADER, ...events.map((e) => JSON.stringify(e))].join('\n') + '\n';
const ev = (e: Record<string, unknown>) => JSON.stringify(e);

/** The most memory the process ever held, in MB (getrusage's peak RSS). */
const peakMb = () => process.resourceUsage().maxRSS / 1024;

test('a 200 MB single-line session: one error naming the line, in bounded memory (CLI reader and host)', async () => {
  const dir = tmp();
  const file = path.join(dir, 'one-line.jsonl');
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, HEADER + '\n{"t":0,"kind":"action","action":"push","source":"live","to":"');
  const block = Buffer.alloc(1 << 20, 'x');
  for (let i = 0; i < 200; i++) fs.writeSync(fd, block);
  fs.writeSync(fd, '"}\n');
  fs.closeSync(fd);
  const before = peakMb();
  assert.throws(() => readSessionFile(file), (e: Error) => e.message === `${file}: line 2: longer than ${MAX_EVENT_LINE.toLocaleString('en')} bytes, the most a session event line may hold`);
  const store = new SessionStore({ files: [file] });
  const r = await store.read('arg:0', 0);
  assert.deepEqual(r, { ok: false, error: `one-line.jsonl: line 2: longer than ${MAX_EVENT_LINE.toLocaleString('en')} bytes, the most a session event line may hold` });
  // Reading the line whole would have cost 200 MB and more (it cost 2.6 GB for 500 MB before).
  assert.ok(peakMb() - before < 100, `peak RSS grew by ${(peakMb() - before).toFixed(0)} MB`);
  // The header has its own, larger limit; a header line without an end is refused the same way.
  const noEnd = path.join(dir, 'no-end.jsonl');
  fs.writeFileSync(noEnd, '{"format":"lifeline-session","version":1,"scenario":' + ' '.repeat(9 << 20));
  assert.throws(() => readSessionFile(noEnd), /no-end\.jsonl: line 1: longer than 8,[\d,]+ bytes, the most a session header line may hold/);
});

test('a scenario from a device or a pipe is read up to the size cap, then refused like a big file (run, validate, test, sweep)', () => {
  // stat says 0 bytes for both, so only the read itself can stop at the cap: /dev/zero never ends.
  const tooBig = (source: string) => new RegExp(`^lifeline: ${source}: 8\\.1 MB, more than any scenario \\(at most 8\\.1 MB\\); not a session or a capture either$`, 'm');
  for (const cmd of [['run'], ['validate'], ['test'], ['sweep', '--set', 'durationSec=60..120:60']]) {
    const r = spawnSync(process.execPath, [BIN, cmd[0]!, '/dev/zero', ...cmd.slice(1)], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 2, `${cmd[0]}: ${r.stderr}`);
    assert.match(r.stderr, tooBig('/dev/zero'), cmd[0]);
  }
  // 400 MB of spaces through a pipe: only the first 8.1 MB are read (tr then stops on SIGPIPE).
  const r = spawnSync('bash', ['-c', `"$0" "$1" validate <(head -c 400000000 /dev/zero | tr '\\0' ' ')`, process.execPath, BIN], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, tooBig('/dev/fd/\\d+'));
});

test('a scenario is read into a buffer the size of what it holds, from a file or a pipe, not one of the 8 MB cap', () => {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  const dir = tmp();
  const small = path.join(dir, 'small.json');
  fs.writeFileSync(small, JSON.stringify(preset));
  gc();
  const before = process.memoryUsage().arrayBuffers;
  assert.equal(loadScenario(small).name, preset.name);
  // Every load held 8 MB (MAX_SCENARIO_BYTES + 1) whatever the file's size.
  const grew = process.memoryUsage().arrayBuffers - before;
  assert.ok(grew < 1e6, `${(grew / 1e6).toFixed(1)} MB of buffers for a ${fs.statSync(small).size}-byte file`);
  // A pipe says nothing of its size: the buffer grows past its first 16 KiB, to all it gives.
  const big = path.join(dir, 'big.json');
  fs.writeFileSync(big, JSON.stringify({ ...preset, timeline: Array.from({ length: 3000 }, (_, i) => ({ atSec: i / 10, action: i % 2 ? 'unlock' : 'lock' })) }));
  const r = spawnSync('bash', ['-c', '"$0" "$1" validate <(cat "$2")', process.execPath, BIN, big], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^\/dev\/fd\/\d+: ok \(server-heartbeat-under-nat,/);
});

test('deep nesting, events out of order, a duplicate run.start, events after run.end: each one error naming its line', () => {
  const start = syntheticSession(3).slice(0, 2);
  const cases: [string, string, RegExp][] = [
    ['deep', ev(start[0]!) + '\n' + '['.repeat(60_000) + ']'.repeat(60_000), /^deep: line 3: /],
    ['deep-object', ev(start[0]!) + '\n' + '{"t":1,"kind":"action","x":' + '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_001), /^deep-object: line 3: /],
    ['order', [ev({ t: 5, kind: 'lifecycle', state: 'active', reason: 'x' }), ev({ t: 4, kind: 'lifecycle', state: 'active', reason: 'x' })].join('\n'), /^order: line 3: t: 4 is before the previous event's 5/],
    ['twice', [ev(start[0]!), ev(start[1]!), ev(start[0]!)].join('\n'), /^twice: line 4: a second run\.start: a session holds one run/],
    ['after-end', [ev(start[0]!), ev({ t: 9, kind: 'run.end', wallMs: 1 }), ev({ t: 9, kind: 'lifecycle', state: 'active', reason: 'x' })].join('\n'), /^after-end: line 4: an event after the run's run\.end \(line 3\)/],
  ];
  for (const [name, body, error] of cases) {
    assert.throws(() => parseSessionText(`${HEADER}\n${body}\n`, name), (e: Error) => error.test(e.message) && !e.message.includes('\n'), name);
  }
});

test('ten million blank lines read in flat memory; events are counted to the budget', () => {
  const file = path.join(tmp(), 'blank.jsonl');
  fs.writeFileSync(file, HEADER + '\n' + '\n'.repeat(10_000_000));
  const before = peakMb();
  const s = readSessionFile(file);
  assert.equal(s.events.length, 0);
  assert.ok(peakMb() - before < 100, `peak RSS grew by ${(peakMb() - before).toFixed(0)} MB`);
});

test('the data folder is created owner-only; a link or a directory named *.jsonl is never listed, read, renamed or deleted', async () => {
  const root = tmp();
  const dir = path.join(root, 'nested', 'sessions');
  const host = new RunHost(() => {}, new SessionStore({ dir }));
  try {
    assert.equal(fs.statSync(dir).mode & 0o777, 0o700);
    assert.equal(fs.statSync(path.join(root, 'nested')).mode & 0o777, 0o700);
    const outside = path.join(root, 'secret.jsonl');
    fs.writeFileSync(outside, lines(syntheticSession(3)));
    fs.symlinkSync(outside, path.join(dir, 'link.jsonl'));
    fs.mkdirSync(path.join(dir, 'x.jsonl'));
    const list = (await host.handle('session.list', null)) as Result<SessionInfo[]>;
    assert.deepEqual(list, { ok: true, value: [] });
    for (const id of ['lib:link.jsonl', 'lib:x.jsonl']) {
      const read = (await host.handle('session.read', { id, offset: 0 })) as Result<SessionChunk>;
      assert.equal(read.ok, false, id);
      assert.doesNotMatch(read.ok ? '' : read.error, /secret/, id);
      const renamed = (await host.handle('session.rename', { id, name: 'y' })) as Result<SessionInfo>;
      assert.deepEqual(renamed, { ok: false, error: `no session ${JSON.stringify(id)}` }, id);
      assert.deepEqual(await host.handle('session.delete', { id }), { ok: false, error: `no session ${JSON.stringify(id)}` }, id);
    }
    assert.ok(fs.statSync(path.join(dir, 'x.jsonl')).isDirectory());
    assert.ok(fs.lstatSync(path.join(dir, 'link.jsonl')).isSymbolicLink());
    assert.ok(fs.existsSync(outside));
    // A run's file is owner-only too.
    const r = (await host.handle('run.start', { scenario: preset, mode: 'fast', speed: 1 })) as Result<{ runId: number }>;
    assert.ok(r.ok);
    await host.dispose();
    const [file] = fs.readdirSync(dir).filter((n) => n.endsWith('.jsonl') && n !== 'x.jsonl' && n !== 'link.jsonl');
    assert.equal(fs.statSync(path.join(dir, file!)).mode & 0o777, 0o600);
  } finally {
    await host.dispose();
  }
});

test('listing reads an index, never a session: a file dropped in the folder is summarised in the background, and its listing kept', async () => {
  const dir = tmp();
  const events = syntheticSession(20_000);
  fs.writeFileSync(path.join(dir, 'dropped.jsonl'), lines(events));
  const store = new SessionStore({ dir });
  const first = await store.list();
  assert.ok(first.ok);
  assert.deepEqual(first.value.map((i) => [i.name, i.pending, i.events]), [['dropped', 'summarising', 0]]);
  await store.summarised();
  const second = await store.list();
  assert.ok(second.ok);
  const info = second.value[0]!;
  assert.equal(info.pending, undefined);
  assert.equal(info.events, events.length);
  assert.equal(info.scenario, preset.name);
  // A new store (a restarted host) lists from the index on disk, without summarising again.
  const again = await new SessionStore({ dir }).list();
  assert.deepEqual(again, second);
  // A file that changes is summarised again; a broken one is not listed and hides nothing.
  fs.writeFileSync(path.join(dir, 'broken.jsonl'), HEADER + '\n{"t":0}\n');
  const store2 = new SessionStore({ dir });
  await store2.list();
  await store2.summarised();
  const third = await store2.list();
  assert.deepEqual(third.ok && third.value.map((i) => i.name), ['dropped']);
});

test('a session is read in chunks that resume where the last one ended; the total is exact with the last chunk', async () => {
  const file = path.join(tmp(), 'big.jsonl');
  const events = syntheticSession(40_000);
  fs.writeFileSync(file, lines(events));
  const store = new SessionStore({ files: [file] });
  let offset: number | null = 0;
  let got = 0;
  let last: SessionChunk | null = null;
  for (let guard = 0; offset !== null && guard < 100; guard++) {
    const r = await store.read('arg:0', offset);
    assert.ok(r.ok, r.ok ? '' : r.error);
    assert.equal(r.value.firstLine, offset + 2);
    got += r.value.lines.split('\n').length;
    offset = r.value.next;
    last = r.value;
  }
  assert.equal(got, events.length);
  assert.equal(last!.total, events.length);
});

test('CSV export neutralises cells a spreadsheet would run as a formula (OWASP), keeping numbers as numbers', () => {
  for (const bad of ['=HYPERLINK("http://evil.example","x")', '+1+1', '-2+3', '@SUM(A1)', '\tx', '\rx']) {
    assert.equal(csvCell(bad), `"'${bad.replace(/"/g, '""')}"`, JSON.stringify(bad));
  }
  assert.equal(csvCell(-3), '-3');
  assert.equal(csvCell('plain, text'), '"plain, text"');
  const name = '=HYPERLINK("http://evil.example","click")';
  const events: LifelineEvent[] = [
    { t: 0, kind: 'run.start', scenario: name, mode: 'fast', seed: 1, natIdleTimeoutSec: 300, durationSec: 1, wallClock: '-' },
    { t: 0, kind: 'lifecycle', state: 'active', reason: '@cmd|calc' },
    { t: 1, kind: 'frame', side: 'server', dir: 'send', verb: '?', line: '+HYPERLINK(1)', bytes: 14 },
  ];
  const csv = sessionCsv(events);
  // (a row ends in CRLF, so a bare CR after a comma is a row end, not a cell)
  assert.doesNotMatch(csv, /(^|,)[=+\-@\t]/m);
  // Through the CLI, from a session file whose scenario name is a formula.
  const file = path.join(tmp(), 'evil.jsonl');
  fs.writeFileSync(file, [JSON.stringify(sessionHeader({ ...preset, name }, 't')), ...events.map((e) => JSON.stringify(e))].join('\n') + '\n');
  const r = spawnSync(process.execPath, [BIN, 'export', file, '--csv', '-'], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /"'=HYPERLINK\(""http:\/\/evil\.example"",""click""\)"/);
  assert.doesNotMatch(r.stdout, /(^|,)[=+@\t]/m);
});
