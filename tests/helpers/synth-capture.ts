// Captures built byte by byte, for damage, fuzz and bench inputs that no tool run should have
// to produce: a keep-alive connection with a known beat among other traffic.
import fs from 'node:fs';
import { ipv4Tcp } from '../../shared/capture/session-packets.ts';
import { LINKTYPE, TCP_ACK, TCP_PSH, TCP_SYN } from '../../shared/capture/packet-decode.ts';
import { PcapngWriter } from '../../electron/capture/pcapng-writer.ts';

export interface SynthPacket {
  tsUs: number;
  ip: Uint8Array;
}

const ETH_HEADER = Uint8Array.from([2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2, 0x08, 0x00]);

/** A heartbeat connection: SYN, then `beats` PINGs `everySec` apart, each answered at once. */
export function heartbeatPackets(beats: number, everySec: number, t0Us = 1_700_000_000e6): SynthPacket[] {
  const c = [10, 0, 0, 2];
  const s = [10, 0, 0, 1];
  const out: SynthPacket[] = [{ tsUs: t0Us, ip: ipv4Tcp(c, s, 40000, 4000, 1, 0, TCP_SYN, new Uint8Array(0)) }];
  let up = 2;
  let down = 1;
  for (let i = 0; i < beats; i++) {
    const ping = new TextEncoder().encode(`PING ${i}\n`);
    const pong = new TextEncoder().encode(`PONG ${i}\n`);
    const t = t0Us + (i + 1) * everySec * 1e6;
    out.push({ tsUs: t, ip: ipv4Tcp(c, s, 40000, 4000, up, down, TCP_ACK | TCP_PSH, ping) });
    out.push({ tsUs: t + 1000, ip: ipv4Tcp(s, c, 4000, 40000, down, up + ping.length, TCP_ACK | TCP_PSH, pong) });
    up += ping.length;
    down += pong.length;
  }
  return out;
}

/** Classic pcap, little-endian µs, Ethernet. */
export function pcapBytes(packets: readonly SynthPacket[]): Buffer {
  const parts: Buffer[] = [];
  const h = Buffer.alloc(24);
  h.writeUInt32LE(0xa1b2c3d4, 0);
  h.writeUInt16LE(2, 4);
  h.writeUInt16LE(4, 6);
  h.writeUInt32LE(262144, 16);
  h.writeUInt32LE(LINKTYPE.ETHERNET, 20);
  parts.push(h);
  for (const p of packets) {
    const r = Buffer.alloc(16);
    const len = ETH_HEADER.length + p.ip.length;
    r.writeUInt32LE(Math.floor(p.tsUs / 1e6), 0);
    r.writeUInt32LE(Math.round(p.tsUs % 1e6), 4);
    r.writeUInt32LE(len, 8);
    r.writeUInt32LE(len, 12);
    parts.push(r, Buffer.from(ETH_HEADER), Buffer.from(p.ip));
  }
  return Buffer.concat(parts);
}

/** pcapng with two interfaces (Ethernet and raw IP), packets alternating, a comment on every 7th. */
export function writePcapng(file: string, packets: readonly SynthPacket[]): void {
  const w = new PcapngWriter(file, 'lifeline test');
  const eth = w.addInterface(LINKTYPE.ETHERNET, 'eth', 'synthetic Ethernet');
  const raw = w.addInterface(LINKTYPE.RAW, 'raw', 'synthetic raw IP');
  packets.forEach((p, i) => {
    const data = i % 2 ? p.ip : Buffer.concat([ETH_HEADER, p.ip]);
    w.packet(i % 2 ? raw : eth, p.tsUs, data, i % 7 === 0 ? [`note ${i}`] : []);
  });
  w.close();
}

export const writePcap = (file: string, packets: readonly SynthPacket[]) => fs.writeFileSync(file, pcapBytes(packets));

/**
 * A big capture for load tests and the page bench: about `total` packets, three quarters of them
 * one long-lived keep-alive connection (PING, PONG, ACK every second, and a 400 s silence after
 * every 2,000th beat, so some gaps outlast a NAT), the rest short bulk transfers of 400 packets
 * alongside. The keep-alive connection is the longest-lived: the one a capture view shows first.
 */
export function bigCapture(total: number, t0Us = 1_700_000_000e6): SynthPacket[] {
  const c = [10, 0, 0, 2];
  const s = [10, 0, 0, 1];
  const enc = (x: string) => new TextEncoder().encode(x);
  const out: SynthPacket[] = [];
  const beats = Math.floor((total * 3) / 4 / 3);
  let t = t0Us;
  for (let i = 0; i < beats; i++) {
    t += (i > 0 && i % 2000 === 0 ? 400 : 1) * 1e6;
    out.push({ tsUs: t, ip: ipv4Tcp(c, s, 40000, 4000, 1 + i * 7, 1 + i * 7, TCP_ACK | TCP_PSH, enc(`PING ${i % 10}\n`)) });
    out.push({ tsUs: t + 2000, ip: ipv4Tcp(s, c, 4000, 40000, 1 + i * 7, 8 + i * 7, TCP_ACK | TCP_PSH, enc(`PONG ${i % 10}\n`)) });
    out.push({ tsUs: t + 2500, ip: ipv4Tcp(c, s, 40000, 4000, 8 + i * 7, 8 + i * 7, TCP_ACK, new Uint8Array(0)) });
  }
  const span = t - t0Us;
  const bulk = Math.max(1, Math.floor((total - out.length) / 400));
  for (let b = 0; b < bulk; b++) {
    const start = t0Us + 1e6 + ((b + 0.5) / bulk) * (span - 2e6);
    for (let k = 0; k < 400; k++) out.push({ tsUs: start + k * 1000, ip: ipv4Tcp([10, 1, b >> 8, b & 0xff], [10, 2, 0, 1], 20000 + b, 443, 1 + k * 100, 1, TCP_ACK | TCP_PSH, new Uint8Array(k % 4 ? 0 : 100)) });
  }
  return out.sort((a, b) => a.tsUs - b.tsUs);
}

const text = (x: string) => new TextEncoder().encode(x);

/**
 * A keep-alive connection 10.0.0.2:40000 → 10.0.0.1:4000: the handshake at t0, then at each time
 * (s) a `PING i` answered 2 ms later by `PONG i`, with consistent sequence numbers.
 */
export function pingPongPackets(pingsSec: readonly number[], t0Us: number): SynthPacket[] {
  const c = [10, 0, 0, 2];
  const s = [10, 0, 0, 1];
  const out: SynthPacket[] = [
    { tsUs: t0Us, ip: ipv4Tcp(c, s, 40000, 4000, 1, 0, TCP_SYN, text('')) },
    { tsUs: t0Us + 500, ip: ipv4Tcp(s, c, 4000, 40000, 1, 2, TCP_SYN | TCP_ACK, text('')) },
    { tsUs: t0Us + 1000, ip: ipv4Tcp(c, s, 40000, 4000, 2, 2, TCP_ACK, text('')) },
  ];
  pingsSec.forEach((sec, i) => {
    out.push({ tsUs: t0Us + sec * 1e6, ip: ipv4Tcp(c, s, 40000, 4000, 2 + i * 7, 2 + i * 7, TCP_ACK | TCP_PSH, text(`PING ${i}\n`)) });
    out.push({ tsUs: t0Us + sec * 1e6 + 2000, ip: ipv4Tcp(s, c, 4000, 40000, 2 + i * 7, 9 + i * 7, TCP_ACK | TCP_PSH, text(`PONG ${i}\n`)) });
  });
  return out;
}
