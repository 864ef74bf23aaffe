// `lifeline server` and `lifeline nat` against hostile and broken peers: memory stays bounded
// (RSS from /proc/PID/status), sockets are released (fd counts back to baseline), silent peers are
// dropped, and a well-behaved client is served throughout. Timeouts are set short by flag, and
// every wait is bounded; nothing here asserts how fast the machine is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { spawn } from 'node:child_process';
import { BIN, eventually, fdCount, procKb, startCli, type Service } from '../helpers/service.ts';
import { lineClient } from '../helpers/line-client.ts';
import { flood, pingChunk } from '../helpers/flood.ts';

/** Peak RSS a flood may add to a service: the per-connection caps are 1 MiB, so this is generous. */
const FLOOD_RSS_HEADROOM_KB = 120 * 1024;

async function stop(...services: Service[]): Promise<void> {
  for (const s of services) s.child.kill('SIGTERM');
  const codes = await Promise.all(services.map((s) => s.exited));
  assert.deepEqual(codes, services.map(() => 0), services.map((s) => s.stderr()).join('\n'));
}

async function served(port: number, id: string): Promise<void> {
  const c = await lineClient(port);
  c.socket.write(`HELLO ${id}\nPING 42\n`);
  assert.ok(await c.until(/PONG 42\n/), `a well-behaved client (${id}) is served; got ${JSON.stringify(c.got())}`);
  c.socket.destroy();
}

test('server: a PING flood whose PONGs are never read is dropped; memory stays bounded; others are served', async (t) => {
  const server = await startCli(['server', '--port', '0']);
  try {
    const base = procKb(server.child.pid!, 'VmRSS');
    const c = await lineClient(server.port);
    c.socket.write('HELLO flooder\n');
    const during = served(server.port, 'during');
    // A loaded machine may take seconds to read the next chunk: wait long (bounded) for the drop
    // rather than mistake slowness for a stall.
    const r = await flood(c.socket, pingChunk(8192), 512 * 1024 * 1024, 30_000);
    await during;
    assert.equal(r.stop, 'closed', `the server dropped the flooder (wrote ${r.written} bytes)`);
    const peak = procKb(server.child.pid!, 'VmHWM');
    t.diagnostic(`server PING flood: ${(r.written / 1e6).toFixed(0)} MB sent; RSS ${base} kB before, peak ${peak} kB`);
    assert.ok(peak - base < FLOOD_RSS_HEADROOM_KB, `peak RSS ${peak} kB from ${base} kB`);
    await served(server.port, 'after');
  } finally {
    await stop(server);
  }
});

/** A target that never reads its first connection, and echoes on every other one. */
async function stubbornTarget(): Promise<{ server: net.Server; port: number }> {
  let n = 0;
  const server = net.createServer((s) => {
    s.on('error', () => {});
    if (n++ === 0) s.pause();
    else s.on('data', (d) => s.write(String(d).replace(/PING (\d+)/g, 'PONG $1')));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { server, port: (server.address() as net.AddressInfo).port };
}

test('nat: a target that never reads gets flow control, not a growing buffer; other flows pass', async (t) => {
  const target = await stubbornTarget();
  const nat = await startCli(['nat', '--listen', '0', '--target', `127.0.0.1:${target.port}`, '--idle-timeout', '600']);
  try {
    const base = procKb(nat.child.pid!, 'VmRSS');
    const c = await lineClient(nat.port);
    const r = await flood(c.socket, Buffer.alloc(64 * 1024, 'x'), 1024 * 1024 * 1024, 1000);
    assert.equal(r.stop, 'stalled', `the NAT stopped taking bytes (wrote ${r.written})`);
    const peak = procKb(nat.child.pid!, 'VmHWM');
    t.diagnostic(`NAT to a non-reading target: ${(r.written / 1e6).toFixed(1)} MB taken before flow control; RSS ${base} kB before, peak ${peak} kB`);
    assert.ok(peak - base < FLOOD_RSS_HEADROOM_KB, `peak RSS ${peak} kB from ${base} kB`);
    await served(nat.port, 'other-flow');
    c.socket.destroy();
  } finally {
    await stop(nat);
    target.server.close();
  }
});

test('server: no HELLO, slowloris and idle clients are dropped with a reason; --max-connections refuses cleanly', async () => {
  const server = await startCli(['server', '--port', '0', '--hello-timeout', '0.3', '--idle-timeout', '0.5', '--max-connections', '4']);
  try {
    const half = await lineClient(server.port);
    half.socket.write('HEL');
    const loris = await lineClient(server.port);
    const idle = await lineClient(server.port);
    idle.socket.write('HELLO idle\n');
    // One byte every 100 ms of a line that never ends, after HELLO: not a line, so not activity.
    const trickle = await lineClient(server.port);
    trickle.socket.write('HELLO trickle\n');
    const fifth = await lineClient(server.port);
    assert.ok(await fifth.until(/ERR too many connections\n/), fifth.got());
    await fifth.closed;
    for (let i = 0; i < 300 && !trickle.socket.destroyed; i++) {
      if (!loris.socket.destroyed) loris.socket.write('H');
      trickle.socket.write('P');
      await new Promise((r) => setTimeout(r, 100));
    }
    await Promise.all([half.closed, loris.closed, idle.closed, trickle.closed]);
    assert.match(half.got(), /ERR no HELLO within 0.3 s\n/);
    assert.match(loris.got(), /ERR no HELLO within 0.3 s\n/);
    assert.match(idle.got(), /ERR idle for 0.5 s\n/);
    assert.match(trickle.got(), /ERR idle for 0.5 s\n/);
    await served(server.port, 'after');
  } finally {
    await stop(server);
  }
});

test('nat: --max-connections refuses the next connection at once', async () => {
  const server = await startCli(['server', '--port', '0']);
  const nat = await startCli(['nat', '--listen', '0', '--target', `127.0.0.1:${server.port}`, '--idle-timeout', '600', '--max-connections', '2']);
  try {
    const held = [await lineClient(nat.port), await lineClient(nat.port)];
    for (const [i, h] of held.entries()) h.socket.write(`HELLO held${i}\n`);
    const third = await lineClient(nat.port);
    await third.closed;
    assert.equal(third.got(), '');
    for (const h of held) h.socket.destroy();
    await Promise.all(held.map((h) => h.closed));
    // Once the NAT has seen the closes, there is room again (bounded retries: the close is async).
    let ok = false;
    for (let i = 0; i < 100 && !ok; i++) {
      const c = await lineClient(nat.port);
      c.socket.write('HELLO again\nPING 1\n');
      ok = await c.until(/PONG 1\n/, 2000);
      c.socket.destroy();
    }
    assert.ok(ok, 'a connection is accepted again once others closed');
  } finally {
    await stop(nat, server);
  }
});

test('nat: expired flows release their sockets on both sides; fd counts return to baseline', async (t) => {
  const log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-hostile-')), 'nat.jsonl');
  const server = await startCli(['server', '--port', '0', '--idle-timeout', '3600']);
  const nat = await startCli(['nat', '--listen', '0', '--target', `127.0.0.1:${server.port}`, '--idle-timeout', '0.3', '--release-expired', '1', '--log', log]);
  try {
    const fds = () => [fdCount(server.child.pid!), fdCount(nat.child.pid!)];
    const before = fds();
    const flows = await Promise.all(Array.from({ length: 40 }, () => lineClient(nat.port)));
    flows.forEach((f, i) => f.socket.write(`HELLO d${i}\n`));
    await Promise.all(flows.map((f) => f.until(/never/, 200)));
    const expired = () => fs.readFileSync(log, 'utf8').split('\n').filter((l) => l.includes('"op":"expired"')).length;
    assert.ok(await eventually(() => expired() === flows.length), `${expired()} of ${flows.length} expired`);
    // Half the devices close after expiry (passed on at once); the rest stay silent (released by timer).
    for (const f of flows.slice(0, flows.length / 2)) f.socket.end();
    const during = fds();
    // Back to the baseline or below: a leak shows as more; Node may close a start-up descriptor meanwhile.
    assert.ok(await eventually(() => fds().every((n, i) => n <= before[i]!)), `fds ${fds()} vs ${before}`);
    t.diagnostic(`fds (server, nat): ${before} before, ${during} with ${flows.length} flows, ${fds()} after expiry and release`);
    await Promise.all(flows.map((f) => f.closed));
  } finally {
    await stop(nat, server);
  }
});

test('nat: a close is not an abort: ERR before close, and PONG after a half-close, arrive through the NAT', async () => {
  const server = await startCli(['server', '--port', '0']);
  const nat = await startCli(['nat', '--listen', '0', '--target', `127.0.0.1:${server.port}`, '--idle-timeout', '600']);
  try {
    for (let i = 0; i < 20; i++) {
      const c = await lineClient(nat.port);
      c.socket.write('BOGUS line\n');
      await c.closed;
      assert.match(c.got(), /^ERR /, `round ${i}`);
    }
    for (let i = 0; i < 10; i++) {
      const c = await lineClient(nat.port, { allowHalfOpen: true });
      c.socket.end(`HELLO half${i}\nPING ${i}\n`);
      await c.closed;
      assert.match(c.got(), new RegExp(`PONG ${i}\\n`), `round ${i}`);
    }
  } finally {
    await stop(nat, server);
  }
});

test('SIGTERM stops server and nat with stuck peers that neither read nor close', async (t) => {
  const server = await startCli(['server', '--port', '0']);
  const nat = await startCli(['nat', '--listen', '0', '--target', `127.0.0.1:${server.port}`, '--idle-timeout', '600']);
  const stuck = [await lineClient(server.port), await lineClient(nat.port)];
  for (const s of stuck) {
    s.socket.write('HELLO stuck\n');
    await flood(s.socket, pingChunk(4096), 4 * 1024 * 1024, 300);
  }
  const t0 = performance.now();
  await stop(server, nat);
  t.diagnostic(`stopped in ${Math.round(performance.now() - t0)} ms (reported, not asserted)`);
  for (const s of stuck) s.socket.destroy();
});

test('bound to a non-loopback address, server, nat and serve each print a one-line warning', async () => {
  for (const args of [['server', '--host', '0.0.0.0', '--port', '0'], ['nat', '--listen', '0.0.0.0:0', '--target', '127.0.0.1:9', '--idle-timeout', '60'], ['serve', '--host', '0.0.0.0', '--port', '0']]) {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const exited = new Promise((r) => child.once('exit', r));
    const warned = await eventually(() => /warning: .* reachable from the network/.test(err) || child.exitCode !== null);
    child.kill('SIGTERM');
    await exited;
    if (args[0] === 'serve' && /not built/.test(err)) continue; // serve needs `npm run build`
    assert.ok(warned && /^lifeline: warning: [^\n]+\n$/.test(err), `${args[0]}: ${JSON.stringify(err)}`);
  }
});
