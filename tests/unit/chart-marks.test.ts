// What each chart mark says (shared/folds/series.ts, shared/view/chart-view.ts markerPaint,
// shared/view/mark-text.ts): filled when it arrived, hollow when it never did, on the line of its
// own connection, in the band with none, and the server giving up has a mark of its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LifelineEvent } from '../../shared/log/events.ts';
import type { Marker } from '../../shared/folds/series.ts';
import { MARKERS, markerPaint } from '../../shared/view/chart-view.ts';
import { markText } from '../../shared/view/mark-text.ts';
import { foldChart } from '../helpers/chart.ts';

const start: LifelineEvent = { t: 0, kind: 'run.start', scenario: 'marks', mode: 'fast', seed: 1, natIdleTimeoutSec: 300, durationSec: 3600, wallClock: 'w' };
const connect = (t: number, c: number): LifelineEvent[] => [
  { t, kind: 'conn', op: 'connecting', conn: c },
  { t, kind: 'nat', op: 'created', mapping: c },
  { t, kind: 'conn', op: 'open', conn: c },
  { t, kind: 'nat', op: 'forward', mapping: c, dir: 'up', verb: 'HELLO', refreshed: true },
  { t, kind: 'server', op: 'hello', client: c },
];
const serverPing = (t: number, seq: number, mapping: number, passed: boolean): LifelineEvent[] => [
  { t, kind: 'heartbeat', source: 'server', seq, intervalSec: 120 },
  passed ? { t, kind: 'nat', op: 'forward', mapping, dir: 'down', verb: 'PING', refreshed: true } : { t, kind: 'nat', op: 'drop', mapping, dir: 'down', verb: 'PING' },
];
const PANEL = '#fff';
const of = (ms: Marker[], kind: Marker['kind']) => ms.filter((m) => m.kind === kind);

test('a network change: the server’s PINGs into the wiped mapping are dropped marks of connection 1 in the band, not beats on connection 2’s line; the server giving up is marked', () => {
  const events: LifelineEvent[] = [
    start,
    ...connect(0, 1),
    ...serverPing(120_000, 1, 1, true),
    { t: 900_000, kind: 'action', action: 'network-change', source: 'timeline' },
    { t: 900_000, kind: 'nat', op: 'expired', mapping: 1, reason: 'network-change' },
    { t: 900_000, kind: 'nat', op: 'rst', mapping: 1, side: 'device', reason: 'network change' },
    { t: 900_000, kind: 'conn', op: 'closed', conn: 1, cause: 'reset', errno: 'ECONNRESET' },
    ...connect(902_000, 2),
    ...serverPing(960_000, 8, 1, false),
    ...serverPing(1_022_000, 1, 2, true),
    ...serverPing(1_080_000, 9, 1, false),
    { t: 1_200_000, kind: 'server', op: 'dead', client: 1, reason: '2 PINGs unanswered' },
    { t: 3_600_000, kind: 'run.end', wallMs: 1 },
  ];
  const { series } = foldChart(events);
  const beats = of(series.markers, 'server-heartbeat');
  assert.deepEqual(beats.map((m) => [m.t, m.y, m.conn, m.delivered]), [
    [120_000, 120, 1, true],
    [960_000, null, 1, false],
    [1_022_000, 120, 2, true],
    [1_080_000, null, 1, false],
  ]);
  const dropped = beats[1]!;
  assert.equal(markerPaint(dropped, PANEL).fill, PANEL, 'a dropped PING is hollow');
  assert.equal(markerPaint(beats[2]!, PANEL).fill, MARKERS['server-heartbeat'].color, 'one that passed is filled');
  assert.deepEqual(markText(dropped).facts, ['connection #1', 'its NAT mapping is gone', 'dropped at the NAT: never arrived']);
  const [gaveUp] = of(series.markers, 'server-gave-up');
  assert.deepEqual([gaveUp?.t, gaveUp?.y, gaveUp?.conn, gaveUp?.reason], [1_200_000, null, 1, '2 PINGs unanswered']);
  assert.deepEqual(series.lines.map((l) => [l.t, l.conn]), [[0, 1], [902_000, 2]]);
  assert.equal(series.scenario, 'marks');
});

test('a heartbeat over the NAT timeout: the PING the NAT drops sits on the line past the red line, hollow, and says its mapping had expired', () => {
  const { series } = foldChart([
    start,
    ...connect(0, 1),
    { t: 300_000, kind: 'nat', op: 'expired', mapping: 1, reason: 'idle' },
    ...serverPing(330_000, 1, 1, false),
    { t: 900_000, kind: 'push', op: 'sent', id: 1 },
    { t: 900_000, kind: 'nat', op: 'drop', mapping: 1, dir: 'down', verb: 'PUSH' },
    { t: 990_000, kind: 'server', op: 'dead', client: 1, reason: '2 PINGs unanswered' },
    { t: 3_600_000, kind: 'run.end', wallMs: 1 },
  ]);
  const [beat] = of(series.markers, 'server-heartbeat');
  assert.deepEqual([beat?.y, beat?.delivered, beat?.expired], [330, false, true]);
  assert.deepEqual(markText(beat!), { time: '0:05:30.000', title: 'server heartbeat #1', facts: ['connection #1', 'idle 330 s, after its NAT mapping expired', 'dropped at the NAT: never arrived'] });
  const [push] = of(series.markers, 'push');
  assert.equal(markerPaint(push!, PANEL).fill, PANEL, 'a lost push is hollow');
  // The client it gave up on is the line's own: the mark sits on the line.
  assert.equal(of(series.markers, 'server-gave-up')[0]?.y, 990);
});

test('a client PING into a forgotten mapping gets a reset: dropped; one that passes is delivered', () => {
  const { series } = foldChart([
    start,
    ...connect(0, 1),
    { t: 200_000, kind: 'heartbeat', source: 'client', seq: 1, intervalSec: 200 },
    { t: 200_000, kind: 'nat', op: 'forward', mapping: 1, dir: 'up', verb: 'PING', refreshed: true },
    { t: 500_000, kind: 'nat', op: 'expired', mapping: 1, reason: 'idle' },
    { t: 530_000, kind: 'heartbeat', source: 'client', seq: 2, intervalSec: 330 },
    { t: 530_000, kind: 'nat', op: 'rst', mapping: 1, side: 'device', reason: 'packet for an expired mapping' },
    { t: 600_000, kind: 'run.end', wallMs: 1 },
  ]);
  assert.deepEqual(of(series.markers, 'client-heartbeat').map((m) => [m.delivered, m.y]), [[true, 200], [false, 330]]);
});

test('PushKit: a VoIP push handed to the app is filled though no NAT mapping existed; a blocked one is hollow; the band holds them', () => {
  const { series } = foldChart([
    { ...start, pushVia: 'pushkit' } as LifelineEvent,
    { t: 0, kind: 'push.service', op: 'listening' },
    { t: 0, kind: 'push.service', op: 'connected', who: 'device' },
    { t: 300_000, kind: 'push', op: 'sent', id: 1 },
    { t: 300_000, kind: 'push.system', op: 'received', type: 'voip', id: 1 },
    { t: 300_000, kind: 'push', op: 'delivered', id: 1 },
    { t: 600_000, kind: 'push', op: 'sent', id: 2 },
    { t: 600_000, kind: 'push.system', op: 'blocked', type: 'voip', id: 2, reason: 'VoIP pushes blocked' },
    { t: 900_000, kind: 'run.end', wallMs: 1 },
  ] as LifelineEvent[]);
  const paint = (m: Marker) => markerPaint(m, PANEL).fill === PANEL ? 'hollow' : 'filled';
  assert.deepEqual(series.markers.map((m) => [m.t, m.kind, paint(m), m.y]), [
    [300_000, 'push', 'filled', null],
    [300_000, 'voip-push', 'filled', null],
    [600_000, 'push', 'hollow', null],
    [600_000, 'push-blocked', 'filled', null],
  ]);
  assert.deepEqual(markText(series.markers[0]!).facts, ['not on an app connection', 'delivered']);
});

test('a capture: heartbeats the log shows no NAT hop for are neither delivered nor dropped, drawn filled', () => {
  const { series } = foldChart([start, { t: 0, kind: 'nat', op: 'created', mapping: 1 }, { t: 30_000, kind: 'heartbeat', source: 'client', seq: 1 }, { t: 30_000, kind: 'nat', op: 'forward', mapping: 1, dir: 'up', refreshed: true }]);
  const [m] = series.markers;
  assert.equal(m?.delivered, undefined);
  assert.equal(markerPaint(m!, PANEL).fill, MARKERS['client-heartbeat'].color);
});
