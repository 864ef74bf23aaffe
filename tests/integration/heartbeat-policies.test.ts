// One test per heartbeat-policy rule of docs/model.md ("Heartbeat designs worth modelling"), each over
// real loopback sockets in fast mode.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { all, firstAfter, runFast, scenario } from '../helpers/run.ts';
import type { LifelineEvent } from '../../shared/log/events.ts';
import type { ScenarioInput } from '../../shared/scenario/scenario.ts';
import { findPreset } from '../../shared/scenario/presets.ts';

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
  // The 330 s probes at 3630 s and 4598.5 s meet a forgotten mapping: dropped, unanswered for 8 s.
  assert.deepEqual(notes(r.events, 'back-off'), [[4606.5, 250]]);
  assert.deepEqual(r.summary.heartbeat, { intervalSec: { first: 210, final: 250, min: 210, max: 330 }, stable: true, probes: 2, failures: 2 });
  // Settled, it holds: every beat after the last restore is at 250 s and answered.
  const after = beats(r.events).filter(([t]) => t! > 5237);
  assert.ok(after.length > 15 && after.every(([, s]) => s === 250));
});

test('FACTS Mars: the first 3 beats after every connect are at 210 s, then a known network gets its value back', async () => {
  const r = await runFast(mars(300, 6000));
  const opens = all(r.events, 'conn', (e) => e.op === 'open').map((e) => e.t / 1000);
  // Each break 8 s after the dropped probe (no PONG), and a reconnect 0.5 s later.
  assert.deepEqual(opens, [0, 3638.5, 4607]);
  for (const at of opens.slice(1)) {
    const next = beats(r.events).filter(([t]) => t! > at).slice(0, 4);
    assert.deepEqual(next.map(([, s]) => s), [210, 210, 210, at === 3638.5 ? 330 : 250]);
  }
  assert.deepEqual(notes(r.events, 'restore'), [[4268.5, 330], [5237, 250]]);
});

test('FACTS Mars: after 5 counted successes it adds 60 s, and the first success after each change is not counted (6 beats a step)', async () => {
  const r = await runFast(mars(3600, 8000));
  // Warm-up 3 × 210 s (not counted), 5 counted beats at 210 s, then 6 beats at each new value.
  assert.deepEqual(notes(r.events, 'step'), [[630 + 5 * 210, 270], [1680 + 6 * 270, 330], [3300 + 6 * 330, 390], [5280 + 6 * 390, 450]]);
});

test('FACTS Mars: with a NAT that allows 580 s it reaches 580 s as a probe and calls it stable only after the usual successes, with no disconnect', async () => {
  const r = await runFast(mars(700, 21_000));
  assert.deepEqual(notes(r.events, 'step').at(-1), [16_800, 580]);
  // The first success at 580 s is not counted, then 5 more: 6 beats, ≈ 5.6 h after the start.
  assert.deepEqual(notes(r.events, 'stable'), [[16_800 + 6 * 580, 580]]);
  assert.equal(r.summary.disconnects, 0);
  assert.deepEqual(r.summary.heartbeat.intervalSec, { first: 210, final: 580, min: 210, max: 580 });
  assert.equal(r.summary.heartbeat.stable, true);
});

test('FACTS Mars: on a 575 s NAT the 580 s probe fails twice and Mars settles at 500 s after 2 disconnects', async () => {
  const r = await runFast(mars(575, 22_000));
  assert.deepEqual(notes(r.events, 'step').at(-1), [16_800, 580]);
  assert.deepEqual(notes(r.events, 'back-off'), [[18_606.5, 500]]);
  assert.deepEqual([r.summary.disconnects, r.summary.natExpiries, r.summary.heartbeat.stable, r.summary.heartbeat.intervalSec?.final], [2, 2, true, 500]);
  // Settled, it holds: after the warm-up every beat is at 500 s and answered.
  const after = beats(r.events).filter(([t]) => t! > 18_607 + 630);
  assert.ok(after.length >= 5 && after.every(([, sec]) => sec === 500));
  assert.equal(r.summary.heartbeat.failures, 2);
});

test('FACTS Mars: below its 210 s floor it never settles; reconnect waits run from the start of the last attempt and step 60/120/240/360/480/600 s', async () => {
  const r = await runFast(mars(180, 9000));
  assert.equal(r.summary.heartbeat.stable, false);
  assert.equal(r.summary.heartbeat.intervalSec?.max, 210);
  const closes = all(r.events, 'conn', (e) => e.op === 'closed').map((e) => e.t);
  const opens = all(r.events, 'conn', (e) => e.op === 'connecting').map((e) => e.t);
  // Once inactive (from 660 s), the index steps before each wait: 60, 120, 240 … 600 s from the
  // start of the attempt, whose connection broke 218 s in (the first beat, dropped, unanswered
  // for 8 s); Mars looks 0.5 s after the break.
  const waits = closes.map((c) => (opens.find((o) => o >= c)! - c) / 1000).filter((_, i) => closes[i]! > 660_000);
  assert.deepEqual(waits.slice(0, 8), [0.5, 0.5, 22, 142, 262, 382, 382, 382]);
  // Still active in the background (under 10 min since it left the foreground): the active-phase
  // interval, 300 s from the start of the attempt, with the index back at 0.
  assert.deepEqual([closes[0], opens[1]], [218_000, 300_000]);
});

test('FACTS Mars reconnect backoff: in the foreground the active-phase interval runs from the attempt, so a break long after it reconnects as soon as Mars looks', async () => {
  const r = await runFast(mars(180, 2000, { timeline: [] }));
  const closes = all(r.events, 'conn', (e) => e.op === 'closed').map((e) => e.t / 1000);
  const opens = all(r.events, 'conn', (e) => e.op === 'connecting').map((e) => e.t / 1000);
  // Each connection breaks 218 s after it began: past the 30 s interval of the first 10 min in the
  // foreground, and past the 120–139 s one after that, so Mars reconnects when it looks (0.5 s).
  // (The intervals themselves: tests/unit/mars-policy.test.ts.)
  assert.deepEqual(closes.slice(0, 3), [218, 436.5, 655]);
  assert.deepEqual(opens.slice(1, 4), [218.5, 437, 655.5]);
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

test('FACTS MQTT: the broker answers CONNECT with CONNACK, and the client\'s reconnect backoff starts over on it', async () => {
  const r = await runFast(scenario({ durationSec: 100, app: { heartbeatPolicy: 'mqtt', mqttKeepAliveSec: 60 }, server: { heartbeatSec: null, pushEverySec: null }, timeline: [] }));
  const sent = all(r.events, 'frame', (e) => e.side === 'server' && e.dir === 'send').map((e) => [e.t, e.line]);
  assert.deepEqual(sent[0], [0, 'WELCOME'], 'CONNACK at once');
  // A server that is not a broker (a fixed heartbeat) answers nothing.
  const plain = await runFast(scenario({ durationSec: 100, timeline: [] }));
  assert.equal(all(plain.events, 'frame', (e) => e.verb === 'WELCOME').length, 0);
});

test('FACTS MQTT: a suspended VoIP app under a 60 s keep-alive is dropped every 1.5 × 60 s and reconnects within each wake', async () => {
  const r = await runFast(scenario({
    durationSec: 3600,
    app: { heartbeatPolicy: 'mqtt', mqttKeepAliveSec: 60 },
    server: { heartbeatSec: null, pushEverySec: null },
    timeline: [{ atSec: 61, action: 'background' }],
  }));
  const drops = all(r.events, 'server', (e) => e.op === 'dead').map((e) => e.t);
  const opens = all(r.events, 'conn', (e) => e.op === 'open').map((e) => e.t);
  // Its last PINGREQ at 60 s, then suspended at 66 s: dropped at 150 s; after that it is silent
  // from each HELLO (it cannot PING while suspended), so each drop comes 90 s after its connect.
  assert.equal(drops[0], 150_000);
  assert.ok(drops.length >= 35, `${drops.length} drops`);
  for (const [i, d] of drops.entries()) {
    if (i > 0) assert.equal(d - opens[i]!, 90_000, `drop ${i + 1} comes 90 s after its connect`);
    // The close wakes the app, which reconnects 2 s later inside the 10 s wake: the backoff never grows.
    assert.equal(opens[i + 1], d + 2000, `reconnect ${i + 1} within the wake`);
  }
});

test('platform android: a backgrounded process is never suspended, so a client timer keeps running', async () => {
  const r = await runFast(scenario({ durationSec: 1000, ios: 13, app: { platform: 'android', clientHeartbeatSec: 100 }, server: { heartbeatSec: null, pushEverySec: null } }));
  assert.equal(firstAfter(r.events, 'lifecycle', (e) => e.state === 'suspended'), undefined);
  assert.equal(r.summary.heartbeats.client, 10);
  assert.equal(r.summary.disconnects, 0);
});

test('heartbeat.failures counts every PING unanswered in time, the fixed server heartbeat\'s too', async () => {
  // A 330 s server heartbeat over a 300 s NAT: the PINGs at 330 s and 660 s are dropped, and the
  // server gives the client up at 990 s with "2 PINGs unanswered".
  const r = await runFast(findPreset('server-heartbeat-over-nat')!);
  const dead = firstAfter(r.events, 'server', (e) => e.op === 'dead');
  assert.deepEqual([dead?.t, dead?.reason], [990_000, '2 PINGs unanswered']);
  assert.deepEqual(all(r.events, 'policy', (e) => e.op === 'failure').map((e) => [e.t, e.side, e.intervalSec]), [[660_000, 'server', 330], [990_000, 'server', 330]]);
  assert.equal(r.summary.heartbeat.failures, 2);
  // Answered PINGs are not failures, and record nothing more than before.
  const ok = await runFast(findPreset('server-heartbeat-under-nat')!);
  assert.equal(ok.summary.heartbeat.failures, 0);
  assert.equal(all(ok.events, 'policy').length, 0);
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
