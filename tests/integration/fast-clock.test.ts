// The fast clock jumps only when the ledger is idle, and never waits forever.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FastClock } from '../../electron/engine/clock/fast-clock.ts';
import { RealtimeClock } from '../../electron/engine/clock/realtime-clock.ts';
import { Simulation } from '../../electron/engine/simulation.ts';
import { scenario } from '../helpers/run.ts';

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

/** Interval and timeout handles alive in this process: a leaked watchdog is one of them. */
const liveTimers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

for (const [name, make] of [
  ['fast', () => new FastClock(() => false)],
  ['realtime', () => new RealtimeClock(60)],
] as const) {
  test(`a ${name} clock stopped before it runs leaves no watchdog behind (the process can exit)`, async () => {
    const before = liveTimers();
    const clock = make();
    clock.stop();
    await clock.run(60_000);
    const after = liveTimers();
    clock.stop(); // clears a leaked watchdog, so a failure here does not also hang the test process
    assert.equal(after, before, 'a timer of the stopped clock is still alive');
  });
}

test('a run stopped while its sockets are being set up leaks nothing that keeps the process alive', async () => {
  const before = liveTimers();
  const sim = new Simulation(scenario({ durationSec: 600 }), { mode: 'fast' });
  const done = sim.run();
  sim.stop(); // Ctrl-C, or the window closed, before the clock started
  await done;
  const after = liveTimers();
  sim.clock.stop(); // clears a leaked watchdog, so a failure here does not also hang the test process
  assert.equal(after, before, 'the stopped run left a timer alive');
});
