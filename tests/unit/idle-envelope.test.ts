import { test } from 'node:test';
import assert from 'node:assert/strict';
import { idleEnvelope, warmIdleEnvelope } from '../../shared/view/idle-envelope.ts';
import { countedReads } from '../helpers/counted-reads.ts';

/** A sawtooth refreshed every `every` ms from 0 to `until`, as SeriesFold draws it. */
function sawtooth(every: number, until: number): { ts: number[]; ys: (number | null)[] } {
  const ts = [0];
  const ys: (number | null)[] = [0];
  for (let t = every; t <= until; t += every) {
    ts.push(t, t);
    ys.push(every / 1000, 0);
  }
  return { ts, ys };
}

test('each bucket holds the longest idle reached in it: a day of 10 s cycles in 100 buckets', () => {
  const { ts, ys } = sawtooth(10_000, 86_400_000);
  const env = idleEnvelope(ts, ys, 0, 86_400_000, 100);
  assert.equal(env.length, 100);
  assert.ok(env.every((y) => y === 10), env.slice(0, 5).join());
});

test('a line that climbs through a bucket with no point in it still counts at the bucket edge', () => {
  // A mapping refreshed at 0 then never again: after an expiry the line climbs for an hour.
  const env = idleEnvelope([0, 3_600_000], [0, 3600], 0, 3_600_000, 4);
  assert.deepEqual(env, [900, 1800, 2700, 3600]);
  // The open end of the line is part of it.
  assert.deepEqual(idleEnvelope([0], [0], 0, 4000, 4, { t: 2000, y: 2 }), [1, 2, 2, null]);
});

test('gaps stay gaps, and a spike inside one bucket is its maximum', () => {
  const ts = [0, 1000, 1000, 5000, 6000, 6000];
  const ys = [0, 1, null, 0, 1, 0];
  const env = idleEnvelope(ts, ys, 0, 8000, 8);
  assert.deepEqual(env, [1, 1, null, null, null, 1, 1, null]);
});

test('an envelope drawn again as its series grows, warmed or not, or cut back and grown again with other points, is what a fresh walk gives', () => {
  const { ts, ys } = sawtooth(10_000, 40_000_000); // 8,001 points
  const { list, reads, reset } = countedReads(ts);
  const fresh = (n: number, t1: number) => idleEnvelope(ts.slice(0, n), ys.slice(0, n), 0, t1, 300);
  const draw = (n: number, t1 = 80_000_000) => {
    ts.length = n; // the same arrays, as the folds grow in place
    ys.length = n;
    return idleEnvelope(list, ys, 0, t1, 300);
  };
  const full = sawtooth(10_000, 80_000_000);
  const growTo = (n: number) => {
    for (let i = ts.length; i < n; i++) {
      ts.push(full.ts[i]!);
      ys.push(full.ys[i]!);
    }
  };
  assert.deepEqual(draw(ts.length), fresh(ts.length, 80_000_000));
  growTo(16_001);
  warmIdleEnvelope(list, ys);
  reset();
  const warmed = draw(16_001);
  assert.ok(reads() < 8_192 + 16, `${reads()} points read after warming`);
  assert.deepEqual(warmed, fresh(16_001, 80_000_000));
  // A seek: cut back, then grown again with other points; a snapshot past the cut is not used.
  ts.length = 9_000;
  ys.length = 9_000;
  for (let i = 9_000; i < 16_001; i++) {
    ts.push(full.ts[i]!);
    ys.push(i % 2 ? 50 : 0);
  }
  assert.deepEqual(draw(16_001), fresh(16_001, 80_000_000));
  assert.deepEqual(draw(12_345), fresh(12_345, 80_000_000));
  // Another window starts afresh.
  assert.deepEqual(draw(12_345, 60_000_000), fresh(12_345, 60_000_000));
});
