// Capture analysis speed: `lifeline analyze` vs `tshark -q -z conv,tcp` on the same generated
// files (100 MB and 1 GB in /tmp, deleted afterwards, never committed), with peak memory.
// Target: faster than tshark, under 200 MB for the 1 GB file.
// First the start-up (issue 18 §5): `lifeline --version` and `analyze` on a one-packet file, from
// the prebuilt bundle (built here first) and through tsx, beside tshark on the same file.
// Target: under 0.3 s.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ipv4Tcp } from '../shared/capture/session-packets.ts';
import { LINKTYPE, TCP_ACK, TCP_PSH, TCP_SYN } from '../shared/capture/packet-decode.ts';
import { buildCli } from './build-cli.js';

const ETH = Uint8Array.from([2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2, 0x08, 0x00]);
const PAYLOADS = [0, 120, 1400, 0, 600]; // pure ACKs, small messages, full segments
const PER_BULK_CONN = 400;

/** Little-endian µs pcap header for Ethernet. */
function pcapHeader(buf: Buffer): number {
  buf.writeUInt32LE(0xa1b2c3d4, 0);
  buf.writeUInt16LE(2, 4);
  buf.writeUInt16LE(4, 6);
  buf.writeUInt32LE(262144, 16);
  buf.writeUInt32LE(LINKTYPE.ETHERNET, 20);
  return 24;
}

/** A pcap holding one SYN. */
function onePacket(file: string): void {
  const ip = ipv4Tcp([10, 9, 0, 2], [10, 9, 0, 1], 50000, 4000, 1, 0, TCP_SYN, new Uint8Array(0));
  const buf = Buffer.alloc(24 + 16 + ETH.length + ip.length);
  const o = pcapHeader(buf);
  buf.writeUInt32LE(1_700_000_000, o);
  buf.writeUInt32LE(ETH.length + ip.length, o + 8);
  buf.writeUInt32LE(ETH.length + ip.length, o + 12);
  buf.set(ETH, o + 16);
  buf.set(ip, o + 16 + ETH.length);
  fs.writeFileSync(file, buf);
}

/**
 * Writes a pcap of about `mb` MB spanning one hour: short bulk connections of PER_BULK_CONN
 * packets each (so thousands of connections), and one keep-alive connection beating every 30 s
 * across the whole hour — the longest-lived, which analyze picks.
 */
function generate(file: string, mb: number): { packets: number; connections: number } {
  const target = mb * 1024 * 1024;
  const avg = 16 + ETH.length + 40 + PAYLOADS.reduce((a, b) => a + b, 0) / PAYLOADS.length;
  const total = Math.floor(target / avg);
  const spanUs = 3600e6;
  const t0 = 1_700_000_000e6;
  const fd = fs.openSync(file, 'w');
  const buf = Buffer.alloc(8 * 1024 * 1024);
  let o = 0;
  const flush = () => {
    fs.writeSync(fd, buf, 0, o);
    o = 0;
  };
  o = pcapHeader(buf);
  const templates = PAYLOADS.map((n) => ipv4Tcp([10, 1, 0, 2], [10, 2, 0, 1], 0, 443, 1, 1, TCP_ACK | (n ? TCP_PSH : 0), new Uint8Array(n).fill(0x61)));
  const beat = ipv4Tcp([10, 9, 0, 2], [10, 9, 0, 1], 50000, 4000, 1, 1, TCP_ACK | TCP_PSH, new TextEncoder().encode('PING 1\n'));
  const write = (tsUs: number, ip: Uint8Array, sport: number, up: boolean) => {
    if (o + 16 + ETH.length + ip.length > buf.length) flush();
    const len = ETH.length + ip.length;
    buf.writeUInt32LE(Math.floor(tsUs / 1e6), o);
    buf.writeUInt32LE(Math.floor(tsUs % 1e6), o + 4);
    buf.writeUInt32LE(len, o + 8);
    buf.writeUInt32LE(len, o + 12);
    buf.set(ETH, o + 16);
    const ipAt = o + 16 + ETH.length;
    buf.set(ip, ipAt);
    if (sport) {
      // Each bulk connection: its own client port and address; alternate directions.
      buf.writeUInt16BE(sport, ipAt + (up ? 20 : 22));
      buf.writeUInt16BE(443, ipAt + (up ? 22 : 20));
      buf[ipAt + (up ? 14 : 18)] = (sport >> 8) & 0xff;
      if (!up) buf.set([10, 2, 0, 1], ipAt + 12);
      if (!up) buf.set([10, 1, (sport >> 8) & 0xff, 2], ipAt + 16);
    }
    o += 16 + len;
  };
  let nextBeat = 0;
  for (let i = 0; i < total; i++) {
    const ts = t0 + (i / total) * spanUs;
    while (t0 + nextBeat * 30e6 <= ts) write(t0 + nextBeat++ * 30e6, beat, 0, true);
    const conn = Math.floor(i / PER_BULK_CONN);
    write(ts, templates[i % PAYLOADS.length]!, 1024 + (conn % 60000), i % 2 === 0);
  }
  flush();
  fs.closeSync(fd);
  return { packets: total + nextBeat, connections: Math.ceil(total / PER_BULK_CONN) + 1 };
}

/** Runs a command; wall time and peak resident memory (VmHWM, polled from /proc). */
function measured(cmd: string, args: string[], env?: NodeJS.ProcessEnv): Promise<{ ms: number; peakMb: number; stdout: string; code: number | null }> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const c = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'ignore'], ...(env ? { env: { ...process.env, ...env } } : {}) });
    let stdout = '';
    let peakKb = 0;
    c.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const poll = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${c.pid}/status`, 'utf8'));
        if (m) peakKb = Math.max(peakKb, Number(m[1]));
      } catch {
        // exited between polls
      }
    }, 20);
    c.on('exit', (code) => {
      clearInterval(poll);
      resolve({ ms: performance.now() - t0, peakMb: peakKb / 1024, stdout, code });
    });
  });
}

const STARTUP_RUNS = 7;

/** Median wall time of STARTUP_RUNS runs of one command (after one warm-up run), in ms. */
async function startMs(cmd: string, args: string[], env?: NodeJS.ProcessEnv): Promise<number> {
  await measured(cmd, args, env);
  const ms: number[] = [];
  for (let i = 0; i < STARTUP_RUNS; i++) ms.push((await measured(cmd, args, env)).ms);
  return ms.sort((a, b) => a - b)[STARTUP_RUNS >> 1]!;
}

async function benchStartup(bin: string, tshark: string | null): Promise<void> {
  await buildCli();
  const file = path.join(os.tmpdir(), `lifeline-bench-1pkt-${process.pid}.pcap`);
  try {
    onePacket(file);
    const row = (what: string, ms: number) => console.log(`  ${what.padEnd(48)} ${(ms / 1000).toFixed(2)} s`);
    console.log(`\nstart-up, median of ${STARTUP_RUNS} (target < 0.30 s):`);
    row('lifeline --version (bundle)', await startMs(process.execPath, [bin, '--version']));
    row('lifeline analyze one-packet.pcap (bundle)', await startMs(process.execPath, [bin, 'analyze', file]));
    row('lifeline analyze one-packet.pcap (tsx, source)', await startMs(process.execPath, [bin, 'analyze', file], { LIFELINE_FROM_SOURCE: '1' }));
    if (tshark) {
      row('tshark --version', await startMs(tshark, ['--version']));
      row('tshark -r one-packet.pcap', await startMs(tshark, ['-r', file]));
      row('tshark -r one-packet.pcap -q -z conv,tcp', await startMs(tshark, ['-r', file, '-q', '-z', 'conv,tcp']));
    }
  } finally {
    fs.rmSync(file, { force: true });
  }
}

export async function benchCapture(): Promise<void> {
  const sizes = (process.env.BENCH_CAPTURE_MB ?? '100,1000').split(',').map(Number);
  const bin = path.resolve('bin/lifeline.js');
  const tshark = fs.existsSync('/usr/bin/tshark') ? '/usr/bin/tshark' : null;
  await benchStartup(bin, tshark);
  console.log(`\ncapture analysis: lifeline analyze vs ${tshark ? 'tshark -q -z conv,tcp' : 'tshark (not installed: skipped)'}`);
  for (const mb of sizes) {
    const file = path.join(os.tmpdir(), `lifeline-bench-${mb}MB-${process.pid}.pcap`);
    try {
      const g = generate(file, mb);
      const size = fs.statSync(file).size / 1024 / 1024;
      const ours = await measured(process.execPath, [bin, 'analyze', file, '--json']);
      const a = JSON.parse(ours.stdout) as { connections: unknown[]; selected: number; intervals: { up: { median: number } } };
      if (ours.code !== 0 || a.selected !== 1 || a.connections.length !== g.connections || a.intervals.up.median !== 30) throw new Error(`Invariant: analyze got ${ours.stdout.slice(0, 200)}`);
      console.log(`  ${size.toFixed(0)} MB, ${g.packets.toLocaleString('en')} packets, ${a.connections.length.toLocaleString('en')} connections:`);
      console.log(`    lifeline analyze   ${(ours.ms / 1000).toFixed(1)} s, peak ${ours.peakMb.toFixed(0)} MB${mb >= 1000 ? '   (target < 200 MB)' : ''}`);
      if (tshark) {
        const t = await measured(tshark, ['-r', file, '-q', '-z', 'conv,tcp']);
        console.log(`    tshark conv,tcp    ${(t.ms / 1000).toFixed(1)} s, peak ${t.peakMb.toFixed(0)} MB   ⇒ lifeline ${(t.ms / ours.ms).toFixed(1)}× faster`);
      }
    } finally {
      fs.rmSync(file, { force: true });
    }
  }
}
