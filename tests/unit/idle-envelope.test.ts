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

test('an envelope drawn again as its series grows, warmed or not, or cut back by a seek and folded on again, is what a fresh walk gives', () => {
  const full = sawtooth(10_000, 120_000_000); // 24,001 points
  const ts = full.ts.slice(0, 8_001);
  const ys = full.ys.slice(0, 8_001);
  const { list, reads, reset } = countedReads(ts);
  const T1 = 120_000_000;
  const fresh = (t1 = T1) => idleEnvelope(ts.slice(), ys.slice(), 0, t1, 300);
  const draw = (t1 = T1) => idleEnvelope(list, ys, 0, t1, 300);
  const growTo = (n: number, other = false) => {
    for (let i = ts.length; i < n; i++) {
      ts.push(full.ts[i]! + (other ? 1_000_000 : 0)); // two buckets later: the piece to it crosses them
      ys.push(other ? (i % 2 ? 50 : 7) : full.ys[i]!);
    }
  };
  const cut = (n: number) => {
    ts.length = n;
    ys.length = n;
  };
  assert.deepEqual(draw(), fresh());
  growTo(16_001);
  warmIdleEnvelope(list, ys);
  reset();
  const warmed = draw();
  assert.ok(reads() < 8_192 + 64, `${reads()} points read after warming`);
  assert.deepEqual(warmed, fresh());
  growTo(20_000);
  assert.deepEqual(draw(), fresh()); // snapshots at 8,192 and 16,384
  // A seek: cut back, then folded on again (the same points): the snapshot past the cut is used again.
  cut(9_000);
  assert.deepEqual(draw(), fresh());
  growTo(20_000);
  reset();
  assert.deepEqual(draw(), fresh());
  assert.ok(reads() < 20_000 - 16_384 + 64, `${reads()} points read after the seek`); // and the searches
  // Other points from a snapshot's on (never in the app: its series only appends): the snapshot,
  // which drew the piece to its point, is not resumed from.
  cut(16_384);
  growTo(20_000, true);
  assert.deepEqual(draw(), fresh());
  // Another window starts afresh.
  assert.deepEqual(draw(90_000_000), fresh(90_000_000));
});
