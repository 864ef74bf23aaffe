// A session that loads is redrawn at each quarter; between its fold slices the lanes' columns and
// the chart's idle envelope are walked on (renderer/src/player/warm-views.ts), so a redraw reads
// only what came in since the last snapshot. Counted in elements read, not in time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LifelineEvent } from '../../shared/log/events.ts';
import { Folds } from '../../shared/player/folds.ts';
import { chartView } from '../../shared/view/chart-view.ts';
import { laneColumns } from '../../shared/view/lane-rects.ts';
import { warmViews } from '../../renderer/src/player/warm-views.ts';
import { countedReads } from '../helpers/counted-reads.ts';

const DAY_SEC = 86_400;

/** A day's run: one connection through the NAT, refreshed every 10 s, the app woken and suspended each time. */
function* dayRun(): Generator<LifelineEvent> {
  yield { t: 0, kind: 'run.start', scenario: 'warm', mode: 'fast', seed: 1, natIdleTimeoutSec: 300, durationSec: DAY_SEC, wallClock: 'w' };
  yield { t: 0, kind: 'conn', op: 'connecting', conn: 1 };
  yield { t: 0, kind: 'nat', op: 'created', mapping: 1 };
  yield { t: 0, kind: 'conn', op: 'open', conn: 1 };
  yield { t: 0, kind: 'nat', op: 'forward', mapping: 1, dir: 'up', verb: 'HELLO', refreshed: true };
  for (let t = 10_000; t < DAY_SEC * 1000; t += 10_000) {
    yield { t, kind: 'nat', op: 'forward', mapping: 1, dir: 'down', verb: 'PING', refreshed: true };
    yield { t, kind: 'lifecycle', state: 'woken', reason: 'data on the VoIP socket' };
    yield { t: t + 500, kind: 'lifecycle', state: 'suspended', reason: 'handler done' };
  }
}

test('a loading session warmed between slices: its next redraw reads the idle points and lane segments since the last snapshot, and draws what a cold draw does', () => {
  const warmed = new Folds();
  const cold = new Folds();
  // The arrays the views walk, counted (the folds append to them as ever).
  const idle = countedReads(warmed.series.idleT);
  const life = countedReads(warmed.series.lifecycle);
  Object.defineProperty(warmed.series, 'idleT', { value: idle.list });
  Object.defineProperty(warmed.series, 'lifecycle', { value: life.list });
  const w = { t0: 0, t1: DAY_SEC * 1000 };
  const draw = (f: Folds, loading = false) => ({ chart: chartView(f.series, w, f.series.lastT, 1000, { loading }), lane: laneColumns(f.series.lifecycle, w.t0, w.t1, f.series.lastT, 1000) });
  let n = 0;
  for (const e of dayRun()) {
    warmed.push(e);
    cold.push(e);
    n++;
    if (n === 400) draw(warmed, true); // the first chart as the session loads: a few cycles
    if (n % 2_000 === 0) warmViews(warmed); // between fold slices
  }
  warmViews(warmed); // the loader warms at the end of each slice, before the view is redrawn
  idle.reset();
  life.reset();
  const redraw = draw(warmed, true);
  assert.ok(redraw.chart.envelope, 'a day of 10 s cycles is drawn as an envelope');
  assert.ok(warmed.series.idleT.length > 17_000 && warmed.series.lifecycle.length > 17_000, 'longer than two snapshots');
  // At most a snapshot's stretch (8,192) and the few that may still change, and the searches; the
  // lane reads each segment it walks twice (its start, then its end).
  assert.ok(idle.reads() < 8_192 + 100, `${idle.reads()} idle points read of ${warmed.series.idleT.length}`);
  assert.ok(life.reads() < 2 * (8_192 + 64) + 100, `${life.reads()} lifecycle segment reads, of ${warmed.series.lifecycle.length} segments`);
  assert.deepEqual(redraw, draw(cold));
});
