import { test } from 'node:test';
import assert from 'node:assert/strict';
import { laneRects } from '../../shared/lane-rects.ts';
import type { Segment } from '../../shared/series.ts';

test('wide segments map to rects one for one, clipped to the window', () => {
  const segs: Segment<string>[] = [
    { from: 0, to: 100, state: 'a' },
    { from: 100, to: 300, state: 'b' },
    { from: 300, to: null, state: 'c' },
  ];
  assert.deepEqual(laneRects(segs, 0, 400, 400, 400), [
    { x: 0, w: 100, state: 'a' },
    { x: 100, w: 200, state: 'b' },
    { x: 300, w: 100, state: 'c' },
  ]);
  assert.deepEqual(laneRects(segs, 150, 350, 400, 200), [
    { x: 0, w: 150, state: 'b' },
    { x: 150, w: 50, state: 'c' },
  ]);
});

test('a hundred thousand sub-pixel segments become at most one rect per column, the longest state winning', () => {
  const segs: Segment<string>[] = [];
  // 10 ms woken, 90 ms suspended, 100,000 times over 10,000 s.
  for (let i = 0; i < 100_000; i++) {
    segs.push({ from: i * 100, to: i * 100 + 10, state: 'woken' });
    segs.push({ from: i * 100 + 10, to: (i + 1) * 100, state: 'suspended' });
  }
  const rects = laneRects(segs, 0, 10_000_000, 10_000_000, 1000);
  assert.ok(rects.length <= 1000, `${rects.length} rects`);
  assert.deepEqual([...new Set(rects.map((r) => r.state))], ['suspended']);
  const total = rects.reduce((s, r) => s + r.w, 0);
  assert.ok(Math.abs(total - 1000) < 1e-6, `covers the lane: ${total}`);
  // Zoomed in to one second, the woken slivers are back.
  const zoomed = laneRects(segs, 5_000_000, 5_001_000, 10_000_000, 1000);
  assert.equal(zoomed.filter((r) => r.state === 'woken').length, 10);
});
