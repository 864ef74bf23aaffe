// A session's event log → the TCP packets each hop carried, for export to pcapng. Pure: the
// frames' real bytes inside synthesised IPv4/TCP headers (sequence and acknowledgement numbers
// consistent per connection), handshakes, FINs and RSTs when they happened, and every other
// event as a comment on the packet it describes: an event that makes packets (a connection
// opened, a reset) on the first of them, an event about a packet (the NAT dropping it) on that
// packet, others on the packet at their time, or else the next one — comments never add
// packets, so an exported session analysed again shows the same idle gaps.
import type { LifelineEvent } from '../log/events.ts';
import { TCP_ACK, TCP_FIN, TCP_PSH, TCP_RST, TCP_SYN } from './packet-decode.ts';

export type HopName = 'device' | 'server';

/** The two hops of the simulated path, one capture interface each. */
export const HOPS: readonly { hop: HopName; name: string; description: string }[] = [
  { hop: 'device', name: 'device-nat', description: 'device ⇄ NAT box (the phone’s side)' },
  { hop: 'server', name: 'nat-server', description: 'NAT box ⇄ heartbeat server (the Internet side)' },
];

export interface HopPacket {
  hop: HopName;
  /** Virtual milliseconds since the run started. */
  t: number;
  /** An IPv4 datagram carrying one TCP segment. */
  ip: Uint8Array;
  comments: string[];
}

// Documentation addresses (RFC 5737): obviously synthetic in Wireshark.
const ADDR = {
  device: { client: [192, 0, 2, 10], server: [192, 0, 2, 1], clientPortBase: 40000 },
  server: { client: [198, 51, 100, 1], server: [203, 0, 113, 5], clientPortBase: 50000 },
} as const;

/** The built-in server's port in an export. */
const BUILT_IN_PORT = 4000;

interface Conn {
  hop: HopName;
  sport: number;
  /** Next sequence number per direction (up = client → server). */
  seq: { up: number; down: number };
}

type Dir = 'up' | 'down';

/**
 * The server's port on both hops: the built-in server's 4000, or for your own server its protocol's
 * registered port, so Wireshark decodes the frames without being told (MQTT 1883, HTTP 80).
 */
function serverPortOf(server: string | undefined): number {
  if (server?.startsWith('mqtt://')) return 1883;
  if (server?.startsWith('ws://')) return 80;
  return BUILT_IN_PORT;
}

export function sessionPackets(events: readonly LifelineEvent[]): HopPacket[] {
  const out: HopPacket[] = [];
  let serverPort = BUILT_IN_PORT;
  const open: Record<HopName, Conn | null> = { device: null, server: null };
  const counts: Record<HopName, number> = { device: 0, server: 0 };
  let comments: string[] = [];
  /** The NAT box's mapping the path runs through; null once it expired or closed, when nothing crosses the box. */
  let mapping: number | null = null;

  const newConn = (hop: HopName): Conn => {
    const n = ++counts[hop];
    // Fixed initial sequence numbers keep exports of a deterministic run deterministic.
    const c: Conn = { hop, sport: ADDR[hop].clientPortBase + (n % 10000), seq: { up: 1000 * n, down: 500_000 + 1000 * n } };
    open[hop] = c;
    return c;
  };
  const emit = (t: number, c: Conn, dir: Dir, flags: number, payload: Uint8Array = EMPTY) => {
    const a = ADDR[c.hop];
    const up = dir === 'up';
    const seq = c.seq[dir];
    const ack = flags & TCP_ACK ? c.seq[up ? 'down' : 'up'] : 0;
    c.seq[dir] = (seq + payload.length + (flags & (TCP_SYN | TCP_FIN) ? 1 : 0)) >>> 0;
    const ip = ipv4Tcp(up ? a.client : a.server, up ? a.server : a.client, up ? c.sport : serverPort, up ? serverPort : c.sport, seq, ack, flags, payload);
    out.push({ hop: c.hop, t, ip, comments });
    comments = [];
  };
  const handshake = (t: number, hop: HopName) => {
    const c = newConn(hop);
    emit(t, c, 'up', TCP_SYN);
    emit(t, c, 'down', TCP_SYN | TCP_ACK);
    emit(t, c, 'up', TCP_ACK);
  };
  const end = (t: number, hop: HopName, how: 'fin' | 'rst', by: Dir) => {
    const c = open[hop];
    if (!c) return;
    open[hop] = null;
    if (how === 'rst') return emit(t, c, by, TCP_RST | TCP_ACK);
    emit(t, c, by, TCP_FIN | TCP_ACK);
    // The answer comes from across the NAT box when the FIN went towards it (the device's on its
    // hop, the server's on its own). With the mapping gone nothing crosses the box, and nothing
    // answers: an answer here would acknowledge bytes the box dropped, and an export analysed
    // again would show a path that survived an idle time it did not (docs/model.md, NAT timeouts).
    const answerCrosses = (hop === 'device') === (by === 'up');
    if (!answerCrosses || mapping !== null) emit(t, c, by === 'up' ? 'down' : 'up', TCP_FIN | TCP_ACK);
  };
  /** How the device's connection ended, as its packets show it. */
  const connClosed = (e: Extract<LifelineEvent, { kind: 'conn' }>) => {
    switch (e.cause) {
      case 'reset':
        return end(e.t, 'device', 'rst', 'down');
      case 'closed':
        return end(e.t, 'device', 'fin', 'down');
      case 'error':
        // The device's TCP gave up (docs/model.md, TCP retransmission timeout): its tcp_drop sends a RST,
        // as the engine's device does, which a NAT that forgot the flow drops, so nothing answers.
        // Another socket error ends the connection without a packet; the event rides on the next.
        if (e.errno === 'ETIMEDOUT') return end(e.t, 'device', 'rst', 'up');
        open.device = null;
        return;
      case 'refused':
        open.device = null;
        return;
      default:
        // Terminated, or defunct without its `socket.defunct` (then it was closed there): the kernel closes the socket.
        return end(e.t, 'device', 'fin', 'up');
    }
  };
  /** An event that makes no packet: on the last packet if that one is at its time (the one it is about), else on the next. */
  const note = (e: LifelineEvent) => {
    const last = out.at(-1);
    if (last && last.t === e.t && comments.length === 0) last.comments.push(describe(e));
    else comments.push(describe(e));
  };
  /** An event that makes packets rides on the first of them; when it makes none (already closed), it is a note. */
  const making = (e: LifelineEvent, make: () => void) => {
    const before = out.length;
    comments.push(describe(e));
    make();
    if (out.length > before) return;
    comments.pop();
    note(e);
  };
  const data = (t: number, hop: HopName, dir: Dir, e: Extract<LifelineEvent, { kind: 'frame' }>) => {
    const c = open[hop] ?? newConn(hop); // traffic whose handshake the log does not show
    emit(t, c, dir, TCP_ACK | TCP_PSH, (e.hex !== undefined && hexBytes(e.hex)) || lineBytes(e.line, e.bytes));
  };

  for (const e of events) {
    switch (e.kind) {
      case 'frame':
        // The device's sends and the server's receives go up (client → server) on their hop.
        data(e.t, e.side, (e.side === 'device') === (e.dir === 'send') ? 'up' : 'down', e);
        continue;
      case 'run.start':
        serverPort = serverPortOf(e.server);
        break;
      case 'conn':
        if (e.op === 'open') making(e, () => handshake(e.t, 'device'));
        else if (e.op === 'closed') making(e, () => connClosed(e));
        else break;
        continue;
      case 'socket.defunct':
        // The remote end sees an ordinary close when the kernel defuncts the socket (docs/model.md, sodefunct errors).
        making(e, () => end(e.t, 'device', 'fin', 'up'));
        continue;
      case 'nat':
        if (e.op === 'forward') continue; // the frames themselves are the packets
        if (e.op === 'created') {
          mapping = e.mapping;
          making(e, () => handshake(e.t, 'server'));
        } else if (e.op === 'rst')
          making(e, () => {
            end(e.t, 'device', 'rst', 'down');
            if (e.side === 'both') end(e.t, 'server', 'rst', 'up');
          });
        else if (e.op === 'closed') making(e, () => end(e.t, 'server', 'fin', e.side === 'server' ? 'down' : 'up'));
        else note(e);
        // The box's own closes and resets cross it; after them, as after an expiry or a dial the
        // server refused, the mapping is gone.
        if ((e.op === 'expired' || e.op === 'closed' || e.op === 'rst' || e.op === 'refused') && e.mapping === mapping) mapping = null;
        continue;
      case 'server':
        if (e.op !== 'dead' && e.op !== 'restart') break;
        making(e, () => end(e.t, 'server', 'fin', 'down'));
        continue;
    }
    note(e);
  }
  // Events after the last packet ride on the last packet.
  if (comments.length && out.length) out[out.length - 1]!.comments.push(...comments);
  return out;
}

/** `kind key=value …`: one line a person reads in Wireshark's packet comments. */
export function describe(e: LifelineEvent): string {
  const parts = Object.entries(e).filter(([k]) => k !== 't' && k !== 'kind').map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return [`${e.kind} @${e.t / 1000}s`, ...parts].join(' ');
}

const EMPTY = new Uint8Array(0);

/** A binary frame's recorded bytes; null when the text is not whole bytes of hex (a damaged file). */
function hexBytes(hex: string): Uint8Array | null {
  if (hex.length === 0 || hex.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(hex)) return null;
  const b = new Uint8Array(hex.length / 2);
  for (let i = 0; i < b.length; i++) b[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return b;
}

/** The line's bytes plus '\n', padded to the recorded length (received lines are logged cut to 120 chars). */
function lineBytes(line: string, bytes: number): Uint8Array {
  const b = new Uint8Array(Math.max(bytes, 1));
  const n = Math.min(line.length, b.length - 1);
  for (let i = 0; i < n; i++) b[i] = line.charCodeAt(i) & 0xff;
  b.fill(0x2e, n, b.length - 1); // '.'
  b[b.length - 1] = 0x0a;
  return b;
}

/** An IPv4 datagram with one TCP segment, checksums filled in. */
export function ipv4Tcp(src: readonly number[], dst: readonly number[], sport: number, dport: number, seq: number, ack: number, flags: number, payload: Uint8Array): Uint8Array {
  const total = 40 + payload.length;
  const p = new Uint8Array(total);
  const v = new DataView(p.buffer);
  p[0] = 0x45;
  v.setUint16(2, total);
  v.setUint16(6, 0x4000); // don't fragment
  p[8] = 64;
  p[9] = 6;
  p.set(src, 12);
  p.set(dst, 16);
  v.setUint16(10, checksum(p, 0, 20, 0));
  v.setUint16(20, sport);
  v.setUint16(22, dport);
  v.setUint32(24, seq >>> 0);
  v.setUint32(28, ack >>> 0);
  p[32] = 5 << 4;
  p[33] = flags;
  v.setUint16(34, 65535);
  p.set(payload, 40);
  const pseudo = sum16(p, 12, 20) + 6 + (total - 20);
  v.setUint16(36, checksum(p, 20, total, pseudo));
  return p;
}

function sum16(b: Uint8Array, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i += 2) s += (b[i]! << 8) | (i + 1 < to ? b[i + 1]! : 0);
  return s;
}

function checksum(b: Uint8Array, from: number, to: number, initial: number): number {
  let s = initial + sum16(b, from, to);
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return ~s & 0xffff;
}
