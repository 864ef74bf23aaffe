// `lifeline probe` in real time against `lifeline server`, through `lifeline nat` with a NAT
// timeout of a few seconds, in both expiry modes; and the ways a probe cannot start.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

const BIN = path.resolve('bin/lifeline.js');
const NAT_SEC = 3;
const children: ChildProcess[] = [];
after(() => {
  for (const c of children) c.kill('SIGTERM');
});

/** Starts a lifeline component and returns the port it printed. */
async function start(...args: string[]): Promise<number> {
  const c = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(c);
  return new Promise((resolve, reject) => {
    let out = '';
    const t = setTimeout(() => reject(new Error(`${args[0]} did not start: ${out}`)), 30_000);
    c.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on .*:(\d+)/.exec(out);
      if (m) {
        clearTimeout(t);
        resolve(Number(m[1]));
      }
    });
  });
}

function probe(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const c = spawn(process.execPath, [BIN, 'probe', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    c.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const kill = setTimeout(() => c.kill('SIGKILL'), 120_000);
    c.on('exit', (status) => {
      clearTimeout(kill);
      resolve({ status, stdout, stderr });
    });
  });
}

const server = start('server');

// The earlier names (silent-drop = reset-inside, reset = reset-both) and the silent drop: to the
// prober both forgetting behaviours look silent, since its own side never sends after the idle.
for (const mode of ['silent-drop', 'reset', 'drop'] as const) {
  test(`probe finds a ${NAT_SEC} s NAT timeout (${mode}) within the bisection tolerance`, async () => {
    const nat = await start('nat', '--listen', '0', '--target', `127.0.0.1:${await server}`, '--idle-timeout', String(NAT_SEC), '--on-expiry', mode);
    const r = await probe(`127.0.0.1:${nat}`, '--max', '10', '--json');
    assert.equal(r.status, 0, r.stderr);
    const p = JSON.parse(r.stdout);
    const { low, high } = p.natTimeoutSec;
    // Survived `low`, dropped by `high`; a probe's own round trip blurs the edge by milliseconds.
    assert.ok(low < NAT_SEC + 0.3 && high !== null && high > NAT_SEC - 0.3, `${low}…${high}`);
    assert.ok(high - low <= Math.max(2, 0.05 * low), `narrowed to ${low}…${high}`);
    assert.equal(p.expiry, mode === 'reset' ? 'reset' : 'silent');
    assert.equal(p.recommendedHeartbeatSec, Math.max(1, Math.floor(low * 0.8)));
    // Parallel, not sequential: every round waits for its longest probe only.
    const sumOfTries = p.rounds.flat().reduce((s: number, o: { idleSec: number }) => s + o.idleSec, 0);
    const perRound = p.rounds.reduce((s: number, r: { idleSec: number }[]) => s + Math.max(...r.map((o) => o.idleSec)), 0);
    assert.ok(p.rounds[0].length >= 3 && sumOfTries > perRound * 1.4, 'idle connections held in parallel');
    assert.ok(p.wallSec < sumOfTries, `wall ${p.wallSec} s vs ${sumOfTries} s of tries`);
  });
}

test('probe straight to the server: every idle period up to --max survives, longer than the HELLO deadline', async () => {
  // A probe says IDLE, not HELLO: its asked-for silence is exempt from the server's pre-HELLO limit.
  const strict = await start('server', '--hello-timeout', '1');
  const r = await probe(`127.0.0.1:${strict}`, '--max', '3');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /survived up to 3 s \(--max\): the NAT timeout is longer/);
  assert.match(r.stdout, /recommended server heartbeat: 2 s/);
});

async function fakeServer(answer: string): Promise<number> {
  const s = net.createServer((c) => {
    c.on('error', () => {});
    c.once('data', () => c.end(answer));
  });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  after(() => s.close());
  return (s.address() as net.AddressInfo).port;
}

test('probe refuses cleanly: an older server, another protocol, nobody listening', async () => {
  // What a lifeline server from before IDLE answers to an unknown verb.
  const old = await fakeServer('ERR unknown verb\n');
  const ssh = await fakeServer('SSH-2.0-OpenSSH_9.6\r\n');
  const closed = net.createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const free = (closed.address() as net.AddressInfo).port;
  await new Promise<void>((r) => closed.close(() => r()));
  for (const [port, msg] of [
    [old, /does not support probing \(an older lifeline server\? it answered "ERR unknown verb"\)/],
    [ssh, /does not speak the lifeline protocol/],
    [free, /cannot connect to 127\.0\.0\.1:\d+: ECONNREFUSED/],
  ] as const) {
    const r = await probe(`127.0.0.1:${port}`, '--max', '2');
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, msg);
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.equal(r.stdout, '');
  }
  // A peer's escape sequences (colour, window title, bell) reach the terminal escaped, on one line.
  for (const answer of ['\x1b[31mRED\x1b]0;title\x07\r\n', 'ERR \x1b[31mRED\x1b]0;title\x07\n']) {
    const r = await probe(`127.0.0.1:${await fakeServer(answer)}`, '--max', '2');
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /it answered "(ERR )?\\x1b\[31mRED\\x1b\]0;title\\x07(\\r)?"\)\n$/);
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(r.stderr.slice(0, -1), /[\x00-\x1f\x7f]/);
  }
  const bad = spawnSync(process.execPath, [BIN, 'probe', 'nowhere'], { encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /expected HOST:PORT/);
});
