// The rule per push path (shared/folds/reachability.ts) on hand-written logs: what each path's
// figures count, what the app socket's learn times are, and the silent budget freeing up between
// events. The engine is checked against the same rule in tests/integration/reachability.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { summarize } from '../../shared/folds/summary.ts';
import { summarizeRange } from '../../shared/folds/range-summary.ts';
import { Folds } from '../../shared/player/folds.ts';
import { laneDrawing } from '../../shared/view/lane-rects.ts';
import { eventProblem } from '../../shared/log/event-check.ts';
import type { LifelineEvent, PushRoute } from '../../shared/log/events.ts';

type Start = Extract<LifelineEvent, { kind: 'run.start' }>;
const start = (o: Partial<Start> = {}): LifelineEvent => ({ t: 0, kind: 'run.start', scenario: 's', mode: 'fast', seed: 1, natIdleTimeoutSec: 300, durationSec: 1000, wallClock: '', ...o });
const end = (t: number): LifelineEvent => ({ t, kind: 'run.end', wallMs: 1 });
/** The app's socket, up end to end at t = 0. */
const socketUp: LifelineEvent[] = [
  { t: 0, kind: 'nat', op: 'created', mapping: 1 },
  { t: 0, kind: 'conn', op: 'open', conn: 1 },
  { t: 0, kind: 'server', op: 'hello', client: 1 },
];
/** The push service's two connections, up at t = 0 (`local`: the Local Push server's). */
const service = (local = false): LifelineEvent[] => [
  { t: 0, kind: 'push.service', op: 'listening', ...(local ? { local: true as const } : {}) },
  { t: 0, kind: 'push.service', op: 'connected', who: 'device', ...(local ? { local: true as const } : {}) },
];
const reclaimAt = (t: number): LifelineEvent[] => [
  { t, kind: 'lifecycle', state: 'suspended', reason: 'no background task' },
  { t, kind: 'socket.defunct', conn: 1 },
  { t, kind: 'nat', op: 'closed', mapping: 1, side: 'device' },
  { t, kind: 'server', op: 'closed', client: 1 },
];

test('a session recorded before run.start named the path reads as the app socket; run.start checks the new fields', () => {
  const s = summarize([start(), ...socketUp, ...reclaimAt(400_000), end(1_000_000)]);
  assert.equal(s.pushVia, 'socket');
  assert.deepEqual([s.connectedRatio, s.deadSec, s.disconnects], [0.4, 600, 1]);
  assert.deepEqual([s.appSocket.connectedRatio, s.appSocket.deadSec, s.appSocket.disconnects], [0.4, 600, 1]);
  assert.equal(eventProblem({ ...start(), pushVia: 'pigeon' }), 'pushVia: expected one of socket, pushkit, silent, local-push, got "pigeon"');
  assert.equal(eventProblem({ ...start(), pushFallback: 'sms' }), 'pushFallback: expected one of pushkit, got "sms"');
  assert.equal(eventProblem({ ...start(), pushVia: 'silent', silentPushesPerHour: 3 }), null);
});

test('PushKit: the app socket dying is not the push path; the CallKit block is dead time and a break', () => {
  const s = summarize([
    start({ pushVia: 'pushkit' }),
    ...service(),
    ...socketUp,
    ...reclaimAt(100_000),
    { t: 600_000, kind: 'push.system', op: 'unreported', type: 'voip', id: 4, reason: 'killed', blocks: true },
    end(1_000_000),
  ]);
  assert.equal(s.pushVia, 'pushkit');
  assert.deepEqual([s.connectedRatio, s.deadSec, s.disconnects], [0.6, 400, 1]);
  assert.deepEqual([s.appSocket.connectedRatio, s.appSocket.deadSec, s.appSocket.disconnects], [0.1, 900, 1]);
  // The system's connection to the service closing is a break the server does not hear of: dead.
  const lost = summarize([start({ pushVia: 'pushkit' }), ...service(), { t: 250_000, kind: 'push.service', op: 'closed', who: 'device' }, end(1_000_000)]);
  assert.deepEqual([lost.connectedRatio, lost.deadSec, lost.disconnects], [0.25, 750, 1]);
});

test('Local Push: the provider stopping is a known break (no dead time); with the PushKit fallback the path holds', () => {
  const events = (via: PushRoute, fallback: boolean): LifelineEvent[] => [
    start({ pushVia: via, ...(fallback ? { pushFallback: 'pushkit' as const } : {}) }),
    ...(fallback ? service() : []),
    ...service(true),
    { t: 300_000, kind: 'local-push', op: 'stop', network: 'car-park', reason: 'noNetworkAvailable' },
    { t: 300_000, kind: 'push.service', op: 'closed', who: 'device', local: true, reason: 'FIN' },
    { t: 500_000, kind: 'local-push', op: 'start', network: 'ward', reason: 'joined' },
    { t: 500_000, kind: 'push.service', op: 'connected', who: 'device', local: true },
    end(1_000_000),
  ];
  const alone = summarize(events('local-push', false));
  assert.deepEqual([alone.connectedRatio, alone.deadSec, alone.disconnects], [0.8, 0, 1]);
  const backed = summarize(events('local-push', true));
  assert.deepEqual([backed.connectedRatio, backed.deadSec, backed.disconnects], [1, 0, 0]);
});

test('silent pushes: over the budget the path is dead until the oldest delivery is an hour old, with no event there', () => {
  const HOUR = 3_600_000;
  const delivered = (t: number, id: number): LifelineEvent => ({ t, kind: 'push.system', op: 'received', type: 'silent', id });
  const events: LifelineEvent[] = [
    start({ pushVia: 'silent', silentPushesPerHour: 2, durationSec: 2 * 3600 }),
    ...service(),
    delivered(600_000, 1),
    delivered(1_200_000, 2),
    // Nothing happens at 600 000 + 1 h, where the first delivery stops counting.
    end(2 * HOUR),
  ];
  const folds = new Folds().pushAll(events);
  const s = folds.summary.result();
  assert.equal(s.deadSec, (600_000 + HOUR - 1_200_000) / 1000);
  assert.equal(s.connectedRatio, Math.round(((2 * HOUR - (HOUR - 600_000)) / (2 * HOUR)) * 10_000) / 10_000);
  const lasting = folds.series.connection.filter((g) => g.to !== g.from);
  assert.deepEqual(lasting.map((g) => [g.from, g.state]), [[0, 'connected'], [1_200_000, 'dead'], [600_000 + HOUR, 'connected']]);
  // A held push waits for the budget too; the user's force-quit of an app not running blocks it.
  const held = summarize([...events.slice(0, 5), { t: 1_300_000, kind: 'push.system', op: 'delayed', type: 'silent', id: 3 }, delivered(600_000 + HOUR, 3), end(2 * HOUR)]);
  assert.equal(held.deadSec, HOUR / 1000, 'dead from the second delivery until it is an hour old: the held push took the room the first one left');
  const quit = summarize([
    start({ pushVia: 'silent', silentPushesPerHour: 2 }),
    ...service(),
    { t: 0, kind: 'lifecycle', state: 'active', reason: 'launch' },
    { t: 100_000, kind: 'lifecycle', state: 'terminated', reason: 'killed by the user' },
    { t: 400_000, kind: 'lifecycle', state: 'active', reason: 'foreground' },
    end(1_000_000),
  ]);
  assert.deepEqual([quit.connectedRatio, quit.deadSec, quit.disconnects], [0.7, 300, 0]);
});

test('how long the app took to learn of each break of its socket; a break never learned is pending', () => {
  const s = summarize([
    start(),
    ...socketUp,
    // The mapping expires at 100 s; the app hears at 130 s.
    { t: 100_000, kind: 'nat', op: 'expired', mapping: 1, reason: 'idle' },
    { t: 130_000, kind: 'conn', op: 'closed', conn: 1, cause: 'reset' },
    { t: 132_000, kind: 'nat', op: 'created', mapping: 2 },
    { t: 132_000, kind: 'conn', op: 'open', conn: 2 },
    { t: 132_000, kind: 'server', op: 'hello', client: 2 },
    // The server drops the client at 200 s; the app hears at 290 s.
    { t: 200_000, kind: 'server', op: 'dead', client: 2 },
    { t: 290_000, kind: 'conn', op: 'closed', conn: 2, cause: 'closed' },
    { t: 300_000, kind: 'nat', op: 'created', mapping: 3 },
    { t: 300_000, kind: 'conn', op: 'open', conn: 3 },
    { t: 300_000, kind: 'server', op: 'hello', client: 3 },
    // The app closes a working connection itself: nothing to learn.
    { t: 400_000, kind: 'lifecycle', state: 'terminated', reason: 'memory pressure (jetsam)' },
    { t: 400_000, kind: 'conn', op: 'closed', conn: 3, cause: 'terminated' },
    { t: 500_000, kind: 'nat', op: 'created', mapping: 4 },
    { t: 500_000, kind: 'conn', op: 'open', conn: 4 },
    { t: 500_000, kind: 'server', op: 'hello', client: 4 },
    // Reclaimed at 600 s, and the run ends before the app runs again.
    ...reclaimAt(600_000).map((e) => (e.kind === 'socket.defunct' ? { ...e, conn: 4 } : e.kind === 'nat' ? { ...e, mapping: 4 } : e.kind === 'server' ? { ...e, client: 4 } : e)),
    end(1_000_000),
  ]);
  assert.deepEqual(s.appSocket.learnSec, { count: 2, median: 60, max: 90, pending: 1 });
  assert.equal(s.appSocket.disconnects, 4);
});

test('the summary at a cursor between events counts time up to the cursor (the NAT expired, nothing since), and leaves the fold as it was', () => {
  const HOUR = 3_600_000;
  const expired: LifelineEvent = { t: 120_000, kind: 'nat', op: 'expired', mapping: 1, reason: 'idle' };
  const folds = new Folds().pushAll([start(), ...socketUp, expired]);
  const before = folds.summary.result();
  assert.deepEqual([before.deadSec, before.connectedRatio], [0, 1], 'at its last event the path has just died');
  const at = folds.summary.result(150_000);
  assert.deepEqual([at.deadSec, at.connectedRatio, at.simulatedSec], [30, 0.8, 150], 'at the cursor, 30 s later: 30 s dead');
  assert.deepEqual([at.appSocket.deadSec, at.appSocket.connectedRatio], [30, 0.8]);
  assert.equal(at.deadSec, summarizeRange([start(), ...socketUp, expired, end(1_000_000)], 0, 150_000).deadSec, 'the range summary to the cursor says the same');
  assert.deepEqual(folds.summary.result(), before, 'reading at a cursor changes nothing');
  assert.equal(folds.summary.result(100_000).deadSec, 0, 'a cursor before the last event reads the fold as it is');

  // The silent budget frees up between the last event and the cursor: connected from there on, as
  // the next event would have found it.
  const delivered = (t: number, id: number): LifelineEvent => ({ t, kind: 'push.system', op: 'received', type: 'silent', id });
  const silent = new Folds().pushAll([start({ pushVia: 'silent', silentPushesPerHour: 2, durationSec: 2 * 3600 }), ...service(), delivered(600_000, 1), delivered(1_200_000, 2)]);
  const cursor = 600_000 + HOUR + 60_000;
  assert.equal(silent.summary.result(cursor).deadSec, (600_000 + HOUR - 1_200_000) / 1000);
  assert.equal(silent.summary.result(cursor).connectedRatio, Math.round(((cursor - (HOUR - 600_000)) / cursor) * 10_000) / 10_000);
  assert.equal(silent.summary.result(cursor).deadSec, summarizeRange([...silent.events, end(2 * HOUR)], 0, cursor).deadSec);
  // The connection lane says the same at the cursor: dead until the budget frees up, then connected,
  // with no event there (one column a second).
  const lane = laneDrawing(silent.series.connection, 0, cursor, cursor, cursor / 1000, silent.summary.reach.projected(cursor));
  assert.deepEqual(
    lane.rects.slice(-2).map((r) => [r.state, r.x, r.x + r.w]),
    [
      ['dead', 1_200, (600_000 + HOUR) / 1000],
      ['connected', (600_000 + HOUR) / 1000, cursor / 1000],
    ],
  );
});

test('no time passes after run.end: a cursor past the end reads the run as it ended', () => {
  const expired: LifelineEvent = { t: 120_000, kind: 'nat', op: 'expired', mapping: 1, reason: 'idle' };
  const folds = new Folds().pushAll([start(), ...socketUp, expired, end(200_000)]);
  assert.deepEqual(folds.summary.result(200_000.4), folds.summary.result());
  assert.equal(folds.summary.result().deadSec, 80);
});
