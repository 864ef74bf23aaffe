// Your own server (docs/own-server.md), for real: a mosquitto broker and a `ws` server with its
// own ping interval, each started by the test, reached through the NAT box by the modelled app in
// realtime at 1×. Each scenario also runs on the built-in server (fast mode), and the two runs
// must tell the same story. Keep-alives and NAT timeouts are seconds long so each run is short;
// the assertions are about the order of events and the rules, never about how long anything took.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startMosquitto, type Broker } from '../helpers/mosquitto.ts';
import { startWsServer } from '../helpers/ws-heartbeat-server.ts';
import { runOwn, story } from '../helpers/own-server-run.ts';
import { all, runFast, scenario, type RunResult } from '../helpers/run.ts';
import type { LifelineEvent } from '../../shared/log/events.ts';

let broker: Broker;
before(async () => {
  broker = await startMosquitto();
});
after(async () => {
  await broker.stop();
});

/** A VoIP app (legacy mode, kept socket) sent to the background at 0.5 s and suspended at 1.5 s. */
const suspendedApp = (o: NonNullable<Parameters<typeof scenario>[0]>) =>
  scenario({
    durationSec: 14,
    ...o,
    app: { reconnect: { initialSec: 0.5, maxSec: 0.5 }, ...o.app },
    server: { heartbeatSec: null, pushEverySec: null, ...o.server },
    timeline: [{ atSec: 0.5, action: 'background' }],
    model: { suspendAfterSec: 1, voipWakeSec: 2 },
  });

/** The own run tells the built-in run's story: event for event, as far as the own run got. */
function sameStory(own: RunResult, builtIn: RunResult): string[] {
  const o = story(own.events);
  assert.deepEqual(o, story(builtIn.events).slice(0, o.length), `own server:\n${o.join(' | ')}\nbuilt-in:\n${story(builtIn.events).join(' | ')}\n${broker.log()}`);
  return o;
}

const after_ = <K extends LifelineEvent['kind']>(events: LifelineEvent[], t: number, kind: K) => all(events, kind).filter((e) => e.t >= t);

test('MQTT: the broker drops the suspended app after 1.5 × keep-alive, the close wakes it, it reconnects — as on the built-in server', async () => {
  const s = suspendedApp({ name: 'broker-drops-suspended', app: { heartbeatPolicy: 'mqtt', mqttKeepAliveSec: 2 }, nat: { idleTimeoutSec: 30 } });
  const own = await runOwn(s, broker.url);
  const builtIn = await runFast(s);
  const told = sameStory(own, builtIn);
  assert.ok(told.filter((t) => t === 'server dead').length >= 1 && told.includes('woken voip-close'), told.join(' | '));
  for (const r of [own, builtIn]) {
    const dead = all(r.events, 'server', (e) => e.op === 'dead')[0]!;
    assert.match(dead.reason!, /1\.5 × keep-alive/);
    // FACTS: MQTT keep-alive — silent for at least 1.5 × 2 s since the app's last packet.
    const lastSend = all(r.events, 'frame', (e) => e.side === 'device' && e.dir === 'send' && e.t <= dead.t).at(-1)!;
    assert.ok(dead.t - lastSend.t >= 3000 - 250, `${dead.t - lastSend.t} ms`);
    // The app was suspended; the close woke it and it reconnected within that wake.
    const wake = after_(r.events, dead.t, 'lifecycle')[0]!;
    assert.deepEqual([wake.state, wake.reason], ['woken', 'voip-close']);
    const next = after_(r.events, wake.t, 'lifecycle').find((e) => e.state === 'suspended')?.t ?? Infinity;
    assert.ok(after_(r.events, wake.t, 'server').some((e) => e.op === 'hello' && e.t < next), 'reconnected within the wake');
    assert.equal(r.summary.natExpiries, 0);
  }
  assert.equal(own.summary.server, broker.url);
  // The server hop sees the app's packets arrive: the broker's silence is counted from the last one.
  const dead = all(own.events, 'server', (e) => e.op === 'dead')[0]!;
  const lastUp = all(own.events, 'frame', (e) => e.side === 'server' && e.dir === 'recv' && e.t <= dead.t).at(-1)!;
  assert.equal(Number(/silent for ([\d.]+) s/.exec(dead.reason!)![1]), Math.round((dead.t - lastUp.t) / 100) / 10);
  assert.ok(all(own.events, 'frame', (e) => e.side === 'server' && e.dir === 'recv' && e.verb === 'CONNECT').length >= 2);
  // What crossed the wire was MQTT, both hops: the app's CONNECT, the broker's CONNACK.
  assert.ok(all(own.events, 'frame', (e) => e.side === 'device' && e.verb === 'CONNECT' && e.dir === 'send').length >= 2);
  assert.ok(all(own.events, 'frame', (e) => e.side === 'server' && e.verb === 'CONNACK' && e.hex === '20020000').length >= 2);
  assert.ok(all(own.events, 'nat', (e) => e.op === 'forward' && e.verb === 'SUBSCRIBE').length >= 2);
});

test('MQTT: a keep-alive longer than the NAT timeout — the NAT forgets the connection first and the app never hears the broker give up', async () => {
  const s = suspendedApp({ name: 'nat-outlasts-nothing', durationSec: 12, app: { heartbeatPolicy: 'mqtt', mqttKeepAliveSec: 4 }, nat: { idleTimeoutSec: 2, onExpiry: 'silent-drop' } });
  const own = await runOwn(s, broker.url);
  const builtIn = await runFast(s);
  const told = sameStory(own, builtIn);
  assert.ok(told.includes('server dead'), `the broker gave up within the run: ${told.join(' | ')}`);
  for (const r of [own, builtIn]) {
    const expired = all(r.events, 'nat', (e) => e.op === 'expired')[0]!;
    const dead = all(r.events, 'server', (e) => e.op === 'dead')[0]!;
    assert.ok(expired.t < dead.t, 'the NAT first');
    assert.equal(after_(r.events, expired.t, 'lifecycle').length, 0, 'no wake: the broker’s close died in the NAT');
    assert.ok(r.summary.deadSec > 5, `dead ${r.summary.deadSec} s`);
    assert.equal(r.summary.natExpiries, 1);
  }
});

test('MQTT: pushes are published by Lifeline on its own connection, wake the suspended app and are acknowledged — as on the built-in server', async () => {
  // Pushes at 3 and 6 s, each waking the app for 2 s: no push lands on the instant a wake ends,
  // where real delivery latency would decide the order.
  const s = suspendedApp({ name: 'broker-pushes', durationSec: 7, app: { heartbeatPolicy: 'mqtt', mqttKeepAliveSec: 30 }, server: { pushEverySec: 3 }, nat: { idleTimeoutSec: 30 } });
  const own = await runOwn(s, broker.url);
  const builtIn = await runFast(s);
  sameStory(own, builtIn);
  assert.deepEqual(own.summary.pushes, builtIn.summary.pushes);
  assert.equal(own.summary.pushes.delivered, 2);
  assert.equal(all(own.events, 'lifecycle', (e) => e.reason === 'voip-data').length, 2);
  assert.equal(all(own.events, 'frame', (e) => e.side === 'device' && e.verb === 'PUBACK').length, 2);
});

test('WebSocket: a server pinging under the NAT timeout keeps the suspended app connected; every ping wakes it to answer', async () => {
  const server = await startWsServer(1);
  try {
    const s = suspendedApp({ name: 'ws-ping-under-nat', durationSec: 7, server: { heartbeatSec: 1, deadAfterMissed: 1, pushEverySec: 2 }, nat: { idleTimeoutSec: 3 } });
    const own = await runOwn(s, server.url, server.pushUrl);
    const builtIn = await runFast(s);
    for (const r of [own, builtIn]) {
      assert.equal(r.summary.disconnects, 0);
      assert.equal(r.summary.natExpiries, 0);
      assert.ok(r.summary.heartbeats.server >= 5, `${r.summary.heartbeats.server} pings`);
      assert.equal(r.summary.pushes.delivered, 3);
      assert.ok(all(r.events, 'lifecycle', (e) => e.reason === 'voip-data').length >= 3);
    }
    assert.equal(server.terminated, 0);
    assert.ok(all(own.events, 'frame', (e) => e.side === 'device' && e.dir === 'send' && e.verb === 'PONG').length >= 5);
    assert.ok(all(own.events, 'frame', (e) => e.side === 'server' && e.verb === 'UPGRADE' && /101 Switching/.test(e.line)).length === 1);
  } finally {
    await server.stop();
  }
});

test('WebSocket: a server pinging over the NAT timeout — the ping is dropped, the server gives up, the app never hears — as on the built-in server', async () => {
  const server = await startWsServer(4);
  try {
    const s = suspendedApp({ name: 'ws-ping-over-nat', durationSec: 10, server: { heartbeatSec: 4, deadAfterMissed: 1 }, nat: { idleTimeoutSec: 2 } });
    const own = await runOwn(s, server.url);
    const builtIn = await runFast(s);
    const told = sameStory(own, builtIn);
    assert.ok(told.includes('nat drop ping') && told.includes('server dead'), told.join(' | '));
    const dead = all(own.events, 'server', (e) => e.op === 'dead')[0]!;
    assert.match(dead.reason!, /its ping at .* went unanswered/);
    assert.equal(server.terminated, 1);
    assert.equal(all(own.events, 'lifecycle', (e) => e.state === 'woken').length, 0);
  } finally {
    await server.stop();
  }
});
