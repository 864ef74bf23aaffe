// Real captures made in the test run: tcpdump/dumpcap record a known heartbeat pattern on
// loopback. Tools are Debian packages (.ci/run installs them); a test skips only when one is
// truly missing.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export function tool(name: string): string | null {
  const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

export const missing = (...names: string[]): string | false => {
  const gone = names.filter((n) => !tool(n));
  return gone.length ? `not installed: ${gone.join(', ')}` : false;
};

/**
 * The kernel ring tcpdump reads is 2 MiB by default, cut into frames of the snap length, or of the
 * MTU where the interface has one: on `-i any` that is 8 frames of 256 KiB. A capture process
 * descheduled for a moment under load then loses packets ("44 packets dropped by kernel" with
 * tcpdump paused through a run). 64 MiB (dumpcap's buffer likewise) holds a whole test run even if
 * the capture never reads; five captures at once borrow about 320 MiB of kernel memory meanwhile.
 */
const RING: Record<string, string[]> = { tcpdump: ['-B', '65536'], dumpcap: ['-B', '64'] };

export interface Capture {
  /** Stops the capture (SIGINT, bounded); its stderr and how many packets it lost. */
  stop: () => Promise<{ stderr: string; dropped: number }>;
}

/** Starts a capture program and waits until it says it is listening (bounded). */
export async function startCapture(cmd: string, args: string[]): Promise<Capture> {
  const p: ChildProcess = spawn(cmd, [...(RING[cmd] ?? []), ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  // 'close', not 'exit': the statistics are written as it exits, and stderr may still hold them then.
  const closed = new Promise<void>((r) => p.once('close', () => r()));
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${cmd} did not start in 20 s: ${err}`)), 20_000);
    p.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      if (/listening on|Capturing on/i.test(err)) {
        clearTimeout(t);
        resolve();
      }
    });
    p.once('exit', (code) => {
      clearTimeout(t);
      reject(new Error(`${cmd} exited ${code}: ${err}`));
    });
  });
  return {
    stop: async () => {
      p.kill('SIGINT');
      if ((await Promise.race([closed.then(() => true), sleep(10_000).then(() => false)])) === false) {
        p.kill('SIGKILL');
        await Promise.race([closed, sleep(5_000)]);
      }
      // tcpdump: "N packets dropped by kernel"; dumpcap: "Packets received/dropped on interface 'lo': R/D".
      const dropped = /^(\d+) packets? dropped by kernel$|dropped on interface '[^']*': \d+\/(\d+)/m.exec(err);
      return { stderr: err, dropped: Number(dropped?.[1] ?? dropped?.[2] ?? 0) };
    },
  };
}

/**
 * Stops every capture (all of them, even when one fails), then fails if any lost packets: a short
 * capture is named as such, not found later as a missing payload.
 */
export async function stopCaptures(caps: readonly Capture[]): Promise<void> {
  const stopped = await Promise.all(caps.map((c) => c.stop()));
  const short = stopped.filter((s) => s.dropped > 0);
  if (short.length > 0) throw new Error(`captures dropped packets under load:\n${short.map((s) => s.stderr).join('\n')}`);
}

/**
 * Waits until every capture holds a datagram sent now: "listening on" is printed before the
 * kernel delivers packets, and a missed SYN would hide who the client is; after the traffic, a
 * file that merely grew may still lack the run's last packets (the capture process writes what it
 * has read, and under load it reads late). UDP datagrams to the port match the capture filter
 * (`port N`) but make no TCP connection. Each call's datagrams carry their own mark, and a file is
 * done when the mark is in it: a capture reads the kernel's packets in order, so everything sent
 * before the mark is in the file too.
 */
let marks = 0;
export async function untilRecording(files: string[], port: number, host = '127.0.0.1'): Promise<void> {
  const mark = Buffer.from(`lifeline-mark-${process.pid}-${++marks}-end`);
  const holds = (f: string) => fs.existsSync(f) && fs.readFileSync(f).includes(mark);
  const udp = dgram.createSocket(net.isIPv6(host) ? 'udp6' : 'udp4');
  try {
    for (let i = 0; i < 300; i++) {
      udp.send(mark, port, host);
      await sleep(100);
      if (files.every(holds)) return;
    }
    throw new Error(`captures did not record the mark in 30 s: ${files.filter((f) => !holds(f)).join(', ')}`);
  } finally {
    udp.close();
  }
}

export interface Pattern {
  port: number;
  /** Seconds (from the connection's first ping, by the app's clock) between pings. */
  pingGapsSec: number[];
  pings: number;
}

/**
 * A known heartbeat pattern over a real loopback connection: the client PINGs `count` times
 * every `everySec`, then stays idle `pauseSec`, then PINGs once more and closes. The server
 * answers each PING with a PONG. Returns the gaps between pings as the app measured them.
 */
export async function heartbeatPattern(opts: { everySec: number; count: number; pauseSec: number; host?: string }): Promise<Pattern & { run: () => Promise<void> }> {
  const host = opts.host ?? '127.0.0.1';
  const server = net.createServer({ noDelay: true }, (s) => {
    s.on('data', (d) => s.write(d.toString('latin1').replace(/PING/g, 'PONG')));
    s.on('error', () => {});
  });
  await new Promise<void>((r) => server.listen(0, host, r));
  const port = (server.address() as net.AddressInfo).port;
  const result: Pattern & { run: () => Promise<void> } = {
    port,
    pingGapsSec: [],
    pings: opts.count + 1,
    run: async () => {
      const c = net.connect({ port, host, noDelay: true });
      await new Promise<void>((r) => c.once('connect', () => r()));
      let last: number | null = null;
      const ping = async (seq: number) => {
        const now = performance.now();
        if (last !== null) result.pingGapsSec.push((now - last) / 1000);
        last = now;
        c.write(`PING ${seq}\n`);
        await new Promise<void>((r) => c.once('data', () => r()));
      };
      for (let i = 1; i <= opts.count; i++) {
        await ping(i);
        if (i < opts.count) await sleep(opts.everySec * 1000);
      }
      await sleep(opts.pauseSec * 1000);
      await ping(opts.count + 1);
      await new Promise<void>((r) => c.end(() => r()));
      await sleep(100);
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  return result;
}
