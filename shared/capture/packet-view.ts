// One captured packet as the capture view's packet pane shows it, and a connection's conversation as
// Follow stream pages it: which packet the replay cursor is on, its flags and relative sequence
// numbers as Wireshark writes them, and its payload head as rows of hex and text. Pure, so the
// numbers are checked without a page (and against tshark in the e2e test).
import { printable } from './capture-events.ts';
import type { ConnectionInfo, ConnPacket, PacketDir } from './capture-analysis.ts';
import { PAYLOAD_HEAD_BYTES } from './payload-head.ts';
import { TCP_ACK, TCP_SYN } from './packet-decode.ts';

/** The packet at the cursor: the last one at or before `ms` (events' time: ms from the first packet); -1 before any. */
export function packetIndexAt(packets: readonly ConnPacket[], ms: number): number {
  let lo = 0;
  let hi = packets.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (packets[mid]!.tSec * 1000 <= ms) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** "client → server" and the endpoints, as the packet pane and Follow stream name a direction. */
export function directionOf(p: ConnPacket, conn: ConnectionInfo | undefined): { words: string; endpoints: string } {
  const up = p.dir === 'up';
  return {
    words: up ? 'client → server' : 'server → client',
    endpoints: conn ? (up ? `${conn.client} → ${conn.server}` : `${conn.server} → ${conn.client}`) : '',
  };
}

/** Seconds to the microsecond, as a capture's timestamps are. */
export const usec = (sec: number): string => `${sec.toFixed(6)} s`;

/** TCP flag names by bit, lowest first: the order Wireshark's info column lists them in ("[FIN, PSH, ACK]"). */
const FLAG_NAMES = ['FIN', 'SYN', 'RST', 'PSH', 'ACK', 'URG', 'ECE', 'CWR'] as const;

export function tcpFlagNames(flags: number): string[] {
  return FLAG_NAMES.filter((_, bit) => flags & (1 << bit));
}

/**
 * Each direction's base sequence number, as Wireshark makes sequence numbers relative: a side's
 * first packet sets it (its SYN's number, else one before its first number), or else the other
 * side's first acknowledgment does (one before it). NaN for a side never seen.
 */
export function sequenceBases(packets: readonly ConnPacket[]): Record<PacketDir, number> {
  const base: Record<PacketDir, number> = { up: NaN, down: NaN };
  // Bounded: stops as soon as both sides are known, usually within the handshake.
  for (let i = 0; i < packets.length && (Number.isNaN(base.up) || Number.isNaN(base.down)); i++) {
    const p = packets[i]!;
    const other: PacketDir = p.dir === 'up' ? 'down' : 'up';
    if (Number.isNaN(base[p.dir])) base[p.dir] = p.flags & TCP_SYN ? p.seq : (p.seq - 1) >>> 0;
    if (Number.isNaN(base[other]) && p.flags & TCP_ACK) base[other] = (p.ack - 1) >>> 0;
  }
  return base;
}

/** A number relative to its side's base, modulo 2^32 as TCP's are. */
export const relativeTo = (raw: number, base: number): number => (Number.isNaN(base) ? raw : (raw - base) >>> 0);

/** The head's latin1 text as bytes (payload-head.ts keeps one char per byte). */
export function headBytes(head: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < head.length; i++) out.push(head.charCodeAt(i) & 0xff);
  return out;
}

export interface HexRow {
  /** The first byte's offset in the payload, 4 hex digits as Wireshark's bytes pane writes it. */
  offset: string;
  /** Up to 16 bytes as two-digit hex, a wider gap after the eighth. */
  hex: string;
  /** The same bytes as text, '.' for what is not printable ASCII. */
  text: string;
}

const BYTES_PER_ROW = 16;

/** The head as Wireshark's bytes pane shows a packet: 16 bytes a row, offset, hex, text. */
export function hexRows(head: string): HexRow[] {
  const rows: HexRow[] = [];
  for (let at = 0; at < head.length; at += BYTES_PER_ROW) {
    const chunk = head.slice(at, at + BYTES_PER_ROW);
    const hex = headBytes(chunk).map((b) => b.toString(16).padStart(2, '0'));
    rows.push({ offset: at.toString(16).padStart(4, '0'), hex: [hex.slice(0, 8).join(' '), hex.slice(8).join(' ')].join('  ').trimEnd(), text: printable(chunk) });
  }
  return rows;
}

/** Payload bytes the packet carried beyond its kept head (PAYLOAD_HEAD_BYTES, or less when the capture cut the frame). */
export const bytesNotKept = (p: ConnPacket): number => p.payloadLen - (p.head?.length ?? 0);

/** Why the head is shorter than the payload: the 96 bytes kept per packet, or the capture's own cut (snaplen). */
export function cutNote(p: ConnPacket): string | null {
  const missing = bytesNotKept(p);
  if (missing <= 0) return null;
  const kept = p.head?.length ?? 0;
  return kept >= PAYLOAD_HEAD_BYTES
    ? `first ${PAYLOAD_HEAD_BYTES} of ${p.payloadLen} bytes kept: Lifeline keeps each packet's first ${PAYLOAD_HEAD_BYTES} payload bytes; ${missing} more not shown`
    : `${kept} of ${p.payloadLen} bytes captured: the capture cut the frame short (snaplen)`;
}

/** Text as Wireshark's Follow stream shows it: line breaks kept, anything else not printable as '.'. */
export function followText(head: string): string {
  return head.replace(/\r\n/g, '\n').replace(/[^\x20-\x7e\n\t]/g, '.');
}

/** Packets per page of Follow stream: enough to read a conversation, few enough that any page draws at once. */
export const FOLLOW_PAGE = 200;

/** The indices of the packets that carry payload: what Follow stream lists (as Wireshark's, which shows no pure ACKs). */
export function payloadIndices(packets: readonly ConnPacket[]): Int32Array {
  let n = 0;
  for (const p of packets) if (p.payloadLen > 0) n++;
  const out = new Int32Array(n);
  let k = 0;
  packets.forEach((p, i) => {
    if (p.payloadLen > 0) out[k++] = i;
  });
  return out;
}

/** The page of Follow stream holding the packet at `index` (or the one after it, when it carries no payload). */
export function followPageOf(payload: Int32Array, index: number): number {
  let lo = 0;
  let hi = payload.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (payload[mid]! < index) lo = mid + 1;
    else hi = mid;
  }
  return Math.floor(Math.min(lo, Math.max(0, payload.length - 1)) / FOLLOW_PAGE);
}
