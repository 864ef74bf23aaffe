import { test } from 'node:test';
import assert from 'node:assert/strict';
import { summarize } from '../../shared/folds/summary.ts';
import type { LifelineEvent } from '../../shared/log/events.ts';

const start: LifelineEvent = { t: 0, kind: 'run.start', scenario: 's', mode: 'fast', seed: 1, natIdleTimeoutSec: 300, durationSec: 100, wallClock: '' };
const up: LifelineEvent[] = [
  start,
  { t: 0, kind: 'nat', op: 'created', mapping: 1 },
  { t: 0, kind: 'conn', op: 'open', conn: 1 },
  { t: 0, kind: 'server', op: 'hello', client: 1 },
];

test('deadSec counts time the app believed in a path that was dead; connectedRatio the time it worked', () => {
  const s = summarize([
    ...up,
    { t: 40_000, kind: 'nat', op: 'expired', mapping: 1, reason: 'idle' },
    { t: 70_000, kind: 'conn', op: 'closed', conn: 1, cause: 'reset' },
    { t: 100_000, kind: 'run.end', wallMs: 5 },
  ]);
  assert.equal(s.deadSec, 30);
  assert.equal(s.connectedRatio, 0.4);
  assert.equal(s.natExpiries, 1);
  assert.equal(s.disconnects, 1, 'expiry then reset is one connection ending once');
  assert.equal(s.simulatedSec, 100);
  assert.equal(s.wallMs, 5);
});

test('a defunct socket, then the server noticing, then the app noticing: one disconnect', () => {
  const s = summarize([
    ...up,
    { t: 10_000, kind: 'socket.defunct', conn: 1 },
    { t: 10_000, kind: 'nat', op: 'closed', mapping: 1, side: 'device' },
    { t: 10_000, kind: 'server', op: 'closed', client: 1 },
    { t: 50_000, kind: 'conn', op: 'closed', conn: 1, cause: 'defunct', errno: 'EBADF' },
    { t: 60_000, kind: 'run.end', wallMs: 1 },
  ]);
  assert.equal(s.disconnects, 1);
  assert.equal(s.deadSec, 40);
});

test('events of an older mapping or client do not touch the current path', () => {
  const s = summarize([
    ...up,
    { t: 5_000, kind: 'nat', op: 'created', mapping: 2 },
    { t: 5_000, kind: 'conn', op: 'open', conn: 2 },
    { t: 5_000, kind: 'server', op: 'hello', client: 2 },
    { t: 6_000, kind: 'server', op: 'dead', client: 1 },
    { t: 6_000, kind: 'nat', op: 'expired', mapping: 1, reason: 'idle' },
    { t: 10_000, kind: 'run.end', wallMs: 1 },
  ]);
  assert.equal(s.connectedRatio, 1);
  assert.equal(s.natExpiries, 0, 'expiry of an old, already replaced mapping is not counted');
});

test('counters: wakeups, terminations, heartbeats by source, pushes and bytes', () => {
  const s = summarize([
    ...up,
    { t: 1, kind: 'lifecycle', state: 'woken', reason: 'voip-data' },
    { t: 2, kind: 'lifecycle', state: 'woken', reason: 'keepalive' },
    { t: 3, kind: 'lifecycle', state: 'terminated', reason: 'x' },
    { t: 3, kind: 'heartbeat', source: 'client', seq: 1 },
    { t: 3, kind: 'heartbeat', source: 'server', seq: 1 },
    { t: 3, kind: 'heartbeat', source: 'keepalive', seq: 2 },
    { t: 4, kind: 'push', op: 'sent', id: 1 },
    { t: 4, kind: 'push', op: 'sent', id: 2 },
    { t: 4, kind: 'push', op: 'delivered', id: 1 },
    { t: 4, kind: 'frame', side: 'device', dir: 'send', verb: 'PING', line: 'PING 1', bytes: 7 },
    { t: 4, kind: 'frame', side: 'server', dir: 'send', verb: 'PONG', line: 'PONG 1', bytes: 7 },
    { t: 4, kind: 'frame', side: 'server', dir: 'recv', verb: 'PING', line: 'PING 1', bytes: 7 },
  ]);
  assert.equal(s.wakeups, 2);
  assert.equal(s.terminations, 1);
  assert.deepEqual(s.heartbeats, { client: 1, server: 1, keepaliveHandler: 1 });
  assert.deepEqual(s.pushes, { sent: 2, delivered: 1, lost: 1, blocked: 0, delayed: 0 });
  assert.deepEqual(s.bytes, { up: 7, down: 7 });
});
