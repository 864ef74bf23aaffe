// `lifeline sweep` as a user runs it, and the sweep's pure parts (shared/scenario/sweep.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applyValues, combinations, parseSetSpec, recommend, SweepError, type SweepResult } from '../../shared/scenario/sweep.ts';
import { findPreset } from '../../shared/scenario/presets.ts';
import { runSweep, sweepPlan } from '../../electron/engine/sweep/run-sweep.ts';
import { cliAsync } from '../helpers/service.ts';

/** Async, so two sweeps' worker threads never block this test process's event loop. */
const cli = (...args: string[]) => cliAsync(args);

const SWEEP = ['sweep', 'server-heartbeat-under-nat', '--set', 'server.heartbeatSec=240..330:30', '--set', 'server.pushEverySec=600..900:300'];

test('sweep --json: every combination once, the same table from two runs, the recommended value', async () => {
  const csv = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-sweep-')), 'out.csv');
  const [a, b] = await Promise.all([cli(...SWEEP, '--json', '--csv', csv), cli(...SWEEP, '--json')]);
  assert.equal(a.status, 0, a.stderr);
  assert.equal(b.status, 0, b.stderr);
  const ra = JSON.parse(a.stdout) as SweepResult;
  const rb = JSON.parse(b.stdout) as SweepResult;
  const table = (r: SweepResult) => r.rows.map((row) => ({ ...row, summary: { ...row.summary, wallMs: 0 } }));
  assert.deepEqual(table(ra), table(rb));
  assert.deepEqual(ra.fields, ['server.heartbeatSec', 'server.pushEverySec']);
  assert.deepEqual(ra.rows.map((r) => Object.values(r.values)), [[240, 600], [240, 900], [270, 600], [270, 900], [300, 600], [300, 900], [330, 600], [330, 900]]);
  // Under the 300 s NAT: 240 and 270 s keep the path; 300 and 330 s arrive after the mapping is gone.
  assert.deepEqual(ra.rows.map((r) => r.summary.deadSec > 0), [false, false, false, false, true, true, true, true]);
  assert.deepEqual(ra.recommended?.values, { 'server.heartbeatSec': 270, 'server.pushEverySec': 900 });
  const lines = fs.readFileSync(csv, 'utf8').trim().split('\n');
  assert.equal(lines[0], 'server.heartbeatSec,server.pushEverySec,deadSec,connectedRatio,pushesLost,disconnects,joulesPerDay');
  assert.equal(lines.length, 9);
});

test('sweep prints a table with the recommended row marked', async () => {
  const r = await cli('sweep', 'server-heartbeat-under-nat', '--set', 'server.heartbeatSec=270..330:60');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^\*\s+270\s+0\s+1\s+0\s+0\s+[\d.]+$/m);
  assert.match(r.stdout, /recommended \(\*\): server\.heartbeatSec=270/);
});

test('a bad --set exits 2 with one line naming the field', async () => {
  for (const [set, msg] of [
    ['server.heartbeatSecs=30..60:30', /--set server\.heartbeatSecs: no such field/],
    ['server.heartbeatSec=60..30:10', /--set server\.heartbeatSec: the range runs backwards/],
    ['server.heartbeatSec=a..b:1', /--set server\.heartbeatSec: expected <from>\.\.<to>:<step>/],
    ['app.backgroundTask=1..2:1', /--set app\.backgroundTask: is not a number/],
    ['nat.idleTimeoutSec=-10..0:10', /--set nat\.idleTimeoutSec: .*must be > 0/],
  ] as const) {
    const r = await cli('sweep', 'server-heartbeat-under-nat', '--set', set);
    assert.equal(r.status, 2, `${set}: ${r.stderr}`);
    assert.match(r.stderr, msg);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
});

test('sweep parts: ranges, combinations, a field inside networks, and the recommendation rule', () => {
  assert.deepEqual(parseSetSpec('x.y=0.1..0.3:0.1').values, [0.1, 0.2, 0.3]);
  assert.deepEqual(parseSetSpec('x=5').values, [5]);
  assert.throws(() => parseSetSpec('=1..2:1'), SweepError);
  assert.equal(combinations([{ field: 'a', values: [1, 2] }, { field: 'b', values: [3, 4, 5] }]).length, 6);
  const s = applyValues({ ...findPreset('server-heartbeat-under-nat')!, networks: { m: { idleTimeoutSec: 300, onExpiry: 'drop', refreshOn: 'both', radio: 'lte' } }, network: 'm' }, { 'networks.m.idleTimeoutSec': 120 });
  assert.equal(s.nat.idleTimeoutSec, 120);
  // A list's entries are named by index; its length, or an index past its end, is no field.
  const under = findPreset('server-heartbeat-under-nat')!;
  assert.equal(applyValues(under, { 'timeline.0.atSec': 5 }).timeline[0]!.atSec, 5);
  assert.throws(() => applyValues(under, { 'timeline.length': 4294967296 }), /timeline\.length: no such field in the scenario \("timeline" is a list of 1/);
  assert.throws(() => applyValues(under, { 'timeline.7': 1 }), /timeline\.7: no such field/);
  const row = (deadSec: number, lost: number, j: number) => ({ values: { v: j }, summary: { deadSec, pushes: { lost }, energy: { joulesPerDay: j } } }) as unknown as SweepResult['rows'][number];
  assert.deepEqual(recommend([row(0, 0, 50), row(10, 0, 10), row(0, 1, 20), row(0, 0, 40)]), { index: 3, values: { v: 40 } });
  assert.equal(recommend([row(1, 0, 1)]), null);
});

test('runSweep: worker threads and this process give the same summaries, with or without a progress callback', async () => {
  const base = findPreset('server-heartbeat-under-nat')!;
  const scenarios = [240, 270, 330].map((v) => applyValues(base, { 'server.heartbeatSec': v }));
  const strip = (xs: { wallMs: number }[]) => xs.map((x) => ({ ...x, wallMs: 0 }));
  const seen: number[] = [];
  const [workers, local] = await Promise.all([
    runSweep(scenarios, { parallel: 'workers', concurrency: 2 }),
    runSweep(scenarios, { parallel: 'in-process', concurrency: 2, onProgress: (done) => seen.push(done) }),
  ]);
  assert.deepEqual(strip(workers), strip(local));
  assert.deepEqual(seen, [1, 2, 3]);
  assert.deepEqual(workers.map((s) => s.deadSec > 0), [false, false, true]);
});

test('sweep plan: a sweep shorter than a worker thread takes to start runs in this process; a long one in worker threads', async () => {
  const base = findPreset('server-heartbeat-under-nat')!;
  const day = [30, 60, 120, 300, 600].map((v) => applyValues({ ...base, durationSec: 86_400 }, { 'server.heartbeatSec': v }));
  assert.equal(sweepPlan(day), 'in-process');
  assert.equal(sweepPlan(day.map((s) => ({ ...s, durationSec: 30 * 86_400 }))), 'workers');
  const short = day.slice(2, 4).map((s) => ({ ...s, durationSec: 3600 }));
  const strip = (xs: { wallMs: number }[]) => xs.map((x) => ({ ...x, wallMs: 0 }));
  assert.deepEqual(strip(await runSweep(short, { parallel: 'auto' })), strip(await runSweep(short, { parallel: 'in-process', concurrency: 1 })));
});

test('the recommendation follows the push path: a PushKit app is recommended the cheapest push interval, its own dying socket notwithstanding', async () => {
  const base = findPreset('pushkit-with-callkit')!;
  const values = [300, 600, 900].map((v) => ({ 'server.pushEverySec': v }));
  const summaries = await runSweep(values.map((v) => applyValues(base, v)), { parallel: 'in-process', concurrency: 1 });
  assert.deepEqual(summaries.map((s) => [s.deadSec, s.connectedRatio, s.pushes.lost]), [[0, 1, 0], [0, 1, 0], [0, 1, 0]]);
  assert.ok(summaries.every((s) => s.appSocket.connectedRatio < 0.05), 'the app socket is up only in the wakes, in every row');
  const rows = summaries.map((summary, i) => ({ values: values[i]!, summary }));
  const cheapest = summaries.reduce((b, s, i) => (s.energy.joulesPerDay < summaries[b]!.energy.joulesPerDay ? i : b), 0);
  assert.deepEqual(recommend(rows), { index: cheapest, values: values[cheapest] });
});
