// The NAT box and the heartbeat server, over real loopback sockets (FACTS: NAT and middleboxes;
// Heartbeat designs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { all, firstAfter, runFast, scenario } from '../helpers/run.ts';
import { HeartbeatServer } from '../../electron/engine/net/heartbeat-server.ts';
import { OpenWire } from '../../electron/engine/net/traffic-ledger.ts';
import { RealtimeClock } from '../../electron/engine/clock/realtime-clock.ts';
import { Recorder } from '../../electron/engine/recorder.ts';
import type { LifelineEvent } from '../../shared/log/events.ts';

const bgAt60 = [{ atSec: 60, action: 'background' as const }];

test('NAT silent-drop: the server bytes vanish, the device learns only when it sends (RST)', async () => {
  const r = await runFast(scenario({
    durationSec: 700,
    server: { heartbeatSec: null, pushEverySec: 300 },
    nat: { idleTimeoutSec: 120, onExpiry: 'silent-drop' },
    app: { clientHeartbeatSec: 400 },
    timeline: [...bgAt60, { atSec: 500, action: 'foreground' }],
  }));
  // The last traffic was at 0 s (HELLO): the mapping expires at 120 s.
  assert.equal(firstAfter(r.events, 'nat', (e) => e.op === 'expired')?.t, 120_000);
  // The push at 300 s is dropped by the box; nobody is told.
  const drop = firstAfter(r.events, 'nat', (e) => e.op === 'drop');
  assert.deepEqual([drop?.t, drop?.verb], [300_000, 'PUSH']);
  assert.equal(firstAfter(r.events, 'push', (e) => e.op === 'delivered'), undefined);
  // Back in the foreground at 500 s the client timer resumes with the 335 s it had left (it ran
  // 65 s before suspension), so it would fire at 835 s: after the end. The app never finds out.
  assert.equal(firstAfter(r.events, 'nat', (e) => e.op === 'rst'), undefined);
  assert.equal(r.summary.natExpiries, 1);
  assert.equal(r.summary.deadSec, 580);
});

test('NAT silent-drop: the next bytes from the device get a RST and a running app reconnects', async () => {
  const r = await runFast(scenario({
    durationSec: 400,
    server: { heartbeatSec: null, pushEverySec: null },
    nat: { idleTimeoutSec: 100 },
    app: { clientHeartbeatSec: 150 },
    timeline: [],
  }));
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

test('NAT reset: on expiry both ends get a RST at the same virtual instant', async () => {
  const r = await runFast(scenario({ durationSec: 300, timeline: [], server: { heartbeatSec: null, pushEverySec: null }, nat: { idleTimeoutSec: 90, onExpiry: 'reset' }, app: { reconnect: null } }));
  const dev = firstAfter(r.events, 'conn', (e) => e.op === 'closed');
  const srv = firstAfter(r.events, 'server', (e) => e.op === 'closed');
  assert.deepEqual([dev?.t, dev?.cause], [90_000, 'reset']);
  assert.deepEqual([srv?.t, srv?.reason], [90_000, 'ECONNRESET']);
  assert.equal(r.summary.deadSec, 0);
  assert.equal(r.summary.disconnects, 1);
});

test('NAT refreshOn outbound: server heartbeats do not keep the mapping, device traffic does', async () => {
  const run = (refreshOn: 'both' | 'outbound') =>
    runFast(scenario({ durationSec: 900, timeline: [], server: { heartbeatSec: 60, pushEverySec: null }, nat: { idleTimeoutSec: 300, refreshOn } }));
  const both = await run('both');
  const out = await run('outbound');
  assert.equal(both.summary.natExpiries, 0);
  // The device's PONGs are outbound, so they refresh the mapping even in 'outbound' mode…
  assert.equal(out.summary.natExpiries, 0);
  // …but the server's PINGs do not: every forward down is marked not refreshed.
  assert.ok(all(out.events, 'nat', (e) => e.op === 'forward' && e.dir === 'down').every((e) => e.refreshed === false));
  assert.ok(all(out.events, 'nat', (e) => e.op === 'forward' && e.dir === 'up').every((e) => e.refreshed === true));
});

test('NAT refreshOn outbound: the device\'s PONGs keep the mapping, and a defunct socket closes it rather than letting it expire', async () => {
  const r = await runFast(scenario({ durationSec: 400, timeline: bgAt60, app: { voipSocket: true }, server: { heartbeatSec: 60, pushEverySec: null }, nat: { idleTimeoutSec: 100, refreshOn: 'outbound' } }));
  // PONGs at 60 s refresh; at 120 s the PING is forwarded (not refreshing), its PONG refreshes again.
  // So the device still answers — outbound traffic keeps it. Expiry needs a device that stops answering:
  assert.equal(r.summary.natExpiries, 0);
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
