// The `lifeline` command as a user runs it: exit codes, stdout, stderr.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import http from 'node:http';
import { WebSocketServer } from 'ws';

import { BIN, cliAsync, startCli } from '../helpers/service.ts';
import { scenario as runScenario } from '../helpers/run.ts';
import { withSmallDisk } from '../helpers/small-disk.ts';
import { PRESET_INPUTS } from '../../shared/scenario/presets.ts';
const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 });
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-cli-'));

test('run --json prints one summary object; --out writes a session file', () => {
  const out = path.join(tmp(), 's.jsonl');
  const r = cli('run', 'no-voip-flag', '--json', '--out', out);
  assert.equal(r.status, 0, r.stderr);
  const s = JSON.parse(r.stdout);
  assert.equal(s.scenario, 'no-voip-flag');
  assert.equal(s.deadSec, 3535);
  for (const k of ['mode', 'simulatedSec', 'wallMs', 'disconnects', 'natExpiries', 'connectedRatio', 'wakeups', 'terminations', 'heartbeats', 'pushes', 'bytes']) assert.ok(k in s, k);
  const lines = fs.readFileSync(out, 'utf8').trim().split('\n');
  assert.equal(JSON.parse(lines[0]!).format, 'lifeline-session');
  assert.equal(JSON.parse(lines.at(-1)!).kind, 'run.end');
});

test('run without --json prints a readable summary', () => {
  const r = cli('run', 'seed-snippet');
  assert.equal(r.status, 0);
  assert.match(r.stdout, /terminations\s+1/);
  assert.match(r.stdout, /connected\s+6\.7%/);
});

test('bad input exits 2 with one line naming the file and field, never a stack trace', () => {
  const d = tmp();
  const bad = path.join(d, 'bad.json');
  fs.writeFileSync(bad, JSON.stringify({ name: 'x', durationSec: 10, ios: 9, app: {}, server: {}, nat: {} }));
  const broken = path.join(d, 'broken.json');
  fs.writeFileSync(broken, '{"name": "x",\n"ios": }');
  for (const [args, msg] of [
    [['run', bad], /bad\.json: app\.voipSocket/],
    [['run', broken], /broken\.json: line 2 column 8: invalid JSON/],
    [['validate', bad], /bad\.json: /],
    [['run', 'nope'], /nope: no such file/],
    [['run', 'seed-snippet', '--mode', 'warp'], /--mode: expected one of fast, realtime/],
    [['run', 'seed-snippet', '--mode', 'realtime', '--speed', '99999'], /--speed: expected a number from 1 to 3600/],
    [['nat', '--listen', '0'], /--target/],
    [['frobnicate'], /unknown command/],
    [['run', 'seed-snippet', '--out', path.join(d, 'no/such/dir/s.jsonl')], /--out .*: cannot write \(ENOENT\)/],
    [['sweep', 'seed-snippet', '--set', 'server.heartbeatSec=30', '--csv', d], /^lifeline: --csv .*: cannot write \(EISDIR\)$/m],
  ] as const) {
    const r = cli(...args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, msg);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.doesNotMatch(r.stderr, /\bat .*\.ts:\d+/);
  }
});

test('validate accepts a good file; presets lists each lesson', () => {
  const f = path.join(tmp(), 'ok.json');
  fs.writeFileSync(f, JSON.stringify({ name: 'ok', durationSec: 60, ios: 9, app: { voipSocket: true, voipBackgroundMode: true, clientHeartbeatSec: null, keepAliveTimeoutSec: null, backgroundTask: 'none', reconnect: null }, server: { heartbeatSec: 30, pushEverySec: null }, nat: { idleTimeoutSec: 60, onExpiry: 'reset', refreshOn: 'both' } }));
  const v = cli('validate', f);
  assert.equal(v.status, 0, v.stderr);
  assert.match(v.stdout, /ok/);
  const p = cli('presets');
  assert.match(p.stdout, /seed-snippet\s+The background-task snippet from the article/);
});

test('realtime mode through the CLI: the same summary as fast mode, apart from wallMs and mode', () => {
  const f = path.join(tmp(), 'rt.json');
  fs.writeFileSync(f, JSON.stringify({ name: 'rt', durationSec: 650, ios: 9, app: { voipSocket: true, voipBackgroundMode: true, clientHeartbeatSec: null, keepAliveTimeoutSec: null, backgroundTask: 'none', reconnect: null }, server: { heartbeatSec: 100, pushEverySec: null }, nat: { idleTimeoutSec: 300, onExpiry: 'silent-drop', refreshOn: 'both' }, timeline: [{ atSec: 20, action: 'background' }] }));
  const rt = cli('run', f, '--mode', 'realtime', '--speed', '600', '--json');
  const fast = cli('run', f, '--json');
  assert.equal(rt.status, 0, rt.stderr);
  assert.equal(fast.status, 0, fast.stderr);
  const { wallMs: _a, mode: rtMode, ...rtRest } = JSON.parse(rt.stdout);
  const { wallMs: _b, mode: fastMode, ...fastRest } = JSON.parse(fast.stdout);
  assert.deepEqual([rtMode, fastMode], ['realtime', 'fast']);
  assert.deepEqual(rtRest, fastRest);
  // Heartbeats at 100…600 s, each waking the suspended VoIP app.
  assert.equal(rtRest.heartbeats.server, 6);
  assert.equal(rtRest.wakeups, 6);
});

test('a run killed mid-way leaves a session file that opens up to its last whole line', async () => {
  const out = path.join(tmp(), 'killed.jsonl');
  const child = spawn(process.execPath, [BIN, 'run', 'server-heartbeat-under-nat', '--mode', 'realtime', '--speed', '600', '--out', out], { stdio: 'ignore' });
  try {
    const deadline = Date.now() + 20_000;
    // Wait until a few heartbeats are on disk, then kill without warning.
    while (!(fs.existsSync(out) && fs.readFileSync(out, 'utf8').includes('"source":"server"'))) {
      if (Date.now() > deadline) throw new Error('no heartbeat recorded in time');
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    child.kill('SIGKILL');
  }
  await new Promise((r) => child.once('exit', r));
  const { readSessionFile } = await import('../../electron/capture/session-reader.ts');
  const s = readSessionFile(out);
  assert.equal(s.header.scenario.name, 'server-heartbeat-under-nat');
  assert.ok(s.events.some((e) => e.kind === 'heartbeat'), 'the heartbeat written before the kill is there');
  assert.ok(!s.events.some((e) => e.kind === 'run.end'), 'the run never ended');
});

test('run --out on a disk that fills up: exit 2 naming the file and ENOSPC, the file cut at its last whole line', async (t) => {
  await withSmallDisk(t, async (dir) => {
    const out = path.join(dir, 's.jsonl');
    // About 50 KB of session on a 16 KB disk; a fast run writes it in close(), after the run has ended.
    const r = cli('run', 'carrier-and-home-wifi', '--out', out);
    assert.equal(r.status, 2, r.stderr);
    assert.equal(r.stderr, `lifeline: --out ${out}: cannot write the session file (ENOSPC); it keeps the run up to its last whole line\n`);
    const text = fs.readFileSync(out, 'utf8');
    assert.ok(text.endsWith('\n'), 'no line cut in half');
    const { readSessionFile } = await import('../../electron/capture/session-reader.ts');
    const s = readSessionFile(out);
    assert.equal(s.truncated, false);
    // What fitted is kept: the disk's 16 KB less a line at most.
    assert.ok(text.length > 12_000 && s.events.length > 50, `${text.length} bytes, ${s.events.length} events kept`);
  });
});

test('run --out: a run that fails and a session file that cannot be written whole are both told, the run first, with the run\'s exit code', async () => {
  const d = tmp();
  // The session goes to a FIFO whose reader never reads: filled up by the test once the header is
  // in, every line of the run waits to be written, and fails (EPIPE) only when the reader goes,
  // after the run has failed.
  const fifo = path.join(d, 'session.fifo');
  assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
  let reader: number | null = fs.openSync(fifo, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  const filler = fs.openSync(fifo, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK);
  const fillPipe = () => {
    for (const size of [4096, 1]) {
      try {
        for (;;) fs.writeSync(filler, Buffer.alloc(size));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      }
    }
  };
  // Your own server: it takes the probe the run starts with (by then the header is written) and
  // refuses the device's upgrade, which fails the run.
  const wss = new WebSocketServer({ noServer: true });
  let upgrades = 0;
  let deviceGone!: () => void;
  const gone = new Promise<void>((r) => (deviceGone = r));
  const srv = http.createServer().on('upgrade', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    if (upgrades++ === 0) {
      fillPipe();
      return wss.handleUpgrade(req, socket, head, () => {});
    }
    socket.once('close', deviceGone);
    socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n');
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const url = `ws://127.0.0.1:${(srv.address() as net.AddressInfo).port}/device`;
  const scenario = path.join(d, 'short.json');
  fs.writeFileSync(scenario, JSON.stringify(runScenario({ name: 'short', durationSec: 5, timeline: [] })));
  try {
    const done = cliAsync(['run', scenario, '--server', url, '--out', fifo], 60_000);
    // The device's connection closed: the run has failed in the CLI, which now waits to write its lines.
    await Promise.race([gone, done]);
    await new Promise((r) => setTimeout(r, 200));
    fs.closeSync(reader);
    reader = null;
    const r = await done;
    // The file's error alone came out, with exit 2: the run's was lost.
    assert.equal(r.status, 1, r.stderr);
    assert.equal(
      r.stderr.trimEnd().split('\n').at(-1),
      `lifeline: run failed: ${url}: the server answered the upgrade with "HTTP/1.1 400 Bad Request", not 101 Switching Protocols; --out ${fifo}: cannot write the session file (EPIPE); it keeps the run up to its last whole line`,
    );
  } finally {
    if (reader !== null) fs.closeSync(reader);
    fs.closeSync(filler);
    srv.close();
    wss.close();
  }
});

test("no output option writes over the command's own input, by any name: exit 2, the input untouched", () => {
  const d = tmp();
  const f = (name: string) => path.join(d, name);
  const sc = f('sc.json');
  fs.writeFileSync(sc, JSON.stringify(PRESET_INPUTS.find((p) => p.name === 'seed-snippet')));
  fs.symlinkSync(sc, f('sc-link.json'));
  fs.linkSync(sc, f('sc-hard.json'));
  assert.equal(cli('run', 'seed-snippet', '--out', f('s.jsonl')).status, 0);
  assert.equal(cli('export', f('s.jsonl'), '--pcapng', f('cc.pcapng')).status, 0);
  const inputs = [sc, f('cc.pcapng')].map((p) => [p, fs.readFileSync(p)] as const);
  for (const [args, msg] of [
    [['run', sc, '--out', sc], /^lifeline: --out .*sc\.json: that is the scenario file; choose another output file$/],
    [['run', sc, '--out', f('sc-link.json')], /--out .*sc-link\.json: that is the scenario file/],
    [['test', sc, '--junit', f('sc-hard.json')], /--junit .*sc-hard\.json: that is a scenario file to test/],
    [['test', d, '--junit', sc], /--junit .*sc\.json: that is a scenario file to test/],
    [['sweep', sc, '--set', 'server.heartbeatSec=270..280:10', '--csv', sc], /--csv .*sc\.json: that is the scenario file/],
    [['analyze', f('cc.pcapng'), '--scenario', f('cc.pcapng')], /--scenario .*cc\.pcapng: that is the capture file/],
  ] as const) {
    const r = cli(...args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr.trim(), msg);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
  for (const [p, bytes] of inputs) assert.deepEqual(fs.readFileSync(p), bytes, `${p} is untouched`);
});

function talk(port: number, send: string, until: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1');
    let got = '';
    const timer = setTimeout(() => (s.destroy(), reject(new Error(`timeout; got ${JSON.stringify(got)}`))), 10_000);
    s.on('data', (d) => {
      got += d;
      if (until.test(got)) {
        clearTimeout(timer);
        s.destroy();
        resolve(got);
      }
    });
    s.on('error', reject);
    s.write(send);
  });
}

test('server and nat standalone: a plain TCP client talks through the NAT to the server; both stop on SIGTERM', async () => {
  const log = path.join(tmp(), 'nat.jsonl');
  const server = await startCli(['server', '--port', '0', '--heartbeat', '1']);
  const nat = await startCli(['nat', '--listen', '0', '--target', `127.0.0.1:${server.port}`, '--idle-timeout', '30', '--log', log]);
  try {
    const got = await talk(nat.port, 'HELLO nc\nPING 5\n', /PONG 5\n[\s\S]*PING 1\n/);
    assert.match(got, /PONG 5/);
  } finally {
    const exits = [server, nat].map((p) => new Promise<number | null>((r) => p.child.once('exit', (c) => r(c))));
    server.child.kill('SIGTERM');
    nat.child.kill('SIGTERM');
    assert.deepEqual(await Promise.all(exits), [0, 0]);
  }
  const events = fs.readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.ok(events.some((e) => e.kind === 'nat' && e.op === 'created'));
  assert.ok(events.some((e) => e.kind === 'nat' && e.op === 'forward' && e.verb === 'PONG'));
});
