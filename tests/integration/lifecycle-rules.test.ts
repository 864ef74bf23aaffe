// One test per iOS lifecycle rule of docs/model.md, each over real loopback sockets in fast mode.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { all, firstAfter, lifecycle, runFast, scenario } from '../helpers/run.ts';

const bgAt60 = [{ atSec: 60, action: 'background' as const }];

test('FACTS lifecycle: without a background task the app is suspended about 5 s after backgrounding', async () => {
  const r = await runFast(scenario({ durationSec: 120, timeline: bgAt60 }));
  const s = firstAfter(r.events, 'lifecycle', (e) => e.state === 'suspended');
  assert.equal(s?.t, 65_000);
  assert.equal(s?.reason, 'no background task');
});

test('FACTS lifecycle: suspension delay is a setting (model.suspendAfterSec)', async () => {
  const r = await runFast(scenario({ durationSec: 120, timeline: bgAt60, model: { suspendAfterSec: 2 } }));
  assert.equal(firstAfter(r.events, 'lifecycle', (e) => e.state === 'suspended')?.t, 62_000);
});

for (const [ios, budget] of [[5, 600], [9, 180], [13, 30]] as const) {
  test(`FACTS background task: iOS ${ios} gives about ${budget} s, then a task that is ended suspends the app`, async () => {
    const r = await runFast(scenario({ ios, durationSec: 900, timeline: bgAt60, app: { backgroundTask: 'ends-on-expiry' } }));
    assert.deepEqual(all(r.events, 'bgtask').map((e) => [e.t / 1000, e.op, e.budgetSec]), [
      [60, 'begin', budget], [60 + budget, 'expired', budget], [60 + budget, 'end', budget],
    ]);
    const s = firstAfter(r.events, 'lifecycle', (e) => e.state === 'suspended');
    assert.equal(s?.t, (60 + budget) * 1000);
    assert.equal(r.summary.terminations, 0);
  });
}

test("FACTS background task: the seed's snippet never ends its task, so the app is killed at expiry", async () => {
  const r = await runFast(scenario({ ios: 9, durationSec: 600, timeline: bgAt60, app: { backgroundTask: 'seed-snippet' } }));
  const t = firstAfter(r.events, 'lifecycle', (e) => e.state === 'terminated');
  assert.equal(t?.t, 240_000);
  assert.match(t?.reason ?? '', /never ended/);
  assert.equal(r.summary.terminations, 1);
  assert.equal(firstAfter(r.events, 'lifecycle', (e) => e.state === 'suspended'), undefined);
  // The connection dies with the process and nobody believes in it afterwards.
  assert.equal(firstAfter(r.events, 'conn', (e) => e.op === 'closed')?.cause, 'terminated');
  assert.equal(r.summary.deadSec, 0);
});

test('FACTS sockets: a non-VoIP socket is defunct at suspension and the app learns (EBADF) when it next runs', async () => {
  const r = await runFast(scenario({
    durationSec: 400,
    app: { voipSocket: false },
    timeline: [...bgAt60, { atSec: 300, action: 'foreground' }],
  }));
  const d = firstAfter(r.events, 'socket.defunct');
  assert.equal(d?.t, 65_000);
  // The peer sees the connection closed at once...
  assert.equal(firstAfter(r.events, 'server', (e) => e.op === 'closed')?.t, 65_000);
  // ...the app only when it runs again, with sodefunct's EBADF, and then reconnects.
  const seen = firstAfter(r.events, 'conn', (e) => e.op === 'closed');
  assert.deepEqual([seen?.t, seen?.cause, seen?.errno], [300_000, 'defunct', 'EBADF']);
  assert.equal(firstAfter(r.events, 'conn', (e) => e.op === 'open', 300_000 - 1)?.conn, 2);
  assert.equal(r.summary.deadSec, 235);
  assert.equal(r.summary.disconnects, 1);
});

for (const [label, o] of [
  ['without the voip background mode', { app: { voipBackgroundMode: false } }],
  ['without the VoIP stream flag', { app: { voipSocket: false } }],
  ['on iOS 10 for an app built with the iOS 10 SDK (sdk defaults to the iOS version)', { ios: 10 }],
  ['on iOS 13 for an app built with the iOS 12 SDK', { ios: 13, app: { sdk: 12 } }],
] as const) {
  test(`FACTS VoIP: the legacy mode is not honoured ${label}`, async () => {
    const r = await runFast(scenario({ durationSec: 400, timeline: bgAt60, ...o }));
    const d = firstAfter(r.events, 'socket.defunct');
    assert.equal(d?.t, 65_000, 'socket reclaimed at suspension');
    assert.equal(r.summary.wakeups, 0);
    // The log says why, at launch and again when the socket is reclaimed.
    const why = all(r.events, 'socket.policy');
    assert.deepEqual(why.map((e) => [e.t, e.kept]), [[0, false], [65_000, false]]);
    assert.match(why[0]!.reason, /reclaims the socket as soon as the app is suspended/);
  });
}

for (const [label, o] of [
  ['on iOS 13 for an app built with the iOS 9 SDK (QA1938: an older SDK keeps it)', { ios: 13, app: { sdk: 9 } }],
  ['on iOS 9 for an app built with the iOS 13 SDK (the old iOS does not check)', { ios: 9, app: { sdk: 13 } }],
] as const) {
  test(`FACTS VoIP: the legacy mode is honoured ${label}`, async () => {
    const r = await runFast(scenario({ durationSec: 400, timeline: bgAt60, ...o }));
    assert.equal(firstAfter(r.events, 'socket.defunct'), undefined);
    assert.ok(r.summary.wakeups >= 1, `wakeups ${r.summary.wakeups}`);
    assert.deepEqual(all(r.events, 'socket.policy').map((e) => [e.t, e.kept]), [[0, true]]);
  });
}

test('FACTS sockets: with model.reclaimSocketsAt = "lock" (older iOS) a suspended app keeps its unread socket until the screen locks', async () => {
  const timeline = [...bgAt60, { atSec: 200, action: 'lock' as const }];
  const r = await runFast(scenario({ durationSec: 400, timeline, app: { voipSocket: false }, model: { reclaimSocketsAt: 'lock' } }));
  assert.equal(firstAfter(r.events, 'lifecycle', (e) => e.state === 'suspended')?.t, 65_000);
  assert.equal(firstAfter(r.events, 'socket.defunct')?.t, 200_000, 'reclaimed at the lock, not at suspension');
  const why = all(r.events, 'socket.policy');
  assert.deepEqual(why.map((e) => [e.t, e.kept]), [[0, false], [200_000, false]]);
  assert.match(why[1]!.reason, /once the app is suspended and the screen is locked/);
  assert.equal(r.summary.wakeups, 0, 'a socket without the VoIP mode never wakes the app');
  // The default (today's iOS) reclaims at suspension.
  const now = await runFast(scenario({ durationSec: 400, timeline, app: { voipSocket: false } }));
  assert.equal(firstAfter(now.events, 'socket.defunct')?.t, 65_000);
});

test('FACTS Socket reclaim timing: by default it follows ios — at the screen lock on iOS 4–6, at suspension later; the setting overrides', async () => {
  const timeline = [...bgAt60, { atSec: 200, action: 'lock' as const }];
  const defunctAt = async (ios: number, model: { reclaimSocketsAt?: 'lock' | 'suspension' } = {}) => {
    const r = await runFast(scenario({ durationSec: 400, ios, timeline, app: { voipSocket: false }, model }));
    return [firstAfter(r.events, 'socket.defunct')?.t, all(r.events, 'socket.policy')[0]!.reason] as const;
  };
  const [ios6, why6] = await defunctAt(6);
  assert.equal(ios6, 200_000, 'iOS 6: the suspended app keeps its unread socket until the screen locks');
  assert.match(why6, /once the app is suspended and the screen is locked/);
  const [ios7, why7] = await defunctAt(7);
  assert.equal(ios7, 65_000, 'iOS 7 and later: reclaimed at suspension');
  assert.match(why7, /as soon as the app is suspended/);
  assert.equal((await defunctAt(6, { reclaimSocketsAt: 'suspension' }))[0], 65_000, 'the setting overrides the iOS version');
  assert.equal((await defunctAt(14, { reclaimSocketsAt: 'lock' }))[0], 200_000);
});

test('FACTS VoIP: data on a kept VoIP socket wakes the app for the wake window (a setting), then it is suspended again', async () => {
  const r = await runFast(scenario({ durationSec: 250, timeline: bgAt60, server: { heartbeatSec: 100 }, model: { voipWakeSec: 3 } }));
  assert.deepEqual(lifecycle(r.events).slice(0, 6), [
    [0, 'active', 'launch'], [60, 'background', 'home'], [65, 'suspended', 'no background task'],
    [100, 'woken', 'voip-data'], [103, 'suspended', 'wake window over'], [200, 'woken', 'voip-data'],
  ]);
  assert.equal(all(r.events, 'frame', (e) => e.side === 'device' && e.verb === 'PONG').length, 2);
});

test('FACTS VoIP: the peer closing a VoIP socket wakes the app, which reconnects within the wake', async () => {
  const r = await runFast(scenario({ durationSec: 300, timeline: [...bgAt60, { atSec: 120, action: 'server-restart' }], server: { restartDownSec: 1 } }));
  const wake = firstAfter(r.events, 'lifecycle', (e) => e.state === 'woken');
  assert.deepEqual([wake?.t, wake?.reason], [120_000, 'voip-close']);
  const closed = firstAfter(r.events, 'conn', (e) => e.op === 'closed');
  assert.deepEqual([closed?.t, closed?.cause], [120_000, 'closed']);
  // The server is back after 1 s; the app reconnects after its 2 s backoff, inside the 10 s wake.
  const opens = all(r.events, 'conn', (e) => e.op === 'open').map((e) => e.t);
  assert.deepEqual(opens, [0, 122_000]);
  assert.equal(firstAfter(r.events, 'server', (e) => e.op === 'hello', 120_000)?.t, 122_000);
  assert.equal(firstAfter(r.events, 'lifecycle', (e) => e.state === 'suspended', 120_000)?.t, 130_000);
  assert.equal(r.summary.disconnects, 1);
});

test('FACTS VoIP: a reset (NAT expiry with onExpiry reset) wakes a VoIP app', async () => {
  const r = await runFast(scenario({ durationSec: 400, timeline: bgAt60, server: { heartbeatSec: null }, nat: { idleTimeoutSec: 120, onExpiry: 'reset' } }));
  const wake = firstAfter(r.events, 'lifecycle', (e) => e.state === 'woken');
  assert.deepEqual([wake?.t, wake?.reason], [120_000, 'voip-close']);
  assert.equal(firstAfter(r.events, 'conn', (e) => e.op === 'closed')?.cause, 'reset');
});

test('FACTS: the client heartbeat timer runs only while the app executes', async () => {
  const r = await runFast(scenario({ durationSec: 1200, timeline: bgAt60, server: { heartbeatSec: null, pushEverySec: null }, app: { clientHeartbeatSec: 20 } }));
  const beats = all(r.events, 'heartbeat', (e) => e.source === 'client').map((e) => e.t / 1000);
  // 20, 40, 60 in the foreground; suspended at 65 s, so nothing after.
  assert.deepEqual(beats, [20, 40, 60]);
});

test('FACTS keep-alive: the handler wakes a suspended app every timeout for at most 10 s', async () => {
  const r = await runFast(scenario({ durationSec: 1900, timeline: bgAt60, server: { heartbeatSec: null, pushEverySec: null }, nat: { idleTimeoutSec: 7200 }, app: { keepAliveTimeoutSec: 600 } }));
  assert.equal(firstAfter(r.events, 'keepalive')?.op, 'registered');
  const wakes = all(r.events, 'lifecycle', (e) => e.state === 'woken').map((e) => [e.t / 1000, e.reason]);
  assert.deepEqual(wakes, [[600, 'keepalive'], [1200, 'keepalive'], [1800, 'keepalive']]);
  assert.equal(firstAfter(r.events, 'lifecycle', (e) => e.state === 'suspended', 600_000)?.t, 610_000);
  assert.equal(r.summary.heartbeats.keepaliveHandler, 3);
});

test('FACTS keep-alive: iOS 10 and later, or no voip mode, reject setKeepAliveTimeout', async () => {
  const r = await runFast(scenario({ ios: 12, durationSec: 700, timeline: bgAt60, app: { keepAliveTimeoutSec: 600 } }));
  const k = firstAfter(r.events, 'keepalive');
  assert.equal(k?.op, 'rejected');
  assert.equal(r.summary.heartbeats.keepaliveHandler, 0);
});

test('reconnect backs off (doubling to maxSec) while the app executes, and waits while it is suspended', async () => {
  const r = await runFast(scenario({
    durationSec: 200,
    app: { reconnect: { initialSec: 2, maxSec: 8 } },
    server: { restartDownSec: 25 },
    timeline: [{ atSec: 10, action: 'server-restart' }],
  }));
  const tries = all(r.events, 'conn', (e) => e.op === 'connecting').map((e) => e.t / 1000);
  assert.deepEqual(tries, [0, 12, 16, 24, 32, 40]);
  assert.equal(all(r.events, 'conn', (e) => e.op === 'open').length, 6);
  assert.equal(all(r.events, 'nat', (e) => e.op === 'refused').length, 4);
});

test('kill terminates the app and closes its socket; foreground relaunches it', async () => {
  const r = await runFast(scenario({ durationSec: 200, timeline: [{ atSec: 30, action: 'kill' }, { atSec: 100, action: 'foreground' }] }));
  assert.deepEqual(lifecycle(r.events), [[0, 'active', 'launch'], [30, 'terminated', 'killed by the user'], [100, 'active', 'foreground']]);
  assert.equal(firstAfter(r.events, 'server', (e) => e.op === 'closed')?.t, 30_000);
  assert.equal(all(r.events, 'conn', (e) => e.op === 'open').length, 2);
});

test('memory pressure terminates a suspended app but spares the foreground app', async () => {
  const r = await runFast(scenario({ durationSec: 200, timeline: [{ atSec: 10, action: 'memory-pressure' }, ...bgAt60, { atSec: 100, action: 'memory-pressure' }] }));
  assert.equal(r.summary.terminations, 1);
  assert.equal(firstAfter(r.events, 'lifecycle', (e) => e.state === 'terminated')?.t, 100_000);
});

test('lock sends a foreground app to the background; unlock brings it back', async () => {
  const r = await runFast(scenario({ durationSec: 100, timeline: [{ atSec: 10, action: 'lock' }, { atSec: 50, action: 'unlock' }] }));
  assert.deepEqual(lifecycle(r.events), [[0, 'active', 'launch'], [10, 'background', 'lock'], [15, 'suspended', 'no background task'], [50, 'active', 'unlock']]);
});

test('a relaunch is a new process: a client timer frozen at suspension does not survive a kill', async () => {
  const r = await runFast(scenario({
    durationSec: 3600,
    app: { voipSocket: false, voipBackgroundMode: false, clientHeartbeatSec: 20 },
    server: { heartbeatSec: null, pushEverySec: null },
    timeline: [{ atSec: 60, action: 'background' }, { atSec: 100, action: 'kill' }, { atSec: 200, action: 'foreground' }],
  }));
  const relaunch = firstAfter(r.events, 'lifecycle', (e) => e.state === 'active', 100_000);
  assert.equal(relaunch?.t, 200_000);
  assert.equal(firstAfter(r.events, 'conn', (e) => e.op === 'open', 200_000 - 1)?.t, 200_000, 'the relaunched app connects at once');
  const after = all(r.events, 'heartbeat', (e) => e.source === 'client' && e.t > 200_000);
  // One every 20 s from 220 s to 3600 s.
  assert.equal(after.length, 170);
  assert.equal(after[0]?.t, 220_000);
});
