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

test('a run streams events in batches (never one message per event, at most ~30 messages a second) and ends with the summary', async () => {
  await withServer(async (s) => {
    const ws = await connect(s);
    let batches = 0;
    let events = 0;
    const times: number[] = [];
    ws.on('message', () => times.push(performance.now()));
    const done = new Promise<{ summary: { heartbeats: { server: number } } }>((resolve) => {
      ws.on('message', (d) => {
        const m = JSON.parse(String(d));
        if (m.push === 'run.events') {
          batches++;
          events += m.message.events.length;
        }
        if (m.push === 'run.status' && m.message.status === 'done') resolve(m.message);
      });
    });
    const r = await rpc(ws, JSON.stringify({ id: 1, channel: 'run.start', payload: { scenario: findPreset('server-heartbeat-under-nat'), mode: 'fast', speed: 1 } }));
    assert.equal(r.result.ok, true);
    const end = await done;
    assert.equal(end.summary.heartbeats.server, 13);
    assert.ok(events > 100, `${events} events`);
    assert.ok(batches < events / 10, `${batches} batches for ${events} events`);
    ws.close();
  });
});

test('a realtime run sends at most ~30 messages a second', async () => {
  await withServer(async (s) => {
    const ws = await connect(s);
    const times: number[] = [];
    ws.on('message', () => times.push(performance.now()));
    const busy = structuredClone(findPreset('server-heartbeat-under-nat')!);
    busy.server.heartbeatSec = 1;
    await rpc(ws, JSON.stringify({ id: 1, channel: 'run.start', payload: { scenario: busy, mode: 'realtime', speed: 100 } }));
    const start = performance.now();
    await new Promise((r) => setTimeout(r, 1500));
    await rpc(ws, JSON.stringify({ id: 2, channel: 'run.stop', payload: null }));
    // A whole second in the middle of the run, away from the start and stop replies.
    const inLastSecond = times.filter((t) => t > start + 250 && t <= start + 1250).length;
    assert.ok(inLastSecond <= 33, `${inLastSecond} messages in one second`);
    assert.ok(inLastSecond >= 10, `live progress keeps coming: ${inLastSecond}`);
    ws.close();
  });
});
