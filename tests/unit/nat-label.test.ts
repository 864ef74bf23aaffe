// The NAT timeout line's label stands clear of the marks (shared/view/nat-label.ts): at the plot's
// right end above the line when nothing is there, else at another spot along the line that no mark
// covers; the label's box stays inside the plot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Marker, MarkerKind } from '../../shared/folds/series.ts';
import { layoutMarks } from '../../shared/view/mark-layout.ts';
import { natLabelPlace, type LabelBox } from '../../shared/view/nat-label.ts';

const plot = { left: 64, top: 40, width: 600, height: 300 };
/** 1 px per 10 s of time, 1 px per idle second, the axis topping out at 300 s; the NAT line at 200 s. */
const x = (t: number) => plot.left + t / 10_000;
const y = (idle: number) => plot.top + plot.height - idle;
const LINE = y(200);
const TEXT = 'NAT idle timeout 200 s';

let n = 0;
const mark = (t: number, kind: MarkerKind, idle: number): Marker => ({ t, y: idle, kind, n: n++, ref: 1 });
const place = (ms: Marker[]) => {
  const groups = layoutMarks(ms, x, y, plot, 300);
  return { at: natLabelPlace(TEXT, 13, LINE, plot, groups), groups };
};
const overlaps = (a: LabelBox, b: LabelBox) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
const inside = (b: LabelBox) => b.x >= plot.left && b.x + b.w <= plot.left + plot.width && b.y >= plot.top && b.y + b.h <= plot.top + plot.height;

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
