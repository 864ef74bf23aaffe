import { test } from 'node:test';
import assert from 'node:assert/strict';
import { laneColumns, laneDrawing, warmLaneColumns } from '../../shared/view/lane-rects.ts';
import { countedReads } from '../helpers/counted-reads.ts';
import type { Segment } from '../../shared/folds/series.ts';
import { statesDrawnAt } from '../helpers/chart.ts';

test('wide segments map to rects one for one, clipped to the window, with no flags', () => {
  const segs: Segment<string>[] = [
    { from: 0, to: 100, state: 'a' },
    { from: 100, to: 300, state: 'b' },
    { from: 300, to: null, state: 'c' },
  ];
  assert.deepEqual(laneDrawing(segs, 0, 400, 400, 400), {
    rects: [
      { x: 0, w: 100, state: 'a' },
      { x: 100, w: 200, state: 'b' },
      { x: 300, w: 100, state: 'c' },
    ],
    flags: [],
  });
  assert.deepEqual(laneDrawing(segs, 150, 350, 400, 200).rects, [
    { x: 0, w: 150, state: 'b' },
    { x: 150, w: 50, state: 'c' },
  ]);
  // An open segment ends now: nothing is drawn after it.
  const cols = laneColumns(segs, 0, 800, 400, 8);
  assert.deepEqual(cols.present.map((p) => p[5]), [0, 0, 0]);
  assert.deepEqual(cols.states, ['a', 'b', 'c']);
});

test('a hundred thousand sub-pixel wakes: the longest state is the base, every wake stays visible as a flag', () => {
  const segs: Segment<string>[] = [];
  // 10 ms woken, 90 ms suspended, 100,000 times over 10,000 s.
  for (let i = 0; i < 100_000; i++) {
    segs.push({ from: i * 100, to: i * 100 + 10, state: 'woken' });
    segs.push({ from: i * 100 + 10, to: (i + 1) * 100, state: 'suspended' });
  }
  const d = laneDrawing(segs, 0, 10_000_000, 10_000_000, 1000);
  assert.ok(d.rects.length <= 1000, `${d.rects.length} rects`);
  assert.deepEqual([...new Set(d.rects.map((r) => r.state))], ['suspended']);
  assert.equal(d.rects.reduce((s, r) => s + r.w, 0), 1000, 'the base covers the lane');
  for (let x = 0; x < 1000; x += 37) assert.ok(statesDrawnAt(d, x).has('woken'), `woken drawn at column ${x}`);
  assert.equal(d.flags.length, 1, 'a flag in every column merges into one');
  // Zoomed in to one second, the woken slivers are base rects of their own.
  const zoomed = laneDrawing(segs, 5_000_000, 5_001_000, 10_000_000, 1000);
  assert.equal(zoomed.rects.filter((r) => r.state === 'woken').length, 10);
});

test('one brief state among long ones is drawn in its column, and keeps one row when several are flagged', () => {
  const segs: Segment<string>[] = [
    { from: 0, to: 50_000, state: 'suspended' },
    { from: 50_000, to: 50_001, state: 'terminated' },
    { from: 50_001, to: 50_003, state: 'active' },
    { from: 50_003, to: 100_000, state: 'suspended' },
  ];
  const d = laneDrawing(segs, 0, 100_000, 100_000, 100);
  assert.deepEqual(statesDrawnAt(d, 50), new Set(['suspended', 'terminated', 'active']));
  assert.deepEqual(statesDrawnAt(d, 49), new Set(['suspended']));
  assert.deepEqual(d.flags.map((f) => [f.state, f.row, f.of, f.w]), [['terminated', 0, 2, 1], ['active', 1, 2, 1]]);
});

test('a state that lasted no time is still drawn in its column', () => {
  const segs: Segment<string>[] = [
    { from: 0, to: 500, state: 'disconnected' },
    { from: 500, to: 500, state: 'reconnecting' },
    { from: 500, to: null, state: 'connected' },
  ];
  assert.deepEqual(statesDrawnAt(laneDrawing(segs, 0, 1000, 1000, 10), 5), new Set(['connected', 'reconnecting']));
});

test('a long lane drawn again over a shorter or longer prefix (a seek) gives what a fresh walk gives', () => {
  // A live-like lane: segments closed one after another, the last one open; prefixes share the
  // segment objects (as the player's restored folds do) except a copied last one.
  const full: Segment<string>[] = [];
  const states = ['active', 'background', 'suspended', 'woken'];
  for (let i = 0; i < 40_000; i++) full.push({ from: i * 10, to: i * 10 + 10, state: states[(i * 7) % 3 === 0 ? 3 : i % 3]! });
  full[full.length - 1]!.to = null;
  const fresh = (segs: readonly Segment<string>[]) => segs.map((s) => ({ ...s })); // new objects: no snapshots
  const prefix = (n: number) => {
    const p = full.slice(0, n);
    p[n - 1] = { ...p[n - 1]!, to: null }; // the copied, still open last segment
    return p;
  };
  const same = (segs: readonly Segment<string>[], now: number, t0: number, t1: number, cols: number) =>
    assert.deepEqual(laneColumns(segs, t0, t1, now, cols), laneColumns(fresh(segs), t0, t1, now, cols));
  same(full, 400_000, 0, 400_000, 700); // builds the snapshots
  for (const n of [39_000, 9_000, 30_001, 8_193, 16_384, 16_385, 40_000, 20_000]) same(prefix(n), n * 10 - 3, 0, 400_000, 700);
  // Another window starts afresh; an array that shares only the first segment is not fooled.
  same(prefix(25_000), 249_995, 1_000, 300_000, 500);
  const other = [full[0]!, ...full.slice(1, 30_000).map((s) => ({ ...s, state: 'woken' }))];
  same(other, 299_990, 1_000, 300_000, 500);
  same(prefix(28_000), 279_990, 1_000, 300_000, 500);
});

test('a lane whose last settled segment still grows, followed by projected ones (the radio lane), is never drawn from a stale snapshot', () => {
  const settled: Segment<string>[] = [];
  for (let i = 0; i < 16_384; i++) settled.push({ from: i * 10, to: i * 10 + 10, state: i % 2 ? 'idle' : 'dch' });
  const projected = (now: number) => [{ from: settled.at(-1)!.to!, to: now - 1, state: 'fach' }, { from: now - 1, to: now, state: 'idle' }];
  const draw = (now: number) => laneColumns([...settled, ...projected(now)], 0, 400_000, now, 800);
  const inPlace = (now: number) => laneColumns(settled, 0, 400_000, now, 800, projected(now));
  const fresh = (now: number) => laneColumns([...settled, ...projected(now)].map((s) => ({ ...s })), 0, 400_000, now, 800);
  assert.deepEqual(draw(170_000), fresh(170_000));
  assert.deepEqual(inPlace(170_000), fresh(170_000));
  settled.at(-1)!.to = 200_000; // the fold extends its last settled stretch in place
  assert.deepEqual(draw(250_000), fresh(250_000));
  assert.deepEqual(inPlace(250_000), fresh(250_000));
  for (let i = 0; i < 8_192; i++) settled.push({ from: 200_000 + i * 10, to: 200_000 + i * 10 + 10, state: 'dch' });
  assert.deepEqual(inPlace(290_000), fresh(290_000));
  settled.at(-1)!.to = 300_000;
  assert.deepEqual(inPlace(310_000), fresh(310_000));
});

test('a lane warmed while it grows (a session that loads) is drawn again from near its end, as a fresh walk draws it', () => {
  const segs: Segment<string>[] = [];
  const grow = (n: number) => {
    for (let i = segs.length, end = segs.length + n; i < end; i++) segs.push({ from: i * 10, to: i * 10 + 10, state: i % 5 === 0 ? 'woken' : 'suspended' });
  };
  const { list, reads, reset } = countedReads(segs);
  const draw = () => laneColumns(list, 0, 2_000_000, segs.length * 10, 600);
  grow(1_000);
  draw(); // the window the lane is drawn in
  const cold = () => {
    reset();
    draw();
    return reads();
  };
  grow(100_000);
  warmLaneColumns(list);
  const warmed = cold();
  // Resumed from the last snapshot: at most a snapshot's stretch and the few segments that may still change.
  assert.ok(warmed < 8_192 + 64 + 40, `${warmed} segments read after warming`);
  assert.deepEqual(draw(), laneColumns(segs.map((s) => ({ ...s })), 0, 2_000_000, segs.length * 10, 600));
  // Without warming, the draw walks what came in since.
  grow(100_000);
  assert.ok(cold() > 90_000, 'an unwarmed draw walks the new segments');
  // Warming a lane never drawn does nothing.
  const other = countedReads([...segs.map((s) => ({ ...s }))]);
  warmLaneColumns(other.list);
  assert.ok(other.reads() <= 1, `${other.reads()} read`);
});
