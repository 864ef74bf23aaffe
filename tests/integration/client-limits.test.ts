// One client cannot take the host down: a sweep belongs to its client and stops on sweep.cancel or
// when the client goes; a client has a bounded number of sweeps and runs going, and more requests
// get a clear refusal; a run's session file is capped in size; browser mode takes a bounded number
// of pages. Everything is observed through the contract and the event log, never the wall clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import net from 'node:net';
import { WebSocket } from 'ws';
import { RunHost } from '../../electron/host/run-host.ts';
import { ClientQuota, DEFAULT_CLIENT_LIMITS, MAX_REQUESTS_IN_FLIGHT } from '../../electron/host/client-limits.ts';
import { SessionStore } from '../../electron/capture/session-store.ts';
import { readSessionFile } from '../../electron/capture/session-reader.ts';
import { WebServer } from '../../electron/web/web-server.ts';
import { findPreset } from '../../shared/scenario/presets.ts';
import type { PushChannel, PushChannels, Result, RunStatusMessage } from '../../shared/contract/contract.ts';
import type { SweepResult } from '../../shared/scenario/sweep.ts';
import { connect, rpc, type RpcAnswer } from '../helpers/ws-client.ts';
import { eventually } from '../helpers/service.ts';

type Message = { [C in PushChannel]: { channel: C; m: PushChannels[C] } }[PushChannel];
const scenario = findPreset('server-heartbeat-under-nat')!;
/** 1,901 runs of an hour each: minutes of work, far longer than any test waits. */
const LONG_SWEEP = { scenario, field: 'server.heartbeatSec', from: 30, to: 600, step: 0.3 };
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-limits-'));

function client(quota = new ClientQuota(), sessions = new SessionStore()): { h: RunHost; messages: Message[]; progress: () => number } {
  const messages: Message[] = [];
  const h = new RunHost((channel, m) => messages.push({ channel, m } as Message), sessions, quota);
  const progress = () => messages.filter((x) => x.channel === 'sweep.progress').length;
  return { h, messages, progress };
}

const started = (c: ReturnType<typeof client>, runs = 1) => eventually(() => c.progress() >= runs, 60_000);

test('sweep.cancel stops the sweep at once: it answers "sweep cancelled" with most runs never started', async () => {
  const c = client();
  const sweep = c.h.handle('sweep.run', LONG_SWEEP) as Promise<Result<SweepResult>>;
  assert.ok(await started(c));
  assert.deepEqual(await c.h.handle('sweep.cancel', null), { ok: true, value: null });
  assert.deepEqual(await sweep, { ok: false, error: 'sweep cancelled' });
  const done = c.progress();
  assert.ok(done < 100, `${done} of 1,901 runs finished`);
  assert.deepEqual(await c.h.handle('sweep.cancel', null), { ok: false, error: 'no sweep in progress' });
  await c.h.dispose();
});

test('a client has one sweep at a time; more are refused with the reason; another client is not affected', async () => {
  const a = client();
  const first = a.h.handle('sweep.run', LONG_SWEEP) as Promise<Result<SweepResult>>;
  const more = (await Promise.all(Array.from({ length: 20 }, () => a.h.handle('sweep.run', LONG_SWEEP)))) as Result<SweepResult>[];
  for (const r of more) {
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.error, /^sweep\.run: this connection already has 1 sweep going \(at most 1 at once\); wait for it to finish or cancel it \(sweep\.cancel\)$/);
  }
  // The slot is checked before any work: a refused request is not even validated (a flood costs nothing).
  const bad = (await a.h.handle('sweep.run', { ...LONG_SWEEP, scenario: { name: 'not a scenario' } })) as Result<SweepResult>;
  assert.match(bad.ok ? '' : bad.error, /^sweep\.run: this connection already has 1 sweep going/);
  // Another client's sweep runs to its end meanwhile.
  const b = client();
  const small = (await b.h.handle('sweep.run', { scenario, field: 'server.heartbeatSec', from: 240, to: 300, step: 60 })) as Result<SweepResult>;
  assert.equal(small.ok, true, small.ok ? '' : small.error);
  await a.h.handle('sweep.cancel', null);
  assert.deepEqual(await first, { ok: false, error: 'sweep cancelled' });
  // The slot is free again.
  const again = a.h.handle('sweep.run', { scenario, field: 'server.heartbeatSec', from: 240, to: 240, step: 1 }) as Promise<Result<SweepResult>>;
  assert.equal((await again).ok, true);
  await Promise.all([a.h.dispose(), b.h.dispose()]);
});

test('a client that goes stops its sweep and its runs: dispose resolves once they have wound down', async () => {
  const c = client();
  const sweep = c.h.handle('sweep.run', LONG_SWEEP) as Promise<Result<SweepResult>>;
  const run = (await c.h.handle('run.start', { scenario, mode: 'realtime', speed: 1 })) as Result<{ runId: number }>;
  assert.ok(run.ok);
  assert.ok(await started(c));
  await c.h.dispose();
  assert.deepEqual(await sweep, { ok: false, error: 'sweep cancelled' });
  const status = c.messages.filter((x): x is Extract<Message, { channel: 'run.status' }> => x.channel === 'run.status').at(-1)!.m;
  assert.equal(status.status, 'done', 'the live run was stopped and reported');
  assert.deepEqual(c.h.quota.counts, { sweeps: 0, runs: 0 });
});

test('a client has at most two runs going (the live one and one winding down); the next start is refused', async () => {
  const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
  const before = timers();
  const c = client();
  const start = () => c.h.handle('run.start', { scenario, mode: 'realtime', speed: 1 }) as Promise<Result<{ runId: number }>>;
  // Three starts in one turn: the first run cannot have wound down when the third arrives.
  const [a, b, third] = await Promise.all([start(), start(), start()]);
  assert.ok(a.ok && b.ok);
  assert.equal(third.ok, false);
  assert.match(third.ok ? '' : third.error, /^run\.start: this connection already has 2 runs going \(at most 2 at once\); wait for the last one to stop$/);
  await c.h.handle('run.stop', null);
  assert.ok(await eventually(() => c.h.quota.counts.runs === 0, 30_000));
  const later = await start();
  assert.equal(later.ok, true);
  await c.h.dispose();
  // A run stopped while its sockets were still opening leaves no timer behind (no clock watchdog).
  assert.ok(await eventually(() => timers() <= before, 30_000), `${timers()} timers, ${before} before`);
});

test('a run started by a client stops at its session-file cap, with a clear error, and the file is whole', async () => {
  const dir = tmp();
  const cap = 40 * 1024;
  const c = client(new ClientQuota({ ...DEFAULT_CLIENT_LIMITS, sessionBytes: cap }), new SessionStore({ dir }));
  const r = (await c.h.handle('run.start', { scenario: findPreset('lte-heartbeat-30s'), mode: 'fast', speed: 1 })) as Result<{ runId: number }>;
  assert.ok(r.ok);
  assert.ok(await eventually(() => c.messages.some((x) => x.channel === 'run.status' && ['done', 'failed'].includes(x.m.status)), 60_000));
  const end = c.messages.find((x) => x.channel === 'run.status' && x.m.status !== 'running')!.m as RunStatusMessage;
  assert.equal(end.status, 'failed');
  assert.match(end.error ?? '', /the session file reached its size limit of 40 KB, the cap on runs started by a client \(lifeline serve --max-session-mb\)/);
  const [file] = fs.readdirSync(dir).filter((n) => n.endsWith('.jsonl'));
  const size = fs.statSync(path.join(dir, file!)).size;
  assert.ok(size > cap && size < cap + 2048, `${size} bytes`);
  const s = readSessionFile(path.join(dir, file!));
  assert.equal(s.truncated, false);
  assert.equal(s.events.at(-1)!.kind, 'run.end');
  // Listed from the run's own summary, at once.
  const list = (await c.h.handle('session.list', null)) as Result<{ events: number; pending?: string }[]>;
  assert.ok(list.ok);
  assert.equal(list.value[0]!.pending, undefined);
  assert.equal(list.value[0]!.events, s.events.length);
  await c.h.dispose();
});

/** A WebSocket upgrade the server answers with an HTTP refusal: its status and body. */
function upgradeRefusal(port: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/ws', headers: { Origin: `http://127.0.0.1:${port}`, Host: `127.0.0.1:${port}`, Upgrade: 'websocket', Connection: 'Upgrade', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Version': '13' } });
    req.on('upgrade', (_res, socket) => {
      socket.destroy();
      reject(new Error('the upgrade was accepted'));
    });
    req.on('error', reject);
    req.on('response', (res) => {
      let body = '';
      res.on('data', (d) => (body += d)).on('end', () => resolve({ status: res.statusCode!, body }));
    });
  });
}

test('browser mode: closing the page stops its sweep (its sockets are gone); a ninth page is refused', async () => {
  const root = tmp();
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>t</title>');
  const server = new WebServer({ host: '127.0.0.1', port: 0, root });
  await server.start();
  const tcp = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap' || r === 'TCPServerWrap').length;
  try {
    const before = tcp();
    const ws = await connect(server);
    let progress = 0;
    ws.on('message', (d) => (JSON.parse(String(d)).push === 'sweep.progress' ? progress++ : 0));
    ws.send(JSON.stringify({ id: 1, channel: 'sweep.run', payload: LONG_SWEEP }));
    assert.ok(await eventually(() => progress >= 1, 60_000));
    assert.ok(tcp() > before + 4, 'the sweep runs simulations on real sockets');
    ws.close();
    assert.ok(await eventually(() => tcp() <= before && server.clients === 0, 30_000), `${tcp()} TCP handles, ${before} before`);

    const pages = await Promise.all(Array.from({ length: 8 }, () => connect(server)));
    const ninth = await upgradeRefusal(server.port);
    assert.equal(ninth.status, 503);
    assert.match(ninth.body, /at most 8 pages at once \(lifeline serve --max-clients\)/);
    const r = await rpc(pages[0]!, JSON.stringify({ id: 1, channel: 'presets.list', payload: null }));
    assert.ok(Array.isArray(r.result), 'the pages already connected are served');
    for (const p of pages) p.close();
  } finally {
    await server.stop();
  }
});

test('browser mode: a page that sends without reading its answers is closed once 1 MB waits unsent; another page is served', { timeout: 120_000 }, async () => {
  const root = tmp();
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>t</title>');
  const server = new WebServer({ host: '127.0.0.1', port: 0, root, maxUnreadBytes: 1 << 20, maxClients: 1 });
  await server.start();
  try {
    const flooder = await connect(server);
    let answers = 0;
    flooder.on('message', () => answers++);
    const closed = new Promise<{ code: number; reason: string }>((resolve) => flooder.once('close', (code, reason) => resolve({ code, reason: String(reason) })));
    // It reads nothing: every answer (the presets, about 36 KB) stays with the server once the
    // kernel's buffers (a few MB) are full. Sent in rounds under the cap on requests in flight, so
    // each is answered in full, until the server drops it: at most 4,000 (about 140 MB of answers).
    flooder.pause();
    let sent = 0;
    for (let round = 0; round < 200 && server.clients > 0; round++) {
      for (let i = 0; i < 20; i++) flooder.send(JSON.stringify({ id: sent++, channel: 'presets.list', payload: null }));
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.ok(await eventually(() => server.clients === 0, 30_000), 'the server dropped the page that does not read');
    // Its socket, and the answers queued on it, still count against --max-clients until it is gone.
    assert.equal((await upgradeRefusal(server.port)).status, 503);
    // Reading again, it gets what was queued, then the close and its reason.
    flooder.resume();
    const { code, reason } = await closed;
    assert.equal(code, 1008);
    assert.equal(reason, 'this page is not reading its answers: over 1 MB unsent');
    assert.ok(answers < sent, `${answers} answers of ${sent}`);
    const other = await connect(server);
    assert.ok(Array.isArray((await rpc(other, JSON.stringify({ id: 1, channel: 'presets.list', payload: null }))).result));
    assert.equal(server.clients, 1);
    other.close();
  } finally {
    await server.stop();
  }
});

test('browser mode: a burst of 200 requests in one write gets every answer, those past 64 in flight refused with the reason', { timeout: 60_000 }, async () => {
  const root = tmp();
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>t</title>');
  const server = new WebServer({ host: '127.0.0.1', port: 0, root });
  await server.start();
  try {
    // Our own socket, corked, so the 200 frames reach the server together: it reads them all before any answer is due.
    let socket: net.Socket | undefined;
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws`, { origin: `http://127.0.0.1:${server.port}`, createConnection: (o: unknown) => (socket = net.connect(o as net.NetConnectOpts)) });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const sent = 200;
    const got: RpcAnswer[] = [];
    const all = new Promise<void>((resolve) => ws.on('message', (d) => got.push(JSON.parse(String(d))) === sent && resolve()));
    socket!.cork();
    for (let i = 0; i < sent; i++) ws.send(JSON.stringify({ id: i, channel: 'presets.list', payload: null }));
    socket!.uncork();
    await all;
    const refused = got.filter((a) => !Array.isArray(a.result));
    assert.ok(refused.length > 0 && refused.length <= sent - MAX_REQUESTS_IN_FLIGHT, `${refused.length} refused`);
    for (const a of refused) assert.equal(a.result.error, `too many requests in flight: this connection has ${MAX_REQUESTS_IN_FLIGHT} awaiting their answers (at most ${MAX_REQUESTS_IN_FLIGHT}); wait for them`);
    // Once they are answered, the connection is served as before.
    assert.ok(Array.isArray((await rpc(ws, JSON.stringify({ id: 1, channel: 'presets.list', payload: null }))).result));
    ws.close();
  } finally {
    await server.stop();
  }
});
