// What a packet capture says about keep-alive: the TCP connections in it, and for one of them the
// idle gaps a NAT would see and the cadence of each side. Pure folds over decoded segments, so
// the CLI (`lifeline analyze`), the app and a capture player compute the same numbers.
import { formatSecMs } from '../util/time-format.ts';
import { formatAddress, formatEndpoint, TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN, type TcpSegment } from './packet-decode.ts';

export interface ConnectionInfo {
  id: number;
  client: string;
  server: string;
  packets: number;
  /** TCP payload bytes, both directions. */
  bytes: number;
  /** Seconds from the capture's first packet to this connection's first. */
  startSec: number;
  durationSec: number;
  /** How the connection was carried when it was tunnelled ('gre', 'mpls/vxlan'); absent when not. */
  tunnel?: string;
}

/** client → server is up, as in the simulator's NAT box. */
export type PacketDir = 'up' | 'down';

/** One packet of a connection, as the idle-gap analysis, a capture player and its packet pane need it. */
export interface ConnPacket {
  /** The packet's number as tshark counts frames (1-based, every packet of the file). */
  frame: number;
  tSec: number;
  dir: PacketDir;
  flags: number;
  /** The TCP sequence and acknowledgment numbers as on the wire (ack meaningful with the ACK flag). */
  seq: number;
  ack: number;
  payloadLen: number;
  /** The payload's first bytes as latin1 (payload-head.ts), absent without payload or when not captured. */
  head?: string;
}

interface Conn {
  id: number;
  key: string;
  /** Earlier connections on the same four-tuple (a port pair reused after a close). */
  reuse: number;
  /** A FIN or RST was seen: a new SYN on the same ports starts another connection. */
  closing: boolean;
  /** The first sequence number seen each way (NaN before any): a SYN with another starts a new connection. */
  baseSeq: Record<PacketDir, number>;
  clientKey: string;
  client: string;
  server: string;
  packets: number;
  bytes: number;
  firstUs: number;
  lastUs: number;
  tunnel: string;
}

/** Folds segments into connections. Memory grows with the number of connections only. */
export class ConnectionTable {
  private readonly byKey = new Map<string, Conn>();
  private readonly conns: Conn[] = [];
  private t0Us: number | null = null;

  /** Adds a segment; returns its connection id and direction. */
  observe(seg: TcpSegment, frame: Uint8Array, tUs: number): { id: number; dir: PacketDir } {
    const a = `${seg.srcKey}:${seg.sport}`;
    const key = connectionKey(seg);
    let c = this.byKey.get(key);
    if (!c || this.startsAnother(c, seg, a)) {
      c = this.open(key, seg, frame, tUs, a, c ? c.reuse + 1 : 0);
      this.byKey.set(key, c);
      this.conns.push(c);
    }
    const dir: PacketDir = a === c.clientKey ? 'up' : 'down';
    if (Number.isNaN(c.baseSeq[dir])) c.baseSeq[dir] = seg.seq;
    if (seg.flags & (TCP_FIN | TCP_RST)) c.closing = true;
    c.tunnel ||= seg.tunnel;
    c.packets++;
    c.bytes += seg.payloadLen;
    if (tUs > c.lastUs) c.lastUs = tUs;
    if (tUs < c.firstUs) c.firstUs = tUs;
    this.sawPacket(tUs);
    return { id: c.id, dir };
  }

  /**
   * A packet of the capture, TCP or not: `startSec` counts from the capture's first packet.
   * (observe calls it too.)
   */
  sawPacket(tUs: number): void {
    if (this.t0Us === null || tUs < this.t0Us) this.t0Us = tUs;
  }

  /**
   * As tshark numbers its streams (tcp.stream): a SYN whose sequence number is not the first one
   * seen that way on these ports opens another connection; a retransmitted SYN does not. After a
   * FIN or RST, a SYN from a side not yet seen opens one too.
   */
  private startsAnother(c: Conn, seg: TcpSegment, srcKey: string): boolean {
    if ((seg.flags & (TCP_SYN | TCP_ACK)) !== TCP_SYN) return false;
    const base = c.baseSeq[srcKey === c.clientKey ? 'up' : 'down'];
    return Number.isNaN(base) ? c.closing : base !== seg.seq;
  }

  private open(key: string, seg: TcpSegment, frame: Uint8Array, tUs: number, srcKey: string, reuse: number): Conn {
    const src = formatEndpoint(formatAddress(frame, seg.srcOff, seg.v6), seg.sport, seg.v6);
    const dst = formatEndpoint(formatAddress(frame, seg.dstOff, seg.v6), seg.dport, seg.v6);
    const syn = (seg.flags & (TCP_SYN | TCP_ACK)) === TCP_SYN;
    const synAck = (seg.flags & (TCP_SYN | TCP_ACK)) === (TCP_SYN | TCP_ACK);
    // Without the handshake in the capture, the ephemeral (higher) port is the client's.
    const srcIsClient = syn || (!synAck && seg.sport >= seg.dport);
    const dstKey = `${seg.dstKey}:${seg.dport}`;
    return {
      id: this.conns.length + 1, key, reuse, closing: false, baseSeq: { up: NaN, down: NaN },
      clientKey: srcIsClient ? srcKey : dstKey,
      client: srcIsClient ? src : dst,
      server: srcIsClient ? dst : src,
      packets: 0, bytes: 0, firstUs: tUs, lastUs: tUs, tunnel: seg.tunnel,
    };
  }

  /**
   * The key `observe` gives this connection, and how many connections used the same ports
   * before it: lets a second pass pick its packets (a table fed only that key numbers them 1, 2…).
   */
  keyOf(id: number): { key: string; reuse: number } | undefined {
    const c = this.conns[id - 1];
    return c && { key: c.key, reuse: c.reuse };
  }

  connections(): ConnectionInfo[] {
    const t0 = this.t0Us ?? 0;
    return this.conns.map((c) => ({
      id: c.id, client: c.client, server: c.server, packets: c.packets, bytes: c.bytes,
      startSec: round6((c.firstUs - t0) / 1e6), durationSec: round6((c.lastUs - c.firstUs) / 1e6),
      ...(c.tunnel ? { tunnel: c.tunnel } : {}),
    }));
  }
}

/** The key a segment belongs to, computed the same way as ConnectionTable.observe. */
export function connectionKey(seg: TcpSegment): string {
  const a = `${seg.srcKey}:${seg.sport}`;
  const b = `${seg.dstKey}:${seg.dport}`;
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

/**
 * The connection a keep-alive study is about: the longest-lived, tunnelled or not (a tunnel is how
 * a connection travelled, not a lesser connection); ties: most packets, then the one not
 * tunnelled, then the first. docs/formats.md states this rule.
 */
export function defaultConnection(conns: readonly ConnectionInfo[]): ConnectionInfo | undefined {
  let best: ConnectionInfo | undefined;
  for (const c of conns) {
    if (!best || c.durationSec > best.durationSec || (c.durationSec === best.durationSec && (c.packets > best.packets || (c.packets === best.packets && !c.tunnel && best.tunnel !== undefined)))) best = c;
  }
  return best;
}

/**
 * The NAT idle timeout a capture is compared with unless the user says otherwise (`analyze`, the
 * inspector): a common carrier value (FACTS: Cellular carrier timeouts), 5 min or less on many
 * cellular networks.
 */
export const DEFAULT_NAT_TIMEOUT_SEC = 300;

/** The smallest NAT timeout compared with: the same bound as `lifeline analyze --nat-timeout`. */
export const MIN_NAT_TIMEOUT_SEC = 0.001;

export interface IntervalStats {
  min: number;
  median: number;
  max: number;
}

export interface GapReport {
  assumedNatTimeoutSec: number;
  /** Seconds between payload-carrying packets per direction; null with fewer than two. */
  intervals: { up: IntervalStats | null; down: IntervalStats | null };
  /** Idle gaps (either direction), largest first, at most 10. */
  largestGapsSec: number[];
  gapsOverTimeout: number;
  verdict: string;
}

const MAX_GAPS_LISTED = 10;

/**
 * Idle gaps and cadence of one connection. Every packet counts as NAT traffic — pure ACKs and
 * retransmissions refresh a mapping just like data (FACTS: Mapping refresh direction); the cadence
 * counts only packets with payload, which is what a heartbeat is.
 */
export class IdleGapFold {
  private last: number | null = null;
  private readonly lastPayload: Record<PacketDir, number | null> = { up: null, down: null };
  private readonly gaps: number[] = [];
  private readonly intervals: Record<PacketDir, number[]> = { up: [], down: [] };

  /** The sorted gaps and the interval statistics: they do not depend on the NAT timeout. */
  private sorted: { gaps: Float64Array; up: IntervalStats | null; down: IntervalStats | null } | null = null;

  add(tSec: number, dir: PacketDir, payloadLen: number): void {
    this.sorted = null;
    if (this.last !== null) this.gaps.push(Math.max(0, tSec - this.last));
    this.last = tSec;
    if (payloadLen > 0) {
      const prev = this.lastPayload[dir];
      if (prev !== null) this.intervals[dir].push(Math.max(0, tSec - prev));
      this.lastPayload[dir] = tSec;
    }
  }

  /** Sorts once: the inspector asks again for each NAT timeout typed, over the same packets. */
  report(assumedNatTimeoutSec: number): GapReport {
    this.sorted ??= { gaps: ascending(this.gaps), up: stats(this.intervals.up), down: stats(this.intervals.down) };
    const { gaps: sorted, up, down } = this.sorted;
    // A copy (slice, not subarray): reversing in place would disorder the kept sort.
    const largest = Array.from(sorted.slice(Math.max(0, sorted.length - MAX_GAPS_LISTED)).reverse(), round6);
    const over = this.gaps.filter((g) => g > assumedNatTimeoutSec).length;
    return {
      assumedNatTimeoutSec,
      intervals: { up, down },
      largestGapsSec: largest,
      gapsOverTimeout: over,
      verdict: verdict(over, assumedNatTimeoutSec, largest[0] ?? null),
    };
  }
}

function stats(xs: number[]): IntervalStats | null {
  if (xs.length === 0) return null;
  const s = ascending(xs);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { min: round6(s[0]!), median: round6(median), max: round6(s[s.length - 1]!) };
}

/**
 * Sorted as numbers in a typed array: no comparator calls, so the statistics of a 300,000-packet
 * connection take a few milliseconds in the page, not a hundred.
 */
const ascending = (xs: readonly number[]) => Float64Array.from(xs).sort();

function verdict(over: number, natSec: number, largest: number | null): string {
  const nat = formatSecMs(natSec);
  if (over > 0) return `${over} idle gap${over === 1 ? ' exceeds' : 's exceed'} a ${nat} NAT: the mapping would have been dropped`;
  if (largest === null) return `fewer than two packets: no idle gap to compare with a ${nat} NAT`;
  return `no idle gap exceeds a ${nat} NAT: the longest, ${formatSecMs(largest)}, leaves ${formatSecMs(natSec - largest)} to spare`;
}

export const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;
