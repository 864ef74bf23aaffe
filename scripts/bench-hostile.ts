// npm run bench:hostile — `lifeline server` and `lifeline nat` as real processes under load and
// floods. Prints figures; asserts nothing (the hostile tests assert the limits).
//  1. connections held: 1,000 / 5,000 / 10,000 devices through `nat` to `server`, HELLO'd, each
//     answering the server's heartbeat PINGs; RSS and fds of both, and fds after all close.
//  2. churn: 20,000 short flows through `nat` (600 s idle timeout): memory follows live flows,
//     not connection rate × timeout (a closed flow's idle timer lets go of it at once).
//  3. floods: a PING flood whose PONGs are never read (server), and a NAT in front of a target
//     that never reads; peak RSS (VmHWM) of the service under each.
//  4. `serve` under a flood of sweeps (needs `npm run build`): 500 sweep.run from one page, then
//     the same from 8 pages and a ninth page; what is refused, CPU, RSS and fds while it runs,
//     how long after the page leaves its sweep stops, and how long SIGTERM takes to end it.
// `npm run bench:hostile -- serve` runs part 4 alone; `-- 1000 5000` sets part 1's sizes.
// `npm run bench:hostile` raises `ulimit -n` to the hard limit first; the default
// --max-connections stays under the fd limit, so a NAT short of descriptors refuses cleanly.
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { fdCount, procKb, startCli, eventually, type Service } from '../tests/helpers/service.ts';
import { flood, pingChunk } from '../tests/helpers/flood.ts';
import { lineClient } from '../tests/helpers/line-client.ts';
import { serveFlood } from './bench-serve-flood.ts';

const HEARTBEAT_SEC = 5;
const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;

interface Device {
  socket: net.Socket;
  pings: number;
}

function device(port: number, id: number): Promise<Device> {
  return new Promise((resolve, reject) => {
    const d: Device = { socket: net.connect({ port, host: '127.0.0.1' }), pings: 0 };
    let buf = '';
    d.socket.on('data', (chunk) => {
      buf += chunk.toString('latin1');
      for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        const m = /^PING (\d+)$/.exec(line);
        if (m) {
          d.pings++;
          d.socket.write(`PONG ${m[1]}\n`);
        }
      }
    });
    d.socket.once('connect', () => {
      d.socket.write(`HELLO bench-${id}\n`);
      resolve(d);
    });
    d.socket.once('error', reject);
  });
}

async function held(n: number): Promise<void> {
  const server = await startCli(['server', '--port', '0', '--heartbeat', String(HEARTBEAT_SEC), '--dead-after', '3']);
  const nat = await startCli(['nat', '--listen', '0', '--target', `127.0.0.1:${server.port}`, '--idle-timeout', '600']);
  const pids = [server.child.pid!, nat.child.pid!];
  const fds = () => pids.map(fdCount);
  const before = fds();
  const devices: Device[] = [];
  let failed = 0;
  const t0 = performance.now();
  for (let i = 0; i < n; i += 200) {
    const batch = await Promise.allSettled(Array.from({ length: Math.min(200, n - i) }, (_, k) => device(nat.port, i + k)));
    for (const r of batch) {
      if (r.status === 'fulfilled') devices.push(r.value);
      else failed++;
    }
  }
  const connectMs = performance.now() - t0;
  // Held: the connection is still open after two heartbeat periods and got a PING through it.
  await eventually(() => devices.every((d) => d.pings >= 2 || d.socket.destroyed), (HEARTBEAT_SEC * 3 + 5) * 1000);
  const alive = devices.filter((d) => !d.socket.destroyed && d.pings >= 2).length;
  const during = fds();
  const rss = pids.map((p) => procKb(p, 'VmRSS'));
  for (const d of devices) d.socket.destroy();
  await eventually(() => fds().every((f, i) => f <= before[i]!), 30_000);
  const after = fds();
  console.log(
    `${String(n).padStart(6)} devices: ${alive} held with heartbeats (${failed} failed to connect, ${devices.length - alive} closed by the services: over --max-connections), connected in ${(connectMs / 1000).toFixed(1)} s; ` +
      `RSS server ${mb(rss[0]!)}, nat ${mb(rss[1]!)}; fds server/nat ${before.join('/')} before, ${during.join('/')} held, ${after.join('/')} after close`,
  );
  await stopAll(server, nat);
}

async function stopAll(...s: Service[]): Promise<void> {
  for (const x of s) x.child.kill('SIGTERM');
  await Promise.all(s.map((x) => x.exited));
}

async function churn(flows: number): Promise<void> {
  const server = await startCli(['server', '--port', '0']);
  const nat = await startCli(['nat', '--listen', '0', '--target', `127.0.0.1:${server.port}`, '--idle-timeout', '600']);
  const pid = nat.child.pid!;
  const base = procKb(pid, 'VmRSS');
  const one = async (i: number) => {
    const c = await lineClient(nat.port);
    c.socket.write(`HELLO churn-${i}\nPING 1\n`);
    await c.until(/PONG 1\n/, 5000);
    c.socket.destroy();
    await c.closed;
  };
  for (let i = 0; i < flows; i += 100) await Promise.all(Array.from({ length: Math.min(100, flows - i) }, (_, k) => one(i + k)));
  await eventually(() => fdCount(pid) <= 30, 10_000);
  const after = procKb(pid, 'VmRSS');
  console.log(`churn: ${flows} short flows through nat (idle timeout 600 s): nat RSS ${mb(base)} before, ${mb(after)} after, peak ${mb(procKb(pid, 'VmHWM'))}; fds ${fdCount(pid)}`);
  await stopAll(server, nat);
}

async function serverFlood(): Promise<void> {
  const server = await startCli(['server', '--port', '0']);
  const base = procKb(server.child.pid!, 'VmRSS');
  const c = await lineClient(server.port);
  c.socket.write('HELLO flooder\n');
  const r = await flood(c.socket, pingChunk(8192), 2 * 1024 ** 3);
  const peak = procKb(server.child.pid!, 'VmHWM');
  console.log(`server PING flood, PONGs never read: client sent ${(r.written / 1e6).toFixed(0)} MB before it was ${r.stop}; server RSS ${mb(base)} before, peak ${mb(peak)}`);
  c.socket.destroy();
  await stopAll(server);
}

async function natFlood(): Promise<void> {
  const target = net.createServer((s) => {
    s.on('error', () => {});
    s.pause();
  });
  await new Promise<void>((r) => target.listen(0, '127.0.0.1', () => r()));
  const nat = await startCli(['nat', '--listen', '0', '--target', `127.0.0.1:${(target.address() as net.AddressInfo).port}`, '--idle-timeout', '600']);
  const base = procKb(nat.child.pid!, 'VmRSS');
  const flows = await Promise.all(Array.from({ length: 10 }, () => lineClient(nat.port)));
  const rs = await Promise.all(flows.map((f) => flood(f.socket, Buffer.alloc(64 * 1024, 'x'), 3 * 1024 ** 3, 2000)));
  const peak = procKb(nat.child.pid!, 'VmHWM');
  const total = rs.reduce((a, r) => a + r.written, 0);
  console.log(`nat to a target that never reads, 10 flows: ${(total / 1e6).toFixed(1)} MB taken in all before flow control stalled them; nat RSS ${mb(base)} before, peak ${mb(peak)}`);
  for (const f of flows) f.socket.destroy();
  await stopAll(nat);
  target.close();
}

const args = process.argv.slice(2);
if (!args.includes('serve')) {
  const sizes = args.map(Number).filter((n) => n > 0);
  for (const n of sizes.length ? sizes : [1000, 5000, 10_000]) await held(n);
  await churn(20_000);
  await serverFlood();
  await natFlood();
}
await serveFlood();
