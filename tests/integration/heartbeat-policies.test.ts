// One test per heartbeat-policy rule of docs/model.md ("Heartbeat designs worth modelling"), each over
// real loopback sockets in fast mode.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { all, firstAfter, runFast, scenario } from '../helpers/run.ts';
import type { LifelineEvent } from '../../shared/log/events.ts';
import type { ScenarioInput } from '../../shared/scenario/scenario.ts';

/** A Mars client on the comparison platform (never suspended), sent to the background a minute in. */
function mars(natSec: number, durationSec: number, o: { app?: Partial<ScenarioInput['app']>; server?: Partial<ScenarioInput['server']>; timeline?: ScenarioInput['timeline'] } = {}) {
  return scenario({
    durationSec,
    ios: 13,
    app: { heartbeatPolicy: 'mars', platform: 'android', clientHeartbeatSec: null, ...o.app },
    server: { heartbeatSec: null, pushEverySec: null, ...o.server },
    nat: { idleTimeoutSec: natSec },
    timeline: o.timeline ?? [{ atSec: 60, action: 'background' }],
  });
}

const beats = (events: LifelineEvent[], source: 'client' | 'server' = 'client') => all(events, 'heartbeat', (e) => e.source === source).map((e) => [e.t / 1000, e.intervalSec]);
const notes = (events: LifelineEvent[], op: string) => all(events, 'policy', (e) => e.op === op).map((e) => [e.t / 1000, e.intervalSec]);

test('FACTS Mars: under a 300 s NAT it settles at 250 s after exactly 2 NAT-caused disconnects (≈ 77 min)', async () => {
  const r = await runFast(mars(300, 3 * 3600));
  assert.equal(r.summary.disconnects, 2);
  assert.equal(r.summary.natExpiries, 2);
  assert.deepEqual(notes(r.events, 'back-off'), [[4590, 250]]);
  assert.deepEqual(r.summary.heartbeat, { intervalSec: { first: 210, final: 250, min: 210, max: 330 }, stable: true, probes: 2, failures: 2 });
  // Settled, it holds: every beat after the last restore is at 250 s and answered.
  const after = beats(r.events).filter(([t]) => t! > 5220);
  assert.ok(after.length > 15 && after.every(([, s]) => s === 250));
});

test('FACTS Mars: the first 3 beats after every connect are at 210 s, then a known network gets its value back', async () => {
  const r = await runFast(mars(300, 6000));
  const opens = all(r.events, 'conn', (e) => e.op === 'open').map((e) => e.t / 1000);
  assert.deepEqual(opens, [0, 3630, 4590]);
  for (const at of opens.slice(1)) {
    const next = beats(r.events).filter(([t]) => t! > at).slice(0, 4);
    assert.deepEqual(next.map(([, s]) => s), [210, 210, 210, at === 3630 ? 330 : 250]);
  }
  assert.deepEqual(notes(r.events, 'restore'), [[4260, 330], [5220, 250]]);
});

test('FACTS Mars: after 5 counted successes it adds 60 s, and the first success after each change is not counted (6 beats a step)', async () => {
  const r = await runFast(mars(3600, 8000));
  // Warm-up 3 × 210 s (not counted), 5 counted beats at 210 s, then 6 beats at each new value.
  assert.deepEqual(notes(r.events, 'step'), [[630 + 5 * 210, 270], [1680 + 6 * 270, 330], [3300 + 6 * 330, 390], [5280 + 6 * 390, 450]]);
});

test('FACTS Mars: with a NAT that allows 580 s it climbs to the 580 s cap and marks it stable, with no disconnect', async () => {
  const r = await runFast(mars(700, 20_000));
  assert.deepEqual(notes(r.events, 'stable'), [[16_800, 580]]);
  assert.equal(r.summary.disconnects, 0);
  assert.deepEqual(r.summary.heartbeat.intervalSec, { first: 210, final: 580, min: 210, max: 580 });
  assert.equal(r.summary.heartbeat.stable, true);
});

test('FACTS Mars: below its 210 s floor it never settles; reconnect waits step 0/60/120/240/360/480/600 s after short-lived connections', async () => {
  const r = await runFast(mars(180, 9000));
  assert.equal(r.summary.heartbeat.stable, false);
  assert.equal(r.summary.heartbeat.intervalSec?.max, 210);
  const closes = all(r.events, 'conn', (e) => e.op === 'closed').map((e) => e.t);
  const opens = all(r.events, 'conn', (e) => e.op === 'connecting').map((e) => e.t);
  // Once inactive (from 660 s), each wait is the next in Mars' table, capped at 600 s.
  const waits = closes.map((c) => (opens.find((o) => o >= c)! - c) / 1000).filter((_, i) => closes[i]! > 660_000);
  assert.deepEqual(waits.slice(0, 8), [0, 60, 120, 240, 360, 480, 600, 600]);
});

test('FACTS Mars: it adapts only while inactive — in the foreground every beat is at 210 s', async () => {
  const r = await runFast(mars(3600, 7200, { timeline: [] }));
  assert.ok(beats(r.events).length >= 30);
  assert.ok(beats(r.events).every(([, s]) => s === 210));
  assert.deepEqual(notes(r.events, 'step'), []);
});

test('FACTS Mars: on iOS it sends a fixed 210 s heartbeat while it runs (the smart heartbeat is Android only)', async () => {
  const r = await runFast(mars(3600, 7200, { app: { platform: 'ios' }, timeline: [{ atSec: 1, action: 'background' }, { atSec: 30, action: 'foreground' }] }));
  assert.ok(beats(r.events).every(([, s]) => s === 210));
  assert.deepEqual(notes(r.events, 'step'), []);
});

test("FACTS Mars: the interval counts from the client's last write (ACKs to pushes put the heartbeat off)", async () => {
  const quiet = await runFast(mars(3600, 1000, { timeline: [] }));
  assert.deepEqual(beats(quiet.events).map(([t]) => t), [210, 420, 630, 840]);
  const busy = await runFast(mars(3600, 1000, { server: { pushEverySec: 100 }, timeline: [] }));
  assert.deepEqual(beats(busy.events), [], 'an ACK every 100 s: the app never needs a PING');
});

test('FACTS Mars on the server side: a probe past the NAT timeout goes unanswered for 8 s and the server drops the client', async () => {
  const r = await runFast(scenario({ durationSec: 4000, server: { heartbeatPolicy: 'mars', heartbeatSec: null, pushEverySec: null }, nat: { idleTimeoutSec: 300 } }));
  const fail = firstAfter(r.events, 'policy', (e) => e.op === 'failure');
  assert.deepEqual([fail?.t, fail?.side, fail?.intervalSec], [(3300 + 330 + 8) * 1000, 'server', 330]);
  const dead = firstAfter(r.events, 'server', (e) => e.op === 'dead');
  assert.equal(dead?.t, fail?.t);
  // The suspended app sent nothing since: it believes in a connection nobody else has.
  assert.ok(r.summary.deadSec >= 4000 - 3600, `dead ${r.summary.deadSec}`);
  assert.equal(r.summary.heartbeat.failures, 1);
  assert.equal(r.summary.heartbeat.stable, false);
});

test('FACTS MQTT: the client PINGs when it has written nothing for K seconds', async () => {
  const r = await runFast(scenario({ durationSec: 400, app: { heartbeatPolicy: 'mqtt', mqttKeepAliveSec: 60 }, server: { heartbeatSec: null, pushEverySec: null }, timeline: [] }));
  assert.deepEqual(beats(r.events), [[60, 60], [120, 60], [180, 60], [240, 60], [300, 60], [360, 60]]);
  assert.equal(r.summary.heartbeat.stable, null);
});

test('FACTS MQTT: the server drops a client silent for 1.5 × keep-alive', async () => {
  // A VoIP app on iOS 9 keeps its socket while suspended but cannot PING: silent from 60 s.
  const r = await runFast(scenario({ durationSec: 400, app: { heartbeatPolicy: 'mqtt', mqttKeepAliveSec: 60 }, server: { heartbeatSec: null, pushEverySec: null }, timeline: [{ atSec: 61, action: 'background' }] }));
  const dead = firstAfter(r.events, 'server', (e) => e.op === 'dead');
  assert.deepEqual([dead?.t, dead?.reason], [150_000, 'silent for 90 s (1.5 × keep-alive)']);
});

test('platform android: a backgrounded process is never suspended, so a client timer keeps running', async () => {
  const r = await runFast(scenario({ durationSec: 1000, ios: 13, app: { platform: 'android', clientHeartbeatSec: 100 }, server: { heartbeatSec: null, pushEverySec: null } }));
  assert.equal(firstAfter(r.events, 'lifecycle', (e) => e.state === 'suspended'), undefined);
  assert.equal(r.summary.heartbeats.client, 10);
  assert.equal(r.summary.disconnects, 0);
});

test('a fixed policy reports every beat at its interval, and stable is null', async () => {
  const r = await runFast(scenario({ durationSec: 1000 }));
  assert.deepEqual(r.summary.heartbeat, { intervalSec: { first: 270, final: 270, min: 270, max: 270 }, stable: null, probes: 0, failures: 0 });
});

test('FACTS Mars: state per network — back on the carrier after Wi-Fi, its learned 250 s returns after the warm-up', async () => {
  const r = await runFast(scenario({
    durationSec: 11_000,
    ios: 13,
    app: { heartbeatPolicy: 'mars', platform: 'android', clientHeartbeatSec: null },
    server: { heartbeatSec: null, pushEverySec: null },
    networks: { mobile_carrier: { idleTimeoutSec: 300 }, wifi_home: { idleTimeoutSec: 3600, radio: 'wifi' } },
    network: 'mobile_carrier',
    timeline: [{ atSec: 60, action: 'background' }, { atSec: 5400, action: 'network-change', to: 'wifi_home' }, { atSec: 9000, action: 'network-change', to: 'mobile_carrier' }],
  }));
  assert.deepEqual(all(r.events, 'network').map((e) => [e.t / 1000, e.label, e.radio, e.natIdleTimeoutSec]), [
    [0, 'mobile_carrier', 'lte', 300], [5400, 'wifi_home', 'wifi', 3600], [9000, 'mobile_carrier', 'lte', 300],
  ]);
  const onWifi = all(r.events, 'policy', (e) => e.network === 'wifi_home' && e.op === 'step');
  assert.ok(onWifi.length >= 1 && onWifi[0]!.intervalSec === 270, 'Wi-Fi is learned from the floor');
  // The NAT of each network: nothing expires on Wi-Fi (3600 s).
  assert.equal(all(r.events, 'nat', (e) => e.op === 'expired' && e.reason === 'idle' && e.t > 5400_000 && e.t < 9000_000).length, 0);
  const back = all(r.events, 'policy', (e) => e.op === 'restore' && e.t > 9000_000);
  assert.deepEqual(back.map((e) => [e.t / 1000, e.network, e.intervalSec]), [[9000 + 630, 'mobile_carrier', 250]]);
  assert.equal(r.summary.energy.profile, 'lte+wifi+lte');
});

test('network-change without networks: the same NAT, every mapping dropped (as before)', async () => {
  const r = await runFast(scenario({ durationSec: 1200, server: { heartbeatSec: 120 }, timeline: [{ atSec: 60, action: 'background' }, { atSec: 900, action: 'network-change' }] }));
  assert.equal(all(r.events, 'network').length, 0);
  assert.equal(all(r.events, 'nat', (e) => e.op === 'expired' && e.reason === 'network-change').length, 1);
});
