// `lifeline run --server` as a user runs it, against a real mosquitto and real misbehaving peers:
// the summary, session file, replay and pcapng export of a run; and for each way a server can be
// wrong, one line naming the URL (never its password) and what went wrong, with exit 2 for a bad
// URL and exit 1 for a run that failed. Also the inspector's side (RunHost): the same choice,
// the same refusals.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { WebSocketServer } from 'ws';
import { cliAsync } from '../helpers/service.ts';
import { freePort, startMosquitto, type Broker } from '../helpers/mosquitto.ts';
import { scenario } from '../helpers/run.ts';
import { RunHost } from '../../electron/host/run-host.ts';
import { SessionStore } from '../../electron/capture/session-store.ts';
import type { PushChannels } from '../../shared/contract/contract.ts';

const PASSWORD = 'hunter2-secret';
let broker: Broker;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-own-'));
before(async () => {
  broker = await startMosquitto({ users: { alice: PASSWORD } });
});
after(async () => {
  await broker.stop();
});

/** A short MQTT scenario: keep-alive 2 s, a suspended VoIP app, a push at 2 s. */
const file = path.join(dir, 'short.json');
fs.writeFileSync(
  file,
  JSON.stringify({
    ...scenario({
      name: 'short-mqtt', durationSec: 5,
      app: { heartbeatPolicy: 'mqtt', mqttKeepAliveSec: 2, reconnect: { initialSec: 0.5, maxSec: 0.5 } },
      server: { heartbeatSec: null, pushEverySec: 2 },
      timeline: [{ atSec: 0.5, action: 'background' }],
      model: { suspendAfterSec: 1, voipWakeSec: 2 },
    }),
  }),
);

/** The CLI, run without blocking this process: the misbehaving peers live here. */
const cli = (...args: string[]) => cliAsync(args, 60_000);

const authUrl = () => `mqtt://alice:${PASSWORD}@127.0.0.1:${broker.port}`;

test('run --server: the summary, the session file, replay and the pcapng export all work, and record the URL without its password', async () => {
  const out = path.join(dir, 'own.jsonl');
  const r = await cli('run', file, '--server', authUrl(), '--json', '--out', out);
  assert.equal(r.status, 0, r.stderr + broker.log());
  const shown = `mqtt://alice@127.0.0.1:${broker.port}`;
  assert.match(r.stderr, new RegExp(`short-mqtt: realtime at 1× against ${shown.replace(/[/.]/g, '\\$&')} \\(a real server keeps wall-clock time\\)`));
  const summary = JSON.parse(r.stdout);
  assert.equal(summary.server, shown);
  assert.equal(summary.mode, 'realtime');
  assert.equal(summary.pushes.delivered, 2);
  const text = fs.readFileSync(out, 'utf8');
  assert.equal(JSON.parse(text.split('\n')[0]!).server, shown);
  for (const where of [r.stdout, r.stderr, text]) assert.ok(!where.includes(PASSWORD), 'the password is nowhere');
  const replay = await cli('replay', out, '--json');
  assert.equal(replay.status, 0, replay.stderr);
  assert.deepEqual(JSON.parse(replay.stdout), summary);
  const pcap = path.join(dir, 'own.pcapng');
  const exp = await cli('export', out, '--pcapng', pcap);
  assert.equal(exp.status, 0, exp.stderr);
  const bytes = fs.readFileSync(pcap);
  // The broker's CONNACK and the app's PINGREQ-less CONNECT travel as MQTT bytes, not as text.
  assert.ok(bytes.includes(Buffer.from('20020000', 'hex')), 'a CONNACK 0');
  assert.ok(bytes.includes(Buffer.from('MQTT')) && !bytes.includes(Buffer.from(PASSWORD)));
  const human = await cli('replay', out);
  assert.match(human.stdout, new RegExp(`server\\s+${shown.replace(/[/.]/g, '\\$&')} \\(your own, realtime at 1×\\)`));
});

test('bad input exits 2 with one line: a bad URL, fast mode, a speed, a scenario a real server cannot follow', async () => {
  const pushkit = path.join(dir, 'pushkit.json');
  fs.writeFileSync(pushkit, JSON.stringify(scenario({ name: 'pk', server: { pushVia: 'pushkit' } })));
  for (const [args, msg] of [
    [['run', file, '--server', 'http://127.0.0.1:1'], /^lifeline: --server: expected mqtt:\/\/.* or ws:\/\/.*, got "http:\/\/127\.0\.0\.1:1"\n$/],
    [['run', file, '--server', `mqtt://alice:${PASSWORD}@h:0`], /^lifeline: --server: the port must be from 1 to 65535, got "mqtt:\/\/alice:\*\*\*@h:0"\n$/],
    [['run', file, '--server', broker.url, '--mode', 'fast'], /^lifeline: --server: a run against your own server is realtime at 1× .*fast mode and other speeds are off\n$/],
    [['run', file, '--server', broker.url, '--mode', 'realtime', '--speed', '60'], /realtime at 1×/],
    [['run', file, '--server', broker.url, '--push-url', 'ws://h:1/p'], /--push-url: only with a ws:\/\/ server/],
    [['run', file, '--push-url', 'ws://h:1/p'], /--push-url: only with --server/],
    [['run', pushkit, '--server', broker.url], /pushkit\.json: server\.pushVia: "pushkit" needs the built-in server/],
  ] as const) {
    const r = await cli(...args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, msg);
    assert.ok(!r.stderr.includes(PASSWORD));
  }
});

/** A TCP server that does `fn` with each connection, for the length of `body`. */
async function peer(fn: (s: net.Socket) => void, body: (port: number) => Promise<void>): Promise<void> {
  const srv = net.createServer(fn);
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  try {
    await body((srv.address() as net.AddressInfo).port);
  } finally {
    srv.close();
  }
}

async function failsWith(url: string, msg: RegExp, ...more: string[]): Promise<void> {
  const r = await cli('run', file, '--server', url, ...more);
  assert.equal(r.status, 1, `${url}: ${r.stderr}`);
  const last = r.stderr.trim().split('\n').at(-1)!;
  assert.match(last, msg);
  assert.ok(!r.stderr.includes(PASSWORD));
}

test('a server that is wrong fails the run (exit 1) with one line naming the URL and what went wrong', async () => {
  const nobody = await freePort();
  await failsWith(`mqtt://127.0.0.1:${nobody}`, new RegExp(`^lifeline: run failed: mqtt://127\\.0\\.0\\.1:${nobody}: cannot connect: connection refused: nothing listens there \\(ECONNREFUSED\\)$`));
  await failsWith(`mqtt://alice:wrong-${PASSWORD}@127.0.0.1:${broker.port}`, new RegExp(`^lifeline: run failed: mqtt://alice@127\\.0\\.0\\.1:${broker.port}: the broker refused CONNECT: CONNACK [45] \\((bad user name or password|not authorized)\\)$`));
  await failsWith(`mqtt://127.0.0.1:${broker.port}`, /the broker refused CONNECT: CONNACK [45]/);
  await peer((s) => s.destroy(), (port) => failsWith(`mqtt://127.0.0.1:${port}`, new RegExp(`^lifeline: run failed: mqtt://127\\.0\\.0\\.1:${port}: the server closed the connection before answering CONNECT \\(is it an MQTT broker\\?\\)$`)));
  await peer(
    (s) => s.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n'),
    (port) => failsWith(`mqtt://127.0.0.1:${port}`, new RegExp(`^lifeline: run failed: mqtt://127\\.0\\.0\\.1:${port}: not an MQTT broker\\? it sent "HTTP/1\\.1 400 Bad Request", which is no MQTT packet`)),
  );
  await peer((s) => s.destroy(), (port) => failsWith(`ws://127.0.0.1:${port}/device`, new RegExp(`^lifeline: run failed: ws://127\\.0\\.0\\.1:${port}/device: the server closed the connection before answering the upgrade \\(is it a WebSocket server\\?\\)$`)));
  // A server that resets once it has read the request (RST, not FIN) closed before answering too.
  const resets = (s: net.Socket) => s.once('data', () => s.resetAndDestroy());
  await peer(resets, (port) => failsWith(`ws://127.0.0.1:${port}/device`, /: the server closed the connection before answering the upgrade \(is it a WebSocket server\?\)$/));
  await peer(resets, (port) => failsWith(`mqtt://127.0.0.1:${port}`, /: the server closed the connection before answering CONNECT \(is it an MQTT broker\?\)$/));
  await peer(
    (s) => s.end('garbage\r\n\r\n'),
    (port) => failsWith(`ws://127.0.0.1:${port}/device`, new RegExp(`^lifeline: run failed: ws://127\\.0\\.0\\.1:${port}/device: not a WebSocket server\\? its answer to the upgrade is not HTTP \\(Parse Error: `)),
  );
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/device' });
  await new Promise((r) => wss.once('listening', r));
  const port = (wss.address() as net.AddressInfo).port;
  try {
    await failsWith(`ws://127.0.0.1:${port}/elsewhere`, new RegExp(`^lifeline: run failed: ws://127\\.0\\.0\\.1:${port}/elsewhere: the server answered the upgrade with HTTP 400 Bad Request, not 101 Switching Protocols$`));
    await failsWith(`ws://127.0.0.1:${port}/device`, new RegExp(`push endpoint ws://127\\.0\\.0\\.1:${port}/push: the server answered the upgrade with HTTP 400`), '--push-url', `ws://127.0.0.1:${port}/push`);
  } finally {
    await new Promise((r) => wss.close(r));
  }
});

test('the inspector (RunHost): a run against your own server streams events, records the URL without its password, and refuses fast mode, pause and speed', async () => {
  const data = fs.mkdtempSync(path.join(dir, 'data-'));
  const statuses: PushChannels['run.status'][] = [];
  let events = 0;
  const host = new RunHost((channel, m) => {
    if (channel === 'run.status') statuses.push(m as PushChannels['run.status']);
    if (channel === 'run.events') events += (m as PushChannels['run.events']).events.length;
  }, new SessionStore({ dir: data }));
  const s = JSON.parse(fs.readFileSync(file, 'utf8'));
  const fast = await host.handle('run.start', { scenario: s, mode: 'fast', speed: 1, server: { url: authUrl() } });
  assert.deepEqual(fast, { ok: false, error: `server: ${'a run against your own server is realtime at 1× (a real server keeps wall-clock time): fast mode and other speeds are off'}` });
  const bad = await host.handle('run.start', { scenario: s, mode: 'realtime', speed: 1, server: { url: `mqtt://alice:${PASSWORD}@h:0` } });
  assert.equal((bad as { error: string }).error, 'server.url: the port must be from 1 to 65535, got "mqtt://alice:***@h:0"');
  const started = (await host.handle('run.start', { scenario: s, mode: 'realtime', speed: 1, server: { url: authUrl() } })) as { ok: boolean };
  assert.equal(started.ok, true, JSON.stringify(started));
  assert.match(((await host.handle('run.pause', null)) as { error: string }).error, /realtime at 1×/);
  assert.match(((await host.handle('run.speed', { speed: 60 })) as { error: string }).error, /realtime at 1×/);
  // Bounded: the run lasts 5 s of wall time; give it 30.
  for (let i = 0; i < 600 && !statuses.some((m) => m.status === 'done' || m.status === 'failed'); i++) await new Promise((r) => setTimeout(r, 50));
  host.dispose();
  const done = statuses.find((m) => m.status === 'done');
  assert.ok(done, JSON.stringify(statuses.at(-1)));
  assert.equal(done.summary!.server, `mqtt://alice@127.0.0.1:${broker.port}`);
  assert.ok(events > 20);
  const [session] = fs.readdirSync(data).filter((f) => f.endsWith('.jsonl'));
  const text = fs.readFileSync(path.join(data, session!), 'utf8');
  assert.equal(JSON.parse(text.split('\n')[0]!).server, `mqtt://alice@127.0.0.1:${broker.port}`);
  assert.ok(!text.includes(PASSWORD));
});
