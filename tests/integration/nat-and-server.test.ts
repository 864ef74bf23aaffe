// The NAT box and the heartbeat server, over real loopback sockets (FACTS: NAT and middleboxes;
// Heartbeat designs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { all, firstAfter, lifecycle, runFast, scenario } from '../helpers/run.ts';
import { HeartbeatServer } from '../../electron/engine/net/heartbeat-server.ts';
import { OpenWire } from '../../electron/engine/net/traffic-ledger.ts';
import { RealtimeClock } from '../../electron/engine/clock/realtime-clock.ts';
import { Recorder } from '../../electron/engine/recorder.ts';
import type { LifelineEvent } from '../../shared/log/events.ts';

const bgAt60 = [{ atSec: 60, action: 'background' as const }];

/** An app in the foreground with only a client heartbeat every 150 s, behind a 100 s NAT. */
const clientOnly = (nat: Record<string, unknown>, o: { durationSec?: number; model?: Record<string, unknown> } = {}) =>
  scenario({ durationSec: o.durationSec ?? 400, server: { heartbeatSec: null, pushEverySec: null }, nat: { idleTimeoutSec: 100, ...nat }, app: { clientHeartbeatSec: 150 }, model: o.model, timeline: [] });

test('FACTS What an expired mapping does — drop: nothing at expiry; the device\'s next packet is dropped, and it learns only when its TCP gives up', async () => {
  const r = await runFast(clientOnly({ onExpiry: 'drop' }, { durationSec: 800 }));
  assert.equal(firstAfter(r.events, 'nat', (e) => e.op === 'expired')?.t, 100_000);
  assert.equal(firstAfter(r.events, 'nat', (e) => e.op === 'rst'), undefined, 'no RST, at expiry or after');
  const drop = firstAfter(r.events, 'nat', (e) => e.op === 'drop');
  assert.deepEqual([drop?.t, drop?.dir, drop?.verb], [150_000, 'up', 'PING']);
  // FACTS: TCP retransmission timeout — XNU retransmits 12 times, ≈ 511 s at a 1 s RTO, then ETIMEDOUT.
  const closed = firstAfter(r.events, 'conn', (e) => e.op === 'closed');
  assert.deepEqual([closed?.t, closed?.cause, closed?.errno], [661_000, 'error', 'ETIMEDOUT']);
  assert.match(closed?.reason ?? '', /TCP gave up after retransmitting for 511 s/);
  // Meanwhile the app kept writing into the dead connection; it reconnects 2 s after it learns.
  assert.deepEqual(all(r.events, 'nat', (e) => e.op === 'drop').map((e) => e.t), [150_000, 300_000, 450_000, 600_000]);
  assert.equal(firstAfter(r.events, 'conn', (e) => e.op === 'open', 661_000)?.t, 663_000);
  // It believed in the path from the expiry at 100 s until its TCP gave up.
  assert.equal(r.summary.deadSec, 561 + (800 - 763));
});

test('FACTS TCP retransmission timeout: a model setting (the default by platform: XNU on iOS, Linux on the android comparison)', async () => {
  const set = await runFast(clientOnly({ onExpiry: 'drop' }, { model: { tcpGiveUpSec: 60 } }));
  assert.deepEqual([firstAfter(set.events, 'conn', (e) => e.op === 'closed')?.t, firstAfter(set.events, 'conn', (e) => e.op === 'closed')?.errno], [210_000, 'ETIMEDOUT']);
  const linux = await runFast(scenario({
    durationSec: 1200, ios: 13, server: { heartbeatSec: null, pushEverySec: null }, nat: { idleTimeoutSec: 100, onExpiry: 'drop' },
    app: { platform: 'android', clientHeartbeatSec: 150 }, timeline: [],
  }));
  assert.equal(firstAfter(linux.events, 'conn', (e) => e.op === 'closed')?.t, 150_000 + 924_600);
});

test('FACTS What an expired mapping does — drop: a suspended VoIP app is woken when its TCP gives up, and reconnects within the wake', async () => {
  // The keep-alive handler's PING at 600 s meets the forgotten mapping (300 s NAT, silent since HELLO).
  const r = await runFast(scenario({ durationSec: 1300, app: { keepAliveTimeoutSec: 600 }, server: { heartbeatSec: null, pushEverySec: null }, nat: { idleTimeoutSec: 300, onExpiry: 'drop' }, timeline: bgAt60 }));
  assert.deepEqual(all(r.events, 'nat', (e) => e.op === 'drop').map((e) => [e.t, e.verb]), [[600_000, 'PING']]);
  assert.deepEqual(lifecycle(r.events).filter(([t]) => t > 600 && t < 1200), [[610, 'suspended', 'wake window over'], [1111, 'woken', 'voip-close'], [1121, 'suspended', 'wake window over']]);
  const closed = firstAfter(r.events, 'conn', (e) => e.op === 'closed');
  assert.deepEqual([closed?.t, closed?.errno], [1_111_000, 'ETIMEDOUT']);
  assert.equal(firstAfter(r.events, 'conn', (e) => e.op === 'open', 1_111_000)?.t, 1_113_000);
});

test('FACTS What an expired mapping does — the server\'s bytes on a forgotten flow are dropped; its (Linux) TCP gives up 924.6 s later', async () => {
  const r = await runFast(scenario({ durationSec: 1300, server: { heartbeatSec: null, pushEverySec: 200 }, nat: { idleTimeoutSec: 120, onExpiry: 'drop' }, timeline: bgAt60 }));
  assert.deepEqual(all(r.events, 'nat', (e) => e.op === 'drop').map((e) => [e.t, e.dir, e.verb]), [[200_000, 'down', 'PUSH'], [400_000, 'down', 'PUSH'], [600_000, 'down', 'PUSH'], [800_000, 'down', 'PUSH'], [1_000_000, 'down', 'PUSH']]);
  const closed = firstAfter(r.events, 'server', (e) => e.op === 'closed');
  assert.deepEqual([closed?.t, closed?.reason], [1_124_600, 'ETIMEDOUT: TCP gave up after retransmitting for 924.6 s']);
  // The server now knows; the app, suspended and never woken, does not.
  assert.equal(firstAfter(r.events, 'push', (e) => e.op === 'lost', 1_124_600)?.reason, 'no connection');
  assert.equal(firstAfter(r.events, 'conn', (e) => e.op === 'closed'), undefined);
});

test('FACTS What an expired mapping does — reset-inside: nothing at expiry; the device\'s next packet is answered with a RST and a running app reconnects', async () => {
  const r = await runFast(clientOnly({ onExpiry: 'reset-inside' }));
  assert.equal(firstAfter(r.events, 'nat', (e) => e.op === 'expired')?.t, 100_000);
  const rst = firstAfter(r.events, 'nat', (e) => e.op === 'rst');
  assert.deepEqual([rst?.t, rst?.side], [150_000, 'device']);
  const closed = firstAfter(r.events, 'conn', (e) => e.op === 'closed');
  assert.deepEqual([closed?.t, closed?.cause, closed?.errno], [150_000, 'reset', 'ECONNRESET']);
  assert.equal(firstAfter(r.events, 'conn', (e) => e.op === 'open', 150_000)?.t, 152_000);
  // Dead 100–150 s, and again 252–302 s on the second connection (same rhythm).
  assert.equal(r.summary.deadSec, 100);
  assert.equal(r.summary.natExpiries, 2);
});

test('FACTS What an expired mapping does — reset-both: at expiry both ends get a RST at the same virtual instant', async () => {
  const r = await runFast(scenario({ durationSec: 300, timeline: [], server: { heartbeatSec: null, pushEverySec: null }, nat: { idleTimeoutSec: 90, onExpiry: 'reset-both' }, app: { reconnect: null } }));
  const dev = firstAfter(r.events, 'conn', (e) => e.op === 'closed');
  const srv = firstAfter(r.events, 'server', (e) => e.op === 'closed');
  assert.deepEqual([dev?.t, dev?.cause], [90_000, 'reset']);
  assert.deepEqual([srv?.t, srv?.reason], [90_000, 'ECONNRESET']);
  assert.equal(r.summary.deadSec, 0);
  assert.equal(r.summary.disconnects, 1);
});

test('migration: files naming the earlier onExpiry values run as they always did (silent-drop = reset-inside, reset = reset-both)', async () => {
  const story = async (onExpiry: string) => (await runFast(clientOnly({ onExpiry }))).events.map((e) => JSON.stringify({ ...e, wallClock: 0, wallMs: 0 }));
  assert.deepEqual(await story('silent-drop'), await story('reset-inside'));
  assert.deepEqual(await story('reset'), await story('reset-both'));
  assert.notDeepEqual(await story('silent-drop'), await story('drop'));
});

test('NAT refreshOn outbound: the device\'s kernel ACKs the server\'s PINGs, so server heartbeats keep the mapping too', async () => {
  const out = await runFast(scenario({ durationSec: 900, timeline: [], server: { heartbeatSec: 60, pushEverySec: null }, nat: { idleTimeoutSec: 300, refreshOn: 'outbound' } }));
  assert.equal(out.summary.natExpiries, 0);
  assert.ok(all(out.events, 'nat', (e) => e.op === 'forward').every((e) => e.refreshed === true));
});

test('FACTS Mapping refresh direction: a push to a kept, unread socket is ACKed by the device\'s kernel, which refreshes an outbound-only mapping', async () => {
  // iOS 6: a suspended app's non-VoIP socket stays open, unread, until the screen locks. The app
  // never answers, but each push draws an ACK from its kernel: an outbound packet (RFC 4787 REQ-6).
  const r = await runFast(scenario({ durationSec: 900, ios: 6, app: { voipSocket: false }, server: { heartbeatSec: null, pushEverySec: 70 }, nat: { idleTimeoutSec: 100, refreshOn: 'outbound' }, timeline: bgAt60 }));
  assert.equal(firstAfter(r.events, 'socket.defunct'), undefined, 'kept: the screen never locks');
  assert.equal(firstAfter(r.events, 'push', (e) => e.op === 'delivered'), undefined, 'unread: the app is suspended');
  assert.equal(r.summary.natExpiries, 0);
  const down = all(r.events, 'nat', (e) => e.op === 'forward' && e.dir === 'down');
  assert.ok(down.length >= 12 && down.every((e) => e.refreshed === true));
});

test('NAT refreshOn outbound: a defunct socket closes the mapping rather than letting it expire', async () => {
  const r2 = await runFast(scenario({ durationSec: 400, timeline: bgAt60, app: { voipSocket: false }, server: { heartbeatSec: 60, pushEverySec: null }, nat: { idleTimeoutSec: 100, refreshOn: 'outbound' } }));
  assert.equal(r2.summary.natExpiries, 0, 'a defunct socket closes the mapping instead of letting it expire');
});

test('network change drops every mapping; a VoIP app is told at once and reconnects within its wake', async () => {
  const r = await runFast(scenario({ durationSec: 400, timeline: [...bgAt60, { atSec: 200, action: 'network-change' }] }));
  const exp = firstAfter(r.events, 'nat', (e) => e.op === 'expired');
  assert.deepEqual([exp?.t, exp?.reason], [200_000, 'network-change']);
  assert.equal(r.summary.natExpiries, 0, 'a network change is not an idle expiry');
  assert.equal(firstAfter(r.events, 'lifecycle', (e) => e.state === 'woken')?.reason, 'voip-close');
  assert.equal(firstAfter(r.events, 'nat', (e) => e.op === 'created', 200_000)?.t, 202_000);
  assert.equal(r.summary.disconnects, 1);
});

test('dead-peer detection: the server drops a client that leaves 2 PINGs unanswered', async () => {
  const r = await runFast(scenario({ durationSec: 1000, timeline: bgAt60, server: { heartbeatSec: 330, pushEverySec: null } }));
  assert.equal(firstAfter(r.events, 'nat', (e) => e.op === 'expired')?.t, 300_000);
  assert.deepEqual(all(r.events, 'nat', (e) => e.op === 'drop').map((e) => e.t), [330_000, 660_000]);
  const dead = firstAfter(r.events, 'server', (e) => e.op === 'dead');
  assert.equal(dead?.t, 990_000);
  // The app never learned: it believed in the connection from the expiry to the end.
  assert.equal(r.summary.deadSec, 700);
});

test('pushes sent while the path is dead are lost and counted', async () => {
  const r = await runFast(scenario({ durationSec: 1000, timeline: bgAt60, server: { heartbeatSec: null, pushEverySec: 200 }, nat: { idleTimeoutSec: 150 } }));
  // 200 s delivered (the mapping saw HELLO at 0 s and would expire at 150 s: expired first).
  assert.deepEqual(r.summary.pushes, { sent: 5, delivered: 0, lost: 5, blocked: 0, delayed: 0 });
  const r2 = await runFast(scenario({ durationSec: 1000, timeline: bgAt60, server: { heartbeatSec: null, pushEverySec: 100 }, nat: { idleTimeoutSec: 150 } }));
  assert.deepEqual(r2.summary.pushes, { sent: 10, delivered: 10, lost: 0, blocked: 0, delayed: 0 }, 'pushes every 100 s keep a 150 s mapping alive');
});

async function withServer(fn: (port: number, events: LifelineEvent[]) => Promise<void>): Promise<void> {
  const clock = new RealtimeClock(1);
  const rec = new Recorder(clock);
  const events: LifelineEvent[] = [];
  rec.addSink((e) => events.push(e));
  const server = new HeartbeatServer({ host: '127.0.0.1', port: 0, heartbeatSec: null, pushEverySec: null, deadAfterMissed: 2, restartDownSec: 0 }, clock, new OpenWire(), rec);
  await server.start();
  const running = clock.run(Infinity);
  try {
    await fn(server.port, events);
  } finally {
    clock.stop();
    await running;
    await server.stop();
  }
}

function client(port: number): Promise<{ socket: net.Socket; lines: string[]; closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const lines: string[] = [];
    let buf = '';
    socket.on('data', (d) => {
      buf += d.toString('latin1');
      const parts = buf.split('\n');
      buf = parts.pop()!;
      lines.push(...parts);
    });
    const closed = new Promise<void>((r) => socket.on('close', () => r()));
    socket.on('error', () => {});
    socket.once('connect', () => resolve({ socket, lines, closed }));
    socket.once('error', reject);
  });
}

async function until(cond: () => boolean, what: string, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

for (const [label, bytes, reason] of [
  ['an unknown verb', 'HELO x\n', /unknown verb/],
  ['a malformed PING', 'PING abc\n', /sequence number/],
  ['garbage bytes', '\x00\xff\x01garbage\n', /non-ASCII/],
  ['a line over 1024 bytes', 'PING ' + '9'.repeat(2000) + '\n', /longer than 1024/],
] as const) {
  test(`server: ${label} gets ERR and only that connection is closed`, async () => {
    await withServer(async (port, events) => {
      const good = await client(port);
      const bad = await client(port);
      good.socket.write('HELLO good\n');
      bad.socket.write(bytes, 'latin1');
      await bad.closed;
      assert.match(bad.lines[0] ?? '', /^ERR /);
      assert.match(bad.lines[0] ?? '', reason);
      good.socket.write('PING 7\n');
      await until(() => good.lines.includes('PONG 7'), 'PONG from the server');
      assert.ok(events.some((e) => e.kind === 'server' && e.op === 'err'));
      good.socket.destroy();
    });
  });
}
