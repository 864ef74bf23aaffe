import { test } from 'node:test';
import assert from 'node:assert/strict';
import { visibleMarkers, visibleSawtooth } from '../../shared/view/downsample-series.ts';
import { MarksByKind } from '../../shared/folds/marks-by-kind.ts';
import type { IntervalPoint, Marker } from '../../shared/folds/series.ts';
import { intervalPath } from '../../shared/view/chart-view.ts';
import { seededRandom } from '../../shared/util/random.ts';

/** A sawtooth: climbs 0→peak over `period` ms, drops to 0; one tooth in 50 reaches 400. */
function sawtooth(teeth: number, period: number) {
  const ts: number[] = [];
  const ys: (number | null)[] = [];
  for (let i = 0; i < teeth; i++) {
    ts.push(i * period, (i + 1) * period);
    ys.push(0, i % 50 === 7 ? 400 : period / 1000);
  }
  return { ts, ys };
}

test('small windows pass through untouched', () => {
  const { ts, ys } = sawtooth(10, 30_000);
  const pts = visibleSawtooth(ts, ys, 0, 300_000, 1500);
  assert.equal(pts.length, 20);
});

test('a huge window comes back small, and keeps the peaks that cross the NAT line', () => {
  const { ts, ys } = sawtooth(200_000, 12_000);
  const pts = visibleSawtooth(ts, ys, 0, 200_000 * 12_000, 1500);
  assert.ok(pts.length <= 1600, `${pts.length} points`);
  const peaks = pts.filter((p) => p.idle === 400).length;
  assert.ok(peaks >= 300, `${peaks} of the 4,000 over-timeout teeth kept`);
  assert.ok(pts.every((p, i) => i === 0 || p.t >= pts[i - 1]!.t), 'time order');
});

test('gaps (null) survive downsampling', () => {
  const { ts, ys } = sawtooth(100_000, 12_000);
  ys[100_000] = null;
  const pts = visibleSawtooth(ts, ys, 0, 100_000 * 12_000, 1500);
  assert.equal(pts.filter((p) => p.idle === null).length, 1);
});

test('markers are thinned per kind, rare kinds kept whole, and the same ones kept while panning', () => {
  const markers: Marker[] = [];
  for (let i = 0; i < 10_000; i++) markers.push({ t: i * 1000, y: 1, kind: 'server-heartbeat', n: i, ref: i + 1 });
  markers.splice(5000, 0, { t: 4_999_500, y: 300, kind: 'nat-expiry', n: 0, ref: 1 });
  const series = { markers, byKind: new MarksByKind() };
  markers.forEach((m, i) => series.byKind.add(m.kind, i));
  const { markers: v, stride } = visibleMarkers(series, 0, 10_000_000, 400);
  assert.deepEqual([...stride], [['server-heartbeat', 32], ['nat-expiry', 1]]);
  const beats = v.filter((m) => m.kind === 'server-heartbeat');
  assert.ok(beats.length <= 400 && beats.length > 200, `${beats.length} heartbeats kept`);
  assert.equal(v.filter((m) => m.kind === 'nat-expiry').length, 1);
  assert.equal(visibleMarkers(series, 1000, 3000, 400).markers.length, 3);
  // Pan by a little: the markers still in view are the same objects.
  const a = new Set(visibleMarkers(series, 1_000_000, 3_000_000, 100).markers);
  const b = visibleMarkers(series, 1_050_000, 3_050_000, 100).markers;
  const kept = b.filter((m) => a.has(m)).length;
  assert.ok(kept >= b.length - 5, `${kept} of ${b.length} unchanged`);
});

test('intervalPath draws the steps of the beats that overlap the window, found by binary search as by a walk over every beat', () => {
  const rnd = seededRandom(7);
  let t = 0;
  const points: IntervalPoint[] = Array.from({ length: 3000 }, () => {
    const sec = Math.floor(rnd() * 600) / 10;
    t += Math.floor(rnd() * 40_000);
    return { t, sec };
  });
  // The definition: from the first beat at or after the window's start, up to the first whose step starts after its end.
  const walked = (w: { t0: number; t1: number }) => {
    let lo = 0;
    while (lo < points.length && points[lo]!.t < w.t0) lo++;
    let hi = lo;
    while (hi < points.length && points[hi]!.t - points[hi]!.sec * 1000 <= w.t1) hi++;
    return intervalPath(points.slice(lo, hi), { t0: -Infinity, t1: Infinity }, (x) => x / 1000, (y) => y);
  };
  for (let k = 0; k < 200; k++) {
    const a = Math.floor(rnd() * t * 1.1) - 1000;
    const w = { t0: a, t1: a + Math.floor(rnd() * t * (k % 3 ? 0.05 : 1)) };
    assert.equal(intervalPath(points, w, (x) => x / 1000, (y) => y), walked(w), `window ${w.t0}..${w.t1}`);
  }
});
