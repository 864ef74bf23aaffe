import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstRound, narrow, narrowEnough, nextRound, recommendedHeartbeatSec, type Bounds, type ProbeOutcome } from '../../shared/model/probe-plan.ts';

const ok = (idleSec: number): ProbeOutcome => ({ idleSec, survived: true, how: 'ok' });
const lost = (idleSec: number, resetAfterSec?: number): ProbeOutcome => ({ idleSec, survived: false, how: resetAfterSec ? 'reset' : 'silent', ...(resetAfterSec ? { resetAfterSec } : {}) });

/** Simulates a path with a NAT timeout of `nat` seconds through the whole plan. */
function converge(nat: number, max: number): { b: Bounds; rounds: number[][] } {
  let b: Bounds = { low: 0, high: null };
  const rounds: number[][] = [];
  for (let idle = firstRound(max); idle.length && rounds.length < 20; idle = nextRound(b)) {
    rounds.push(idle);
    b = narrow(b, idle.map((d) => (d < nat ? ok(d) : lost(d))));
    if (narrowEnough(b)) break;
  }
  return { b, rounds };
}

test('round 1 is a ladder of growing idle periods up to --max', () => {
  assert.deepEqual(firstRound(8), [1, 2, 4, 8]);
  assert.equal(firstRound(3600).at(-1), 3600);
});

test('bisection narrows to max(2 s, 5 % of low) for many NAT timeouts', () => {
  for (const nat of [1.5, 3, 29, 95, 240, 300, 350, 600, 1799]) {
    const { b, rounds } = converge(nat, 1800);
    assert.ok(b.high !== null && b.low < nat && nat <= b.high, `${nat}: ${b.low}…${b.high}`);
    assert.ok(b.high - b.low <= Math.max(2, 0.05 * b.low), `${nat}: ${b.low}…${b.high}`);
    assert.ok(rounds.length <= 8, `${nat}: ${rounds.length} rounds`);
  }
});

test('a path that outlives --max has no upper bound', () => {
  assert.deepEqual(converge(5000, 1800).b, { low: 1800, high: null });
});

test('a reset after r seconds of idleness bounds the timeout by r; a flaky longer survivor does not raise low past high', () => {
  assert.deepEqual(narrow({ low: 0, high: null }, [ok(2), lost(8, 3.1), ok(16)]), { low: 2, high: 3.1 });
});

test('recommended heartbeat: 80 % of what survived; none when nothing did', () => {
  assert.equal(recommendedHeartbeatSec({ low: 300, high: 310 }), 240);
  assert.equal(recommendedHeartbeatSec({ low: 0, high: 1 }), null);
});
