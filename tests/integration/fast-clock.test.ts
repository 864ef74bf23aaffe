// The fast clock jumps only when the ledger is idle, and never waits forever.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FastClock } from '../../electron/engine/clock/fast-clock.ts';

test('same-time timers fire in the order they were set; time jumps between them', async () => {
  const clock = new FastClock(() => false);
  const seen: [number, string][] = [];
  clock.after(5000, () => seen.push([clock.now(), 'b']));
  clock.after(1000, () => {
    seen.push([clock.now(), 'a']);
    clock.after(4000, () => seen.push([clock.now(), 'c']));
  });
  clock.after(9000, () => seen.push([clock.now(), 'never']));
  await clock.run(6000);
  assert.deepEqual(seen, [[1000, 'a'], [5000, 'b'], [5000, 'c']]);
  assert.equal(clock.now(), 6000);
});

test('a system that stays busy is reported as stalled instead of hanging', async () => {
  const clock = new FastClock(() => true, () => 'port 1234 client: 7 unread bytes', 200);
  clock.after(1000, () => {});
  const t0 = Date.now();
  await clock.run(60_000);
  assert.ok(Date.now() - t0 < 5000);
  assert.match(clock.stalled ?? '', /stalled at t=0 ms .* waiting for: port 1234 client: 7 unread bytes/);
});
