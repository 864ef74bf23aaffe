// A 24 h run at whole-run zoom: hundreds of 10 s wakes, a kill and relaunch and a network change
// must all stay visible in the lanes, and every action in the actions lane. Real sockets, fast mode.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runFast, scenario } from '../helpers/run.ts';
import { foldChart, statesDrawnAt } from '../helpers/chart.ts';
import { laneDrawing } from '../../shared/view/lane-rects.ts';
import type { Segment } from '../../shared/folds/series.ts';

const DAY = 86_400;

test('24 h at whole-run zoom: every state that ever held is drawn in its column, however brief', async () => {
  const s = scenario({
    name: 'day',
    durationSec: DAY,
    timeline: [
      { atSec: 60, action: 'background' },
      { atSec: 30_000, action: 'kill' },
      { atSec: 30_100, action: 'foreground' },
      { atSec: 30_200, action: 'background' },
      { atSec: 50_000, action: 'network-change' },
    ],
  });
  const { events } = await runFast(s);
  const { series, summary } = foldChart(events);
  assert.ok(summary.wakeups >= 300, `hundreds of wakes: ${summary.wakeups}`);
  assert.equal(summary.terminations, 1);
  const columns = 1000;
  const unit = (DAY * 1000) / columns;
  const check = <S extends string>(name: string, segs: Segment<S>[]) => {
    const d = laneDrawing(segs, 0, DAY * 1000, series.lastT, columns);
    assert.ok(d.rects.length + d.flags.length < 4 * columns, `${name}: ${d.rects.length} rects, ${d.flags.length} flags`);
    for (const g of segs) {
      const x = Math.min(columns - 1, Math.floor(g.from / unit));
      assert.ok(statesDrawnAt(d, x).has(g.state), `${name}: ${g.state} from ${g.from} ms is drawn at column ${x}`);
    }
    return d;
  };
  const life = check('lifecycle', series.lifecycle);
  check('connection', series.connection);
  const woken = new Set<number>();
  for (const g of series.lifecycle) if (g.state === 'woken') woken.add(Math.floor(g.from / unit));
  assert.ok(woken.size >= 300, `woken in ${woken.size} columns`);
  assert.ok([...life.rects, ...life.flags].some((r) => r.state === 'terminated'), 'the kill is drawn');
  // The network change: the app loses its connection and reconnects, visible in the connection lane.
  const change = Math.floor(50_000_000 / unit);
  const around = new Set<string>();
  const conn = laneDrawing(series.connection, 0, DAY * 1000, series.lastT, columns);
  for (let x = change; x <= change + 3; x++) for (const st of statesDrawnAt(conn, x)) around.add(st);
  assert.ok(around.has('reconnecting') || around.has('disconnected') || around.has('dead'), `after the network change: ${[...around]}`);
  assert.deepEqual(series.actions.map((a) => [a.t / 1000, a.action, a.source]), s.timeline.map((e) => [e.atSec, e.action, 'timeline']));
});
