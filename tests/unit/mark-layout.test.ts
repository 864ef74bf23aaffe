// Marks mean one thing each and none hides another (shared/view/mark-layout.ts): marks at one spot
// stack in a strip, a mark with no line to sit on sits in the band above the plot, a row of
// heartbeats stays a row, and each connection's line is labelled where it starts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Marker, MarkerKind } from '../../shared/folds/series.ts';
import { BAND_MARGIN_PX, bandBox, GLYPH_PX, isStack, layoutMarks, lineLabels, moreLabel, moreText, visibleLineStarts, type MarkGroup } from '../../shared/view/mark-layout.ts';

const plot = { left: 64, top: 40, width: 1000, height: 300 };
/** 1 px per second of time, 1 px per idle second, the axis topping out at 300 s. */
const x = (t: number) => plot.left + t / 1000;
const y = (idle: number) => plot.top + plot.height - idle;
const MAX_Y = 300;

let n = 0;
const mark = (t: number, kind: MarkerKind, idle: number | null, more: Partial<Marker> = {}): Marker => ({ t, y: idle, kind, n: n++, ref: 1, ...more });

const boxes = (groups: MarkGroup[]) => groups.flatMap((g) => g.marks.map((p) => ({ kind: p.mark.kind, t: p.mark.t, x0: p.x - GLYPH_PX / 2, x1: p.x + GLYPH_PX / 2, y0: p.y - GLYPH_PX / 2, y1: p.y + GLYPH_PX / 2 })));
const overlap = (a: ReturnType<typeof boxes>[number], b: ReturnType<typeof boxes>[number]) => Math.max(0, Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0)) * Math.max(0, Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0));

test('a push, its PushKit push and the CallKit report at one instant: one strip of three, none over another, all at that instant', () => {
  const ms = [mark(900_000, 'push', null, { delivered: true }), mark(900_000, 'voip-push', null), mark(900_000, 'callkit-report', null)];
  const groups = layoutMarks(ms, x, y, plot, MAX_Y);
  assert.equal(groups.length, 1);
  const g = groups[0]!;
  assert.deepEqual(g.marks.map((p) => p.mark.kind), ['push', 'voip-push', 'callkit-report'], 'in the log’s order');
  assert.ok(g.marks.every((p) => p.x === x(900_000)), 'no mark moves off its instant');
  const b = boxes(groups);
  for (let i = 0; i < b.length; i++) for (let j = i + 1; j < b.length; j++) assert.equal(overlap(b[i]!, b[j]!), 0, `${b[i]!.kind} over ${b[j]!.kind}`);
  // No mapping: the first sits in the band above the plot, the rest hang below it, inside the strip.
  const band = bandBox(plot);
  assert.ok(g.marks[0]!.y > band.y && g.marks[0]!.y < band.y + band.h, 'in the band');
  assert.ok(g.marks[1]!.y > g.marks[0]!.y, 'stacked down from the band');
  for (const p of g.marks) assert.ok(p.y >= g.box.y && p.y <= g.box.y + g.box.h);
  assert.equal(band.y + band.h + BAND_MARGIN_PX - band.h, plot.top, 'the band and its gap fill the top margin');
});

test('the NAT expiry and the disconnect at 5:00 no longer sit on one spot: the X stays in sight', () => {
  const groups = layoutMarks([mark(300_000, 'nat-expiry', 200), mark(300_000, 'disconnect', 200)], x, y, plot, MAX_Y);
  const [a, b] = boxes(groups);
  assert.equal(overlap(a!, b!), 0);
  assert.equal(groups[0]!.marks[0]!.mark.kind, 'nat-expiry');
  assert.equal(groups[0]!.marks[0]!.y, y(200), 'the first keeps its place');
});

test('a strip grows away from its neighbours: the dropped beat 30 s after an expiry stays uncovered (Mars)', () => {
  const px = { ...plot, height: 400 };
  const yy = (idle: number) => px.top + px.height - idle;
  const ms = [mark(3_600_000 / 4, 'nat-expiry', 300), mark(3_600_000 / 4, 'disconnect', 300), mark(3_600_000 / 4 + 3_000, 'client-heartbeat', 330, { delivered: false })];
  const groups = layoutMarks(ms, x, yy, px, 400);
  const b = boxes(groups);
  for (let i = 0; i < b.length; i++) for (let j = i + 1; j < b.length; j++) assert.equal(overlap(b[i]!, b[j]!), 0, `${b[i]!.kind} over ${b[j]!.kind}`);
});

test('zoomed out, with beats on both sides of the expiry, the dropped beat just above joins the strip instead of being covered', () => {
  const xs = (t: number) => plot.left + t / 26_000;
  const ys = (idle: number) => plot.top + plot.height - idle * 0.7;
  const t = 3_600_000;
  const ms = [mark(t - 270_000, 'client-heartbeat', 270, { delivered: true }), mark(t, 'nat-expiry', 300), mark(t, 'disconnect', 300), mark(t + 30_000, 'client-heartbeat', 330, { delivered: false })];
  const groups = layoutMarks(ms, xs, ys, plot, 400);
  const b = boxes(groups);
  for (let i = 0; i < b.length; i++) for (let j = i + 1; j < b.length; j++) assert.equal(overlap(b[i]!, b[j]!), 0, `${b[i]!.kind}@${b[i]!.t} over ${b[j]!.kind}@${b[j]!.t}`);
  assert.deepEqual(groups.map((g) => g.marks.length), [1, 3]);
});

test('a row of heartbeats a few pixels apart stays a row (thinning’s business), and two at one spot stack', () => {
  const row = Array.from({ length: 20 }, (_, i) => mark(i * 4_000, 'server-heartbeat', 120));
  assert.equal(layoutMarks(row, x, y, plot, MAX_Y).length, 20);
  const twin = layoutMarks([mark(10_000, 'server-heartbeat', 120), mark(10_500, 'server-heartbeat', 120)], x, y, plot, MAX_Y);
  assert.equal(twin.length, 1);
  const [a, b] = boxes(twin);
  assert.equal(overlap(a!, b!), 0);
});

test('a strip at the axis grows up into the plot, even when its neighbours are above it: nothing hangs over the time labels', () => {
  const t = 600_000;
  // Beats just above the axis on both sides would be covered by a strip growing up; down is out of the plot.
  const ms = [mark(t - 8_000, 'server-heartbeat', 16), mark(t, 'server-heartbeat', 0), mark(t, 'push', 0, { delivered: true }), mark(t, 'voip-push', 0), mark(t + 8_000, 'server-heartbeat', 16)];
  const groups = layoutMarks(ms, x, y, plot, MAX_Y);
  const strip = groups.find((g) => g.marks.length > 1)!;
  assert.equal(strip.marks.length, 3);
  const bottom = plot.top + plot.height;
  for (const p of strip.marks) assert.ok(p.y <= bottom, `${p.mark.kind} at ${p.y}, below the axis at ${bottom}`);
  assert.ok(strip.box.y + strip.box.h <= bottom + GLYPH_PX / 2 + 2, 'the strip ends where a lone glyph on the axis does');
});

test('a loading session’s first hour, all in one pixel of its whole-run window: the strip holds what the plot has room for and counts the rest', () => {
  // 174 heartbeats 24 s apart and a push, drawn on a 15-day window: 1 px is about 40 minutes.
  const xs = (t: number) => plot.left + t / 2_160_000;
  const ms = [...Array.from({ length: 174 }, (_, i) => mark(12_000 + i * 24_000, 'server-heartbeat', 20)), mark(600_000, 'push', 20, { delivered: true })];
  const groups = layoutMarks(ms, xs, y, plot, MAX_Y);
  const bottom = plot.top + plot.height;
  for (const g of groups) for (const p of g.marks) assert.ok(p.y - GLYPH_PX / 2 >= plot.top && p.y + GLYPH_PX / 2 <= bottom, `a glyph at ${p.y}, outside the plot ${plot.top}–${bottom}`);
  const strip = groups.find(isStack)!;
  assert.equal(groups.reduce((n, g) => n + g.marks.length + g.more.length, 0), 175, 'every mark is in a group, drawn or counted');
  assert.ok(strip.marks.length >= 10 && strip.more.length > 0);
  assert.ok(strip.box.y >= plot.top - 2 && strip.box.y + strip.box.h <= bottom + 2, 'the strip stays in the plot');
  assert.equal(moreLabel(strip), `+${strip.more.length}`);
  const kinds = new Set(strip.more.map((m) => m.kind));
  assert.match(moreText(strip, (k) => k), new RegExp(`^${strip.more.length} more here: \\d+ × server-heartbeat${kinds.has('push') ? ', 1 × push' : ''}; zoom in to see each$`));
});

test('marks a pixel or two beside a strip the plot is full of are counted with it, not stacked in a strip over it', () => {
  // A loading session's first hours at a 15-day window: a full column, then more heartbeats 3 px on.
  const xs = (t: number) => plot.left + t / 1_000_000;
  const ms = [
    ...Array.from({ length: 60 }, (_, i) => mark(i * 10_000, 'server-heartbeat', 10 + (i % 3))),
    ...Array.from({ length: 6 }, (_, i) => mark(3_000_000 + i * 10_000, 'server-heartbeat', 10 + (i % 3))),
    // and a short strip of two 3 px to the left of the full one
    mark(-3_000_000, 'server-heartbeat', 12), mark(-3_000_000, 'server-heartbeat', 12),
  ];
  const groups = layoutMarks(ms, xs, y, plot, MAX_Y);
  assert.equal(groups.reduce((k, g) => k + g.marks.length + g.more.length, 0), 68, 'every mark is in a group, drawn or counted');
  const full = groups.find((g) => g.more.length > 0)!;
  assert.ok(full.more.some((m) => m.t >= 3_000_000), 'the marks right of the full strip are counted with it');
  assert.ok(full.more.some((m) => m.t < 0), 'and those left of it');
  const strips = groups.filter(isStack);
  assert.equal(strips.length, 1, 'one strip in that column');
  const inFull = boxes([full]);
  const others = boxes(groups.filter((g) => g !== full));
  for (const a of others) for (const b of inFull) assert.equal(overlap(a, b), 0, `a ${a.kind} at ${a.t} over the full strip`);
});

test('groups never chain: a long run of marks one glyph apart is not one strip', () => {
  const kinds: MarkerKind[] = ['push', 'server-heartbeat', 'disconnect', 'keepalive'];
  const ms = Array.from({ length: 40 }, (_, i) => mark(i * 8_000, kinds[i % kinds.length]!, 100));
  const groups = layoutMarks(ms, x, y, plot, MAX_Y);
  assert.ok(Math.max(...groups.map((g) => g.marks.length)) <= 2, 'a group holds only what its first mark would hide');
});

test('where a mark sits: on the line at its idle time, inside the plot above the axis top, in the band with no line', () => {
  const [on, over, none] = layoutMarks([mark(0, 'push', 100), mark(100_000, 'push', 900), mark(200_000, 'push', null)], x, y, plot, MAX_Y);
  assert.equal(on!.y, y(100));
  assert.ok(over!.y - GLYPH_PX / 2 > plot.top, 'above the scale: wholly inside the plot, not in the band');
  const band = bandBox(plot);
  assert.equal(none!.y, band.y + band.h / 2);
});

test('each connection’s line is labelled where it starts, when there is more than one, none crowding the last', () => {
  assert.deepEqual(visibleLineStarts([{ t: 0, mapping: 1, conn: 1 }], 0, 1e9), [], 'one connection: nothing to tell apart');
  const lines = [{ t: 0, mapping: 1, conn: 1 }, { t: 10_000, mapping: 2, conn: 2 }, { t: 900_000, mapping: 3, conn: 3 }, { t: 950_000, mapping: 4 }];
  const starts = visibleLineStarts(lines, 5_000, 2_000_000);
  assert.deepEqual(starts.map((l) => l.conn), [2, 3], 'in the window, and only those the log ties to a connection');
  assert.deepEqual(lineLabels(lines.slice(0, 3), x).map((l) => l.text), ['conn 1', 'conn 3'], 'conn 2 would crowd conn 1');
});
