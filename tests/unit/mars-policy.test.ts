// The Mars rules that a real-socket run cannot reach cheaply (a week of beats, twenty networks, a
// late timer), on the policy itself. FACTS: Heartbeat designs worth modelling — Tencent Mars.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MarsPolicy, MARS } from '../../electron/engine/policy/mars-policy.ts';
import type { PolicyContext } from '../../electron/engine/policy/heartbeat-policy.ts';

const DAY = 86_400_000;
const at = (now: number, network = 'wifi_home'): PolicyContext => ({ now, inactive: true, network });

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

test('FACTS Mars: a stable value is re-probed +20 s after 7 days', () => {
  const p = settledAt250();
  assert.deepEqual(drive(p, at(6 * DAY), [true, true]), []);
  assert.deepEqual(drive(p, at(7 * DAY + 1), [true]), ['re-probe:270']);
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

test('FACTS Mars: reconnect waits step up only after a connection that lived under 10 min', () => {
  const p = new MarsPolicy(true);
  const waits = [5, 5, 5, 700, 5, 5].map((lived) => p.reconnectDelaySec(lived, at(0)));
  assert.deepEqual(waits, [0, 60, 120, 0, 0, 60]);
  assert.equal(p.reconnectDelaySec(5, { ...at(0), inactive: false }), null, 'in the foreground the app reconnects as it always does');
});
