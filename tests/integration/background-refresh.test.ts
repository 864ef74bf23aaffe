// Background app refresh, run in fast mode over real loopback sockets: short runs at times the
// system picks, never earlier than asked, and a socket reclaimed at the end of every run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { all, runFast, scenario } from '../helpers/run.ts';
import { foldChart } from '../helpers/chart.ts';

const refreshing = (seed: number) =>
  scenario({
    seed,
    ios: 14,
    durationSec: 4 * 3600,
    app: { voipSocket: false, clientHeartbeatSec: 10, backgroundRefresh: { earliestBeginSec: 900 } },
    server: { heartbeatSec: null, pushEverySec: 600 },
    model: { refreshLateMaxSec: 1800 },
  });

test('Background app refresh: runs come no earlier than asked, last refreshRunSec, and cannot keep a connection', async () => {
  const r = await runFast(refreshing(1));
  const scheduled = all(r.events, 'refresh', (e) => e.op === 'scheduled').map((e) => e.t);
  const begins = all(r.events, 'refresh', (e) => e.op === 'begin').map((e) => e.t);
  const ends = all(r.events, 'refresh', (e) => e.op === 'end').map((e) => e.t);
  assert.ok(begins.length >= 3, `runs ${begins.length}`);
  begins.forEach((b, i) => {
    assert.ok(b >= scheduled[i]! + 900_000, `run ${i} at ${b} ms is not before it was asked for`);
    assert.ok(b <= scheduled[i]! + (900 + 1800) * 1000, `run ${i} at most refreshLateMaxSec late`);
    assert.equal(ends[i], b + 30_000, 'a run lasts model.refreshRunSec');
  });
  // In every run the app reconnects, and the suspension that ends the run reclaims the socket again.
  const opens = all(r.events, 'conn', (e) => e.op === 'open').map((e) => e.t);
  const reclaims = all(r.events, 'socket.defunct').map((e) => e.t);
  for (const [i, b] of begins.entries()) {
    assert.ok(opens.some((t) => t > b && t < ends[i]!), `run ${i} reconnects`);
    assert.ok(reclaims.includes(ends[i]!), `run ${i} ends with the socket reclaimed`);
  }
  assert.ok(all(r.events, 'heartbeat', (e) => e.source === 'client').length >= begins.length, 'the app heartbeats inside its runs');
  assert.ok(r.summary.connectedRatio < 0.05, `connected ${r.summary.connectedRatio}`);
  assert.ok(r.summary.pushes.lost >= r.summary.pushes.sent - begins.length, 'pushes between runs are lost');
  const lane = foldChart(r.events).series;
  assert.deepEqual(lane.refresh.filter((g) => g.state === 'running').map((g) => [g.from, g.to]), begins.map((b, i) => [b, ends[i]]));
});

test('Background app refresh: the seed picks the run times, and the same seed picks the same ones', async () => {
  const times = async (seed: number) => all((await runFast(refreshing(seed))).events, 'refresh', (e) => e.op === 'begin').map((e) => e.t);
  const a = await times(3);
  assert.deepEqual(await times(3), a);
  assert.notDeepEqual(await times(4), a);
});
