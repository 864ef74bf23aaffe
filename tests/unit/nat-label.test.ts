// The NAT timeout line's label stands clear of the marks and the lines (shared/view/nat-label.ts):
// at the plot's right end above the line when nothing is there, else at another spot along the line
// that no mark covers and no line crosses, else farther from the line; the label's box stays inside
// the plot and off the red line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Marker, MarkerKind } from '../../shared/folds/series.ts';
import { layoutMarks } from '../../shared/view/mark-layout.ts';
import { natLabelPlace, plotInk } from '../../shared/view/nat-label.ts';
import type { ChartPoint } from '../../shared/view/downsample-series.ts';
import type { IntervalPoint } from '../../shared/folds/series.ts';
import type { Box } from '../../shared/view/chart-view.ts';

const plot = { left: 64, top: 40, width: 600, height: 300 };
/** 1 px per 10 s of time, 1 px per idle second, the axis topping out at 300 s; the NAT line at 200 s. */
const x = (t: number) => plot.left + t / 10_000;
const y = (idle: number) => plot.top + plot.height - idle;
const LINE = y(200);
const TEXT = 'NAT idle timeout 200 s';

let n = 0;
const mark = (t: number, kind: MarkerKind, idle: number): Marker => ({ t, y: idle, kind, n: n++, ref: 1 });
const W = { t0: 0, t1: 6_000_000 };
const place = (ms: Marker[], points: ChartPoint[] = [], client: IntervalPoint[] = []) => {
  const groups = layoutMarks(ms, x, y, plot, 300);
  return { at: natLabelPlace(TEXT, 13, LINE, plot, groups, plotInk({ points, envelope: null }, { client, server: [] }, W, x, y)), groups };
};
/** A sawtooth climbing from 0 to `peak` s in each cycle of `cycleMs`, over the whole window. */
const sawtooth = (cycleMs: number, peak: number): ChartPoint[] =>
  Array.from({ length: W.t1 / cycleMs }, (_, i) => [
    { t: i * cycleMs, idle: 0 },
    { t: (i + 1) * cycleMs, idle: peak },
  ]).flat();
/** Where the idle line crosses the label's box: the line's x at the box's top and bottom. */
const lineCrosses = (box: Box, points: ChartPoint[]) =>
  points.some((p, i) => {
    const q = points[i + 1];
    if (!q || p.idle === null || q.idle === null || q.t === p.t) return false;
    const xAt = (py: number) => x(p.t + ((q.t - p.t) * ((plot.top + plot.height - py) - p.idle!)) / (q.idle! - p.idle!));
    const [a, b] = [xAt(box.y), xAt(box.y + box.h)].sort((m, n) => m - n);
    return Math.max(a!, x(p.t)) < box.x + box.w && box.x < Math.min(b!, x(q.t));
  });
const offLine = (b: Box) => b.y + b.h <= LINE - 1 || b.y >= LINE + 1;
const overlaps = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
const inside = (b: Box) => b.x >= plot.left && b.x + b.w <= plot.left + plot.width && b.y >= plot.top && b.y + b.h <= plot.top + plot.height;

test('nothing near the line: the label sits above it at the right end', () => {
  const { at } = place([mark(500_000, 'server-heartbeat', 50)]);
  assert.equal(at.anchor, 'end');
  assert.ok(at.box.y + at.box.h <= LINE && inside(at.box), JSON.stringify(at));
});

test('heartbeats and pushes crowd the line at the right end: the label moves along the line, clear of every mark', () => {
  const crowd = [4_500_000, 5_000_000, 5_400_000, 5_800_000].flatMap((t) => [mark(t, 'server-heartbeat', 190), mark(t + 100_000, 'push', 210)]);
  const { at, groups } = place(crowd);
  assert.notEqual(at.anchor, 'end');
  assert.ok(inside(at.box));
  for (const g of groups) assert.ok(!overlaps(at.box, g.box), `the label ${JSON.stringify(at.box)} covers a mark at ${JSON.stringify(g.box)}`);
});

test('marks all along just above the line: the label goes below it', () => {
  const row = Array.from({ length: 30 }, (_, i) => mark(i * 200_000, 'push', 212));
  const { at, groups } = place(row);
  assert.ok(at.box.y >= LINE && inside(at.box), JSON.stringify(at));
  for (const g of groups) assert.ok(!overlaps(at.box, g.box));
});

test('the idle line climbs through the line at the right end: the label moves to where no line crosses it', () => {
  // Cycles of 40 min climbing to 220 s: each crosses the 200 s line near its end, the second one
  // under the right end's spot.
  const points = sawtooth(2_400_000, 220);
  const { at } = place([], points);
  assert.ok(inside(at.box) && offLine(at.box), JSON.stringify(at));
  assert.notEqual(at.anchor, 'end');
  assert.ok(!lineCrosses(at.box, points), `the idle line crosses the label at ${JSON.stringify(at.box)}`);
});

test('strips stand on the line all along, across both rows beside it: the label goes a row farther off, clear of every mark', () => {
  const crowd = Array.from({ length: 14 }, (_, i) => [mark(200_000 + i * 400_000, 'nat-expiry', 200), mark(200_000 + i * 400_000, 'disconnect', 200), mark(200_000 + i * 400_000, 'client-heartbeat', 200)]).flat();
  const { at, groups } = place(crowd);
  assert.ok(inside(at.box) && offLine(at.box), JSON.stringify(at));
  for (const g of groups) assert.ok(!overlaps(at.box, g.box), `the label ${JSON.stringify(at.box)} covers a mark at ${JSON.stringify(g.box)}`);
  assert.ok(Math.min(Math.abs(at.box.y + at.box.h - LINE), Math.abs(at.box.y - LINE)) <= 60, 'still beside the line');
});

test('lines cross the line everywhere: the label stays clear of the marks, where the fewest lines cross, off the red line', () => {
  // A cycle every 2 min (3 px apart) and an interval step just above the line the whole way.
  const points = sawtooth(120_000, 260);
  const client = Array.from({ length: 50 }, (_, i) => ({ t: (i + 1) * 120_000, sec: 212 }));
  const crowd = [mark(5_400_000, 'nat-expiry', 200), mark(5_400_000, 'disconnect', 200)];
  const { at, groups } = place(crowd, points, client);
  assert.ok(inside(at.box) && offLine(at.box), JSON.stringify(at));
  for (const g of groups) assert.ok(!overlaps(at.box, g.box));
  assert.ok(at.box.y >= LINE, 'below the line, clear of the interval step just above it');
});
