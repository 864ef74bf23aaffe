// The first bytes of a TCP segment's payload, kept per packet so the capture view can name a
// Lifeline line-protocol verb, show text and hex, and follow the stream. Only a head is kept: a
// connection's packets stay in memory, and a long capture must not hold its whole payload.
import type { TcpSegment } from './packet-decode.ts';

/** Bytes of payload kept per packet: a line-protocol line is short (PING/PONG/PUSH heads fit). */
export const PAYLOAD_HEAD_BYTES = 96;

/**
 * The head of `seg`'s payload in `frame` (as decoded by decodeTcp), as latin1 text so it crosses
 * IPC and JSON unchanged. The payload ends where the IP packet ends (Ethernet padding after it is
 * not payload); a frame the capture cut short (snaplen) gives what was captured, maybe nothing.
 */
export function payloadHead(seg: TcpSegment, frame: Uint8Array): string {
  if (seg.payloadLen === 0) return '';
  const ip = seg.srcOff - (seg.v6 ? 8 : 12);
  const ipEnd = seg.v6 ? ip + 40 + u16(frame, ip + 4) : ip + ipv4Length(frame, ip);
  const from = ipEnd - seg.payloadLen;
  const to = Math.min(frame.length, ipEnd, from + PAYLOAD_HEAD_BYTES);
  let s = '';
  for (let i = Math.max(0, from); i < to; i++) s += String.fromCharCode(frame[i]!);
  return s;
}

function ipv4Length(b: Uint8Array, ip: number): number {
  const total = u16(b, ip + 2);
  // TSO captures show total length 0: the packet is what was captured (as packet-decode reads it).
  return total >= (b[ip]! & 0x0f) * 4 ? total : b.length - ip;
}

const u16 = (b: Uint8Array, o: number) => ((b[o] ?? 0) << 8) | (b[o + 1] ?? 0);
