// Browser mode's WebSocket carries the contract: untrusted input gets a clear error, never a crash,
// and pages from other sites cannot connect.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WebServer } from '../../electron/web/web-server.ts';
import { PRESETS, findPreset } from '../../shared/scenario/presets.ts';
import { connect, rpc } from '../helpers/ws-client.ts';
import { EVENT_BATCH_MS } from '../../shared/contract/contract.ts';
import type { WebSocket } from 'ws';

async function withServer(fn: (s: WebServer) => Promise<void>): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-web-'));
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>t</title>');
  const s = new WebServer({ host: '127.0.0.1', port: 0, root });
  await s.start();
  try {
    await fn(s);
  } finally {
    await s.stop();
  }
}

test('serves the renderer with a CSP header, and nothing outside its folder', async () => {
  await withServer(async (s) => {
    const r = await fetch(s.url);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-security-policy') ?? '', /default-src 'self'/);
    assert.equal((await fetch(`${s.url}..%2f..%2fetc%2fpasswd`)).status, 404);
  });
});

test('a page from another origin cannot open the WebSocket', async () => {
  await withServer(async (s) => {
    await assert.rejects(connect(s, 'http://evil.example'), /403/);
  });
});

test('bad messages get errors that name the problem; the connection keeps serving', async () => {
  await withServer(async (s) => {
    const ws = await connect(s);
    assert.match((await rpc(ws, 'not json')).result.error ?? '', /not valid JSON/);
    assert.match((await rpc(ws, JSON.stringify({ id: 1, channel: 'fs.readFile', payload: '/etc/passwd' }))).result.error ?? '', /unknown channel "fs\.readFile"/);
    assert.match((await rpc(ws, JSON.stringify({ id: 2, channel: 'run.start', payload: { scenario: {}, mode: 'warp', speed: 1 } }))).result.error ?? '', /run\.start: mode/);
    assert.match((await rpc(ws, JSON.stringify({ id: 3, channel: 'run.start', payload: { scenario: { name: 'x' }, mode: 'fast', speed: 1 } }))).result.error ?? '', /scenario: durationSec/);
    assert.match((await rpc(ws, JSON.stringify({ id: 4, channel: 'run.act', payload: { action: 'kill' } }))).result.error ?? '', /no run in progress/);
    const presets = await rpc(ws, JSON.stringify({ id: 5, channel: 'presets.list', payload: null }));
    assert.equal((presets.result as unknown as unknown[]).length, PRESETS.length);
    ws.close();
  });
});

/**
 * The push messages of one WebSocket, each stamped with the batch tick it arrived after. The host
 * flushes on a `setInterval` of EVENT_BATCH_MS; the test mocks that interval and fires it itself,
 * so the batching contract is checked per tick, whatever the machine's speed.
 */
function pushLog(ws: WebSocket, ticks: { n: number }) {
  const log: { tick: number; push: string; message: { events?: unknown[]; status?: string; virtualMs: number; summary?: { heartbeats: { server: number } } } }[] = [];
  const waiters: (() => void)[] = [];
  ws.on('message', (d) => {
    const m = JSON.parse(String(d));
    if (!('push' in m)) return;
    log.push({ tick: ticks.n, push: m.push, message: m.message });
    waiters.splice(0).forEach((w) => w());
  });
  /** Resolves once `n` push messages have arrived (bounded by the test's own timeout). */
  const until = (n: number) => new Promise<void>((resolve) => (log.length >= n ? resolve() : waiters.push(function again() {
    if (log.length >= n) resolve();
    else waiters.push(again);
  })));
  return { log, until };
}

test('a fast run sends its events in one batch, never one message per event, and ends with the summary', { timeout: 60_000 }, async (t) => {
  t.mock.timers.enable({ apis: ['setInterval'] });
  await withServer(async (s) => {
    const ws = await connect(s);
    const ticks = { n: 0 };
    const { log, until } = pushLog(ws, ticks);
    const r = await rpc(ws, JSON.stringify({ id: 1, channel: 'run.start', payload: { scenario: findPreset('server-heartbeat-under-nat'), mode: 'fast', speed: 1 } }));
    assert.equal(r.result.ok, true);
    // No batch tick fires: the run's end flushes what it recorded, then says done with the summary.
    await until(2);
    assert.deepEqual(log.map((m) => m.push), ['run.events', 'run.status']);
    const [batch, end] = log as [(typeof log)[number], (typeof log)[number]];
    assert.ok(batch.message.events!.length > 100, `${batch.message.events!.length} events in the batch`);
    assert.equal(end.message.status, 'done');
    assert.equal(end.message.summary!.heartbeats.server, 13);
    ws.close();
  });
});

test('a realtime run sends exactly one message per batch tick (EVENT_BATCH_MS): its events, or its progress when there are none', { timeout: 60_000 }, async (t) => {
  t.mock.timers.enable({ apis: ['setInterval'] });
  await withServer(async (s) => {
    const ws = await connect(s);
    const ticks = { n: 0 };
    const { log, until } = pushLog(ws, ticks);
    const busy = structuredClone(findPreset('server-heartbeat-under-nat')!);
    busy.server.heartbeatSec = 1;
    assert.equal((await rpc(ws, JSON.stringify({ id: 1, channel: 'run.start', payload: { scenario: busy, mode: 'realtime', speed: 100 } }))).result.ok, true);
    const TICKS = 20;
    for (let i = 1; i <= TICKS; i++) {
      ticks.n = i;
      t.mock.timers.tick(EVENT_BATCH_MS);
      await until(i);
    }
    ticks.n = TICKS + 1; // Stop's own answers (its status, the last events, done) come after the ticks.
    await rpc(ws, JSON.stringify({ id: 2, channel: 'run.stop', payload: null }));
    const during = log.filter((m) => m.tick >= 1 && m.tick <= TICKS);
    // Nothing arrived before the first tick, and each tick brought one message, no more.
    assert.equal(log.filter((m) => m.tick === 0).length, 0);
    assert.deepEqual(during.map((m) => m.tick), Array.from({ length: TICKS }, (_, i) => i + 1));
    for (const m of during) assert.ok(m.push === 'run.events' || (m.push === 'run.status' && m.message.status === 'running'), `${m.push} ${m.message.status}`);
    // The run went on meanwhile: its clock only moves forward, and its events came batched.
    const clock = during.map((m) => m.message.virtualMs);
    assert.deepEqual(clock, [...clock].sort((a, b) => a - b));
    assert.ok(during.some((m) => (m.message.events?.length ?? 0) > 1), 'several events share a batch');
    ws.close();
  });
});
