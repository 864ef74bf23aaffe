// The host thread (electron/host/host-thread.ts): `serve`'s main thread only relays the contract
// over real WebSockets to RunHost and the session store in a worker thread. A dead host thread is
// reported to its clients, a new one answers, and the session recorded so far is still listed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { WebSocket } from 'ws';
import { WebServer } from '../../electron/web/web-server.ts';
import { HostThread } from '../../electron/host/host-thread.ts';
import { checkFromHost, checkToHost } from '../../electron/host/host-protocol.ts';
import { findPreset, PRESETS } from '../../shared/scenario/presets.ts';
import type { RunStatusMessage } from '../../shared/contract/contract.ts';
import type { SessionInfo } from '../../shared/session/session-library.ts';
import { connect, rpc } from '../helpers/ws-client.ts';
import { syntheticSession } from '../helpers/synthetic-session.ts';
import { countOpens } from '../helpers/count-opens.ts';
import { DEFAULT_CLIENT_LIMITS } from '../../electron/host/client-limits.ts';
import { sessionHeader } from '../../shared/session/session-format.ts';

async function withThreadedServer(fn: (s: WebServer, thread: HostThread, dir: string, problems: string[]) => Promise<void>): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-web-'));
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>t</title>');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-thread-'));
  const problems: string[] = [];
  const thread = new HostThread({ dir, files: [] }, (why) => problems.push(why));
  await thread.started();
  const s = new WebServer({ host: '127.0.0.1', port: 0, root, hostThread: thread });
  await s.start();
  try {
    await fn(s, thread, dir, problems);
  } finally {
    await s.stop();
  }
}

let nextId = 100;
const call = (ws: WebSocket, channel: string, payload: unknown) => rpc(ws, JSON.stringify({ id: ++nextId, channel, payload }));

/** Resolves with the first push on `channel` that `match` accepts (bounded by the test's timeout). */
function nextPush<T>(ws: WebSocket, channel: string, match: (m: T) => boolean): Promise<T> {
  return new Promise((resolve) => {
    const on = (d: Buffer) => {
      const m = JSON.parse(String(d)) as { push?: string; message?: T };
      if (m.push === channel && match(m.message as T)) {
        ws.off('message', on);
        resolve(m.message as T);
      }
    };
    ws.on('message', on);
  });
}

test('through the host thread: a run is started, recorded and listed; bad requests get the contract\'s errors', { timeout: 60_000 }, async () => {
  await withThreadedServer(async (s) => {
    const ws = await connect(s);
    assert.equal(((await call(ws, 'presets.list', null)).result as unknown as unknown[]).length, PRESETS.length);
    assert.match((await call(ws, 'fs.readFile', '/etc/passwd')).result.error ?? '', /unknown channel "fs\.readFile"/);
    assert.match((await call(ws, 'run.start', { scenario: {}, mode: 'warp', speed: 1 })).result.error ?? '', /run\.start: mode/);
    const done = nextPush<RunStatusMessage>(ws, 'run.status', (m) => m.status === 'done');
    assert.equal((await call(ws, 'run.start', { scenario: findPreset('server-heartbeat-under-nat'), mode: 'fast', speed: 1 })).result.ok, true);
    assert.ok((await done).summary, 'the run ends with its summary');
    const list = (await call(ws, 'session.list', null)).result.value as SessionInfo[];
    assert.equal(list.length, 1);
    assert.ok(list[0]!.events > 0 && !list[0]!.pending, 'listed from the run\'s summary');
    ws.close();
  });
});

test('a payload nested 5,000 deep gets an error naming the problem; that page and the others are still served', { timeout: 60_000 }, async () => {
  await withThreadedServer(async (s, _thread, _dir, problems) => {
    const [a, b] = await Promise.all([connect(s), connect(s)]);
    // Parses fine, but cloning it for the host thread overflows the stack.
    const deep = `{"id":1,"channel":"nope","payload":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    const r = await rpc(a, deep);
    assert.deepEqual(r, { id: 1, result: { ok: false, error: 'the payload could not be handed to the host thread: it nests too deeply' } });
    for (const ws of [a, b]) assert.equal(((await call(ws, 'presets.list', null)).result as unknown as unknown[]).length, PRESETS.length);
    assert.deepEqual(problems, []);
    a.close();
    b.close();
  });
});

test('a host thread that dies: its client hears why, a new thread answers, and the session recorded so far is listed', { timeout: 60_000 }, async () => {
  await withThreadedServer(async (s, thread, dir, problems) => {
    const ws = await connect(s);
    const slow = structuredClone(findPreset('server-heartbeat-under-nat')!);
    const firstEvents = nextPush<{ events: unknown[] }>(ws, 'run.events', (m) => m.events.length > 0);
    assert.equal((await call(ws, 'run.start', { scenario: slow, mode: 'realtime', speed: 1 })).result.ok, true);
    await firstEvents;
    const failed = nextPush<RunStatusMessage>(ws, 'run.status', (m) => m.status === 'failed');
    await thread.kill();
    assert.match((await failed).error ?? '', /host thread stopped/);
    assert.ok(problems.some((p) => /host thread stopped/.test(p)), 'the relay reports the crash');
    // The same connection is served by the new thread.
    assert.equal(((await call(ws, 'presets.list', null)).result as unknown as unknown[]).length, PRESETS.length);
    const list = (await call(ws, 'session.list', null)).result.value as SessionInfo[];
    assert.deepEqual(list.map((i) => `${i.name}.jsonl`), fs.readdirSync(dir).filter((n) => n.endsWith('.jsonl')));
    assert.equal(list.length, 1, 'the interrupted run\'s file is listed');
    ws.close();
  });
});

test('envelopes across the thread boundary are checked, and the error names the field', () => {
  const notObject = checkToHost(null);
  assert.match(notObject.ok ? '' : notObject.error, /message: not an object/);
  const badOp = checkToHost({ op: 'exec', client: 1 });
  assert.match(badOp.ok ? '' : badOp.error, /op: unknown "exec"/);
  const badId = checkToHost({ op: 'call', client: 1, id: -1, channel: 'presets.list', payload: null });
  assert.match(badId.ok ? '' : badId.error, /call: id/);
  const badClient = checkToHost({ op: 'open', client: 'x', limits: {} });
  assert.match(badClient.ok ? '' : badClient.error, /client: not a whole number/);
  const fromHost = checkFromHost({ op: 'push', client: 1 });
  assert.match(fromHost.ok ? '' : fromHost.error, /push: client or channel missing/);
  assert.equal(checkToHost({ op: 'call', client: 1, id: 2, channel: 'presets.list', payload: null }).ok, true);
  const badFile = checkToHost({ op: 'open-file', id: 3, file: 42 });
  assert.match(badFile.ok ? '' : badFile.error, /open-file: file: not a path/);
  const badFileId = checkToHost({ op: 'open-file', id: 'x', file: '/tmp/a.json' });
  assert.match(badFileId.ok ? '' : badFileId.error, /open-file: id: not a whole number/);
  assert.equal(checkToHost({ op: 'open-file', id: 4, file: 'a.json' }).ok, true);
});

test('the relay\'s thread never reads a session: a big one is listed, summarised and read in the host thread while the relay answers', { timeout: 120_000 }, async () => {
  await withThreadedServer(async (s, _thread, dir) => {
    const events = syntheticSession(100_000);
    fs.writeFileSync(path.join(dir, 'big.jsonl'), [JSON.stringify(sessionHeader(findPreset('server-heartbeat-under-nat')!, 't')), ...events.map((e) => JSON.stringify(e))].join('\n') + '\n');
    const opens = countOpens((file) => file.startsWith(dir));
    try {
      const ws = await connect(s);
      const other = await connect(s);
      const first = (await call(ws, 'session.list', null)).result.value as SessionInfo[];
      assert.equal(first[0]!.pending, 'summarising');
      // While the host thread summarises, this thread answers HTTP and another page's requests.
      assert.equal((await fetch(s.url)).status, 200);
      assert.equal(((await call(other, 'presets.list', null)).result as unknown as unknown[]).length, PRESETS.length);
      let listed: SessionInfo | undefined;
      for (let i = 0; i < 600 && !(listed && !listed.pending); i++) {
        listed = ((await call(ws, 'session.list', null)).result.value as SessionInfo[])[0];
        if (listed?.pending) await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal(listed?.events, events.length);
      const chunk = (await call(ws, 'session.read', { id: listed!.id, offset: 0 })).result;
      assert.equal(chunk.ok, true, chunk.error);
      assert.equal(opens.count(), 0, 'no session file was opened on the relay\'s thread');
      ws.close();
      other.close();
    } finally {
      opens.restore();
    }
  });
});

test('a host thread that cannot start is not restarted: start-up and every call fail with the reason', async () => {
  // A file where the data folder should be: the session store throws while the thread starts.
  const notADir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-thread-')), 'a-file');
  fs.writeFileSync(notADir, 'x');
  const problems: string[] = [];
  const thread = new HostThread({ dir: notADir, files: [] }, (why) => problems.push(why));
  await assert.rejects(thread.started(), /host thread could not start/);
  const answer = await thread.client(() => {}, DEFAULT_CLIENT_LIMITS).handle('session.list', null);
  assert.equal((answer as { ok: boolean }).ok, false);
  assert.match((answer as { error: string }).error, /could not start/);
  // One failure told, not a restart loop.
  assert.equal(problems.filter((p) => p.startsWith('host thread failed')).length, 1, problems.join('\n'));
  assert.ok(!problems.some((p) => p.includes('a new one was started')), problems.join('\n'));
  await thread.stop();
});
