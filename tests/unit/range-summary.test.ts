import { test } from 'node:test';
import assert from 'node:assert/strict';
import { summarizeRange } from '../../shared/folds/range-summary.ts';
import { summarize } from '../../shared/folds/summary.ts';
import { findPreset } from '../../shared/scenario/presets.ts';
import type { LifelineEvent } from '../../shared/log/events.ts';
import { runFast } from '../helpers/run.ts';

const log: LifelineEvent[] = [
  { t: 0, kind: 'run.start', scenario: 's', mode: 'fast', seed: 1, natIdleTimeoutSec: 300, durationSec: 100, wallClock: '' },
  { t: 0, kind: 'lifecycle', state: 'active', reason: 'launch' },
  { t: 0, kind: 'nat', op: 'created', mapping: 1 },
  { t: 0, kind: 'conn', op: 'open', conn: 1 },
  { t: 0, kind: 'server', op: 'hello', client: 1 },
  { t: 10_000, kind: 'lifecycle', state: 'suspended', reason: 'background' },
  { t: 20_000, kind: 'push', op: 'sent', id: 1 },
  { t: 20_000, kind: 'push', op: 'delivered', id: 1 },
  { t: 40_000, kind: 'nat', op: 'expired', mapping: 1, reason: 'idle' },
  { t: 50_000, kind: 'push', op: 'sent', id: 2 },
  { t: 70_000, kind: 'lifecycle', state: 'woken', reason: 'voip-close' },
  { t: 70_000, kind: 'conn', op: 'closed', conn: 1, cause: 'reset' },
  { t: 100_000, kind: 'run.end', wallMs: 5 },
];

test('dead time in a range is the part of the dead stretch (40 s → 70 s) inside it', () => {
  assert.equal(summarizeRange(log, 50_000, 100_000).deadSec, 20);
  assert.equal(summarizeRange(log, 0, 45_000).deadSec, 5);
  assert.equal(summarizeRange(log, 45_000, 60_000).deadSec, 15);
  assert.equal(summarizeRange(log, 0, 30_000).deadSec, 0);
});

test('counts are the events in [from, to): expiries, disconnects, wakeups, pushes', () => {
  const r = summarizeRange(log, 30_000, 70_000);
  assert.equal(r.natExpiries, 1);
  assert.equal(r.disconnects, 1, 'the path broke at the expiry (40 s), as the summary counts it');
  assert.equal(r.wakeups, 0);
  assert.deepEqual(r.pushes, { sent: 1, delivered: 0, lost: 1, blocked: 0 });
  const late = summarizeRange(log, 70_000, 100_000);
  assert.equal(late.wakeups, 1);
  assert.equal(late.natExpiries, 0);
  const early = summarizeRange(log, 0, 30_000);
  assert.deepEqual(early.pushes, { sent: 1, delivered: 1, lost: 0, blocked: 0 });
});

test('time in each lifecycle state is cut to the range; a range past the run is cut to its ends', () => {
  assert.deepEqual(summarizeRange(log, 5_000, 80_000).lifecycleSec, { active: 5, suspended: 60, woken: 10 });
  const r = summarizeRange(log, -50_000, 500_000);
  assert.equal(r.fromMs, 0);
  assert.equal(r.toMs, 100_000);
  assert.equal(r.deadSec, summarize(log).deadSec);
  assert.deepEqual(summarizeRange(log, 80_000, 10_000), summarizeRange(log, 10_000, 80_000), 'a range dragged right to left is the same range');
});

test('on a real run, the whole range is the summary, and ranges that tile the run add up to it', async () => {
  const { events } = await runFast(findPreset('server-heartbeat-over-nat')!);
  const whole = summarize(events);
  assert.ok(whole.deadSec > 0 && whole.natExpiries > 0, 'the preset has dead time and expiries to split');
  const end = events[events.length - 1]!.t;
  const all = summarizeRange(events, 0, end + 1);
  assert.equal(all.deadSec, whole.deadSec);
  assert.equal(all.natExpiries, whole.natExpiries);
  assert.equal(all.disconnects, whole.disconnects);
  assert.deepEqual(all.pushes, { sent: whole.pushes.sent, delivered: whole.pushes.delivered, lost: whole.pushes.lost, blocked: whole.pushes.blocked });
  assert.ok(Math.abs(all.energy.joules - whole.energy.joules) < 0.02, `${all.energy.joules} vs ${whole.energy.joules}`);
  // The whole run's range at a day's rate is the Radio energy card's J/day.
  assert.ok(Math.abs(all.energy.joulesPerDay - whole.energy.joulesPerDay) <= whole.energy.joulesPerDay * 1e-3, `${all.energy.joulesPerDay} vs ${whole.energy.joulesPerDay} J/day`);
  // Cut where nothing lines up with an event: a dead stretch and the radio's tails are split.
  const cuts = [0, end * 0.23 + 7, end * 0.5 + 13, end * 0.81 + 3, end + 1].map(Math.round);
  const parts = cuts.slice(1).map((to, i) => summarizeRange(events, cuts[i]!, to));
  const sum = (f: (r: (typeof parts)[number]) => number) => parts.reduce((s, r) => s + f(r), 0);
  assert.ok(Math.abs(sum((r) => r.deadSec) - whole.deadSec) < 0.01, `dead ${sum((r) => r.deadSec)} vs ${whole.deadSec}`);
  assert.equal(sum((r) => r.natExpiries), whole.natExpiries);
  assert.equal(sum((r) => r.disconnects), whole.disconnects);
  assert.equal(sum((r) => r.pushes.sent), whole.pushes.sent);
  assert.ok(Math.abs(sum((r) => r.energy.joules) - whole.energy.joules) < 0.05, `energy ${sum((r) => r.energy.joules)} vs ${whole.energy.joules}`);
  assert.ok(Math.abs(sum((r) => r.energy.radioOnSec) - whole.energy.radioOnSec) < 0.05);
  const radioSec = sum((r) => Object.values(r.radioSec).reduce((s, x) => s + x, 0));
  assert.ok(Math.abs(radioSec - end / 1000) < 0.05, `radio states cover the run: ${radioSec} s of ${end / 1000} s`);
});

test("a short range's energy per day is scaled from unrounded joules: two minutes of one steady cadence read alike", async () => {
  // A 30 s heartbeat on LTE repeats every 30 s: any 60 s of its steady part cost the same. Scaled
  // from joules rounded to the hundredth, two such minutes differed by up to ±14 J/day each.
  const { events } = await runFast(findPreset('lte-heartbeat-30s')!);
  const rates = [1_200_000, 1_230_000, 1_800_000, 2_400_000].map((from) => summarizeRange(events, from + 7_001, from + 67_001).energy.joulesPerDay);
  for (const r of rates) assert.ok(Math.abs(r - rates[0]!) < 0.5, `rates per day of equal minutes: ${rates.join(', ')}`);
});
