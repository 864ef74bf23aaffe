// The Mars rules that a real-socket run cannot reach cheaply (a week of beats, twenty networks, a
// late timer), on the policy itself. FACTS: Heartbeat designs worth modelling — Tencent Mars.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MarsPolicy, MARS } from '../../electron/engine/policy/mars-policy.ts';
import type { PolicyContext } from '../../electron/engine/policy/heartbeat-policy.ts';

const DAY = 86_400_000;
const at = (now: number, network = 'wifi_home'): PolicyContext => ({ now, inactive: true, foreground: false, foregroundChangedAt: 0, network });

/** Connects and passes the warm-up, then reports results; returns the ops noted. */
function drive(p: MarsPolicy, ctx: PolicyContext, results: boolean[]): string[] {
  const ops: string[] = [];
  for (const ok of results) for (const n of p.result(ok, ctx)) ops.push(`${n.op}:${n.intervalSec}`);
  return ops;
}

function settledAt250(): MarsPolicy {
  const p = new MarsPolicy(true);
  p.connected(at(0));
  drive(p, at(0), [true, true, true, true, true, true, true, true]); // warm-up 3 + 5 counted → 270
  drive(p, at(0), [true, true, true, true, true, true]); // 6 at 270 → 330
  assert.deepEqual(drive(p, at(0), [false, false]), ['back-off:250']);
  return p;
}

test('FACTS Mars: 2 failures while probing go back 80 s and mark stable', () => {
  const p = settledAt250();
  assert.equal(p.intervalSec(at(1)), 250);
});

test('FACTS Mars: 2 failures when stable reset to 210 s and probe again', () => {
  const p = settledAt250();
  assert.deepEqual(drive(p, at(DAY), [false]), []);
  assert.deepEqual(drive(p, at(DAY), [false]), ['reset:210']);
  assert.equal(p.intervalSec(at(DAY)), 210);
  // Probing again: the first success after the change is not counted, then 5 → 270.
  assert.deepEqual(drive(p, at(DAY), [true, true, true, true, true, true]), ['step:270']);
});

test('FACTS Mars: a stable value is re-probed +20 s after 7 days, and probing goes on from there', () => {
  const p = settledAt250();
  assert.deepEqual(drive(p, at(6 * DAY), [true, true]), []);
  assert.deepEqual(drive(p, at(7 * DAY + 1), [true]), ['re-probe:270']);
  // No longer stable: the usual 6 beats step it up again, and 2 failures back it off.
  assert.deepEqual(drive(p, at(7 * DAY + 2), [true, true, true, true, true, true]), ['step:330']);
  assert.deepEqual(drive(p, at(7 * DAY + 3), [false, false]), ['back-off:250']);
});

test('FACTS Mars: 570 → 580 is a probe; 580 is stable only after 5 more counted successes, and is never re-probed', () => {
  const p = new MarsPolicy(true);
  p.connected(at(0));
  drive(p, at(0), Array<boolean>(8).fill(true)); // → 270
  for (const next of [330, 390, 450, 510, 570, 580]) assert.deepEqual(drive(p, at(0), Array<boolean>(6).fill(true)), [`step:${next}`]);
  assert.deepEqual(drive(p, at(0), Array<boolean>(5).fill(true)), [], 'the first success at 580 is not counted, then 4');
  assert.deepEqual(drive(p, at(0), [true]), ['stable:580']);
  assert.deepEqual(drive(p, at(30 * DAY), [true, true]), [], 'nothing above 580 to probe');
});

test('FACTS Mars: on a 575 s NAT the 580 probe fails twice and Mars settles at 500 s', () => {
  const p = new MarsPolicy(true);
  p.connected(at(0));
  drive(p, at(0), Array<boolean>(8).fill(true));
  for (let i = 0; i < 6; i++) drive(p, at(0), Array<boolean>(6).fill(true)); // … 570 → 580
  assert.equal(p.intervalSec(at(0)), 580);
  assert.deepEqual(drive(p, at(0), [false, false]), ['back-off:500']);
});

test('FACTS Mars: failures at the 210 s floor change nothing', () => {
  const p = new MarsPolicy(true);
  p.connected(at(0));
  drive(p, at(0), [true, true, true]);
  assert.deepEqual(drive(p, at(0), [false, false, false]), []);
  assert.equal(p.intervalSec(at(0)), 210);
});

test('FACTS Mars: state per network label, at most 20 kept (the least recently used is forgotten)', () => {
  const p = settledAt250();
  p.connected(at(0, 'mobile_carrier'));
  drive(p, at(0, 'mobile_carrier'), [true, true, true]);
  assert.equal(p.intervalSec(at(0, 'mobile_carrier')), 210, 'a new network starts at the floor');
  assert.equal(p.intervalSec(at(0)), 250, 'the home network keeps its value');
  for (let i = 0; i < MARS.maxNetworks; i++) p.intervalSec(at(0, `wifi_${i}`));
  assert.equal(p.intervalSec(at(0)), 210, 'twenty newer networks pushed it out');
});

test('FACTS Mars: success is a reply within 8 s, 5 s if the timer fired 15 min or more late', () => {
  const p = new MarsPolicy(true);
  assert.equal(p.replyTimeoutSec(0), 8);
  assert.equal(p.replyTimeoutSec(899), 8);
  assert.equal(p.replyTimeoutSec(900), 5);
});

test('FACTS Mars reconnect backoff: inactive, the index steps before use; each wait runs from the start of the last attempt', () => {
  const p = new MarsPolicy(true);
  // Breaks 4.5 s after each attempt began; Mars looks 0.5 s later, so 5 s have passed.
  const waits = [4.5, 4.5, 4.5, 4.5, 4.5, 4.5, 4.5].map((since) => p.reconnectDelaySec(since, at(0), false));
  assert.deepEqual(waits, [55.5, 115.5, 235.5, 355.5, 475.5, 595.5, 595.5]);
  // A connection that lived 300 s: the wait is what is left of the interval (nothing, here).
  assert.equal(p.reconnectDelaySec(299.5, at(0), false), 0.5 + 600 - 300);
  // A break 10 min or more after the attempt began steps the index down one, not to 0.
  assert.equal(p.reconnectDelaySec(700, at(0), false), 0.5);
  assert.equal(p.reconnectDelaySec(4.5, at(0), false), 595.5, 'down to 480 s, then up to 600 s again');
});

test('FACTS Mars reconnect backoff: while active, the active-phase interval from the start of the last attempt; the index goes back to 0', () => {
  const p = new MarsPolicy(true, () => 0.5);
  const active = (now: number, foreground: boolean, changedAt: number): PolicyContext => ({ now, inactive: false, foreground, foregroundChangedAt: changedAt, network: 'wifi_home' });
  assert.equal(p.reconnectDelaySec(4.5, active(30_000, true, 0), false), 0.5 + 15 - 5, 'first minute in the foreground: 15 s');
  assert.equal(p.reconnectDelaySec(4.5, active(120_000, true, 0), false), 0.5 + 30 - 5, 'first 10 min: 30 s');
  assert.equal(p.reconnectDelaySec(4.5, active(900_000, true, 0), false), 0.5 + 120 + 10 - 5, 'later: 120 s plus 0–19 s');
  assert.equal(p.reconnectDelaySec(4.5, active(900_000, false, 600_000), false), 0.5 + 300 - 5, 'in the background, still active: 300 s');
  assert.equal(p.reconnectDelaySec(400, active(900_000, false, 600_000), false), 0.5, 'the attempt began long enough ago');
  assert.equal(p.reconnectDelaySec(4.5, at(0), false), 55.5, 'inactive again: the index starts over at 1');
  assert.equal(new MarsPolicy(false).reconnectDelaySec(4.5, at(0), false), 0.5 + 300 - 5, 'on iOS the process is never inactive');
});

test('FACTS Mars reconnect backoff: after a network change it reconnects at once and the index starts over', () => {
  const p = new MarsPolicy(true);
  p.reconnectDelaySec(4.5, at(0), false);
  p.reconnectDelaySec(4.5, at(0), false);
  assert.equal(p.reconnectDelaySec(4.5, at(0), true), 0);
  assert.equal(p.reconnectDelaySec(4.5, at(0), false), 55.5);
});
