// pcapng blocks as bytes (draft-ietf-opsawg-pcapng): one section, one Interface Description Block
// per interface, Enhanced Packet Blocks with opt_comment options, so Wireshark and tshark show
// Lifeline's events beside the packets (`tshark -Y frame.comment`). Little-endian, µs timestamps.
// Pure: the CLI writes these blocks to a file (electron/capture/pcapng-writer.ts), the inspector
// into a download (renderer/src/player/export-view.ts).
import { HOPS, sessionPackets, type HopName } from './session-packets.ts';
import { LINKTYPE } from './packet-decode.ts';
import type { LifelineEvent } from '../log/events.ts';

const SHB = 0x0a0d0d0a;
const IDB = 1;
const EPB = 6;
const OPT_COMMENT = 1;
const SHB_USERAPPL = 4;
const IF_NAME = 2;
const IF_DESCRIPTION = 3;
const IF_TSRESOL = 9;

const pad4 = (n: number) => (n + 3) & ~3;
const utf8 = new TextEncoder();

/** A block: type, length, body (the caller's fixed part, then its options), length again. */
function block(type: number, fixed: Uint8Array, opts: readonly [number, Uint8Array][]): Uint8Array {
  let optLen = opts.length ? 4 : 0;
  for (const [, v] of opts) optLen += 4 + pad4(v.length);
  const len = 12 + fixed.length + optLen;
  const b = new Uint8Array(len);
  const dv = new DataView(b.buffer);
  dv.setUint32(0, type, true);
  dv.setUint32(4, len, true);
  b.set(fixed, 8);
  let o = 8 + fixed.length;
  for (const [code, v] of opts) {
    dv.setUint16(o, code, true);
    dv.setUint16(o + 2, v.length, true);
    b.set(v, o + 4);
    o += 4 + pad4(v.length);
  }
  // opt_endofopt (code 0, length 0) is the four zero bytes already there.
  dv.setUint32(len - 4, len, true);
  return b;
}

export function sectionHeader(userAppl: string): Uint8Array {
  const head = new Uint8Array(16);
  const dv = new DataView(head.buffer);
  dv.setUint32(0, 0x1a2b3c4d, true); // byte-order magic
  dv.setUint16(4, 1, true); // version 1.0
  dv.setBigInt64(8, -1n, true); // section length not given
  return block(SHB, head, [[SHB_USERAPPL, utf8.encode(userAppl)]]);
}

export function interfaceBlock(linkType: number, name: string, description: string): Uint8Array {
  const head = new Uint8Array(8);
  const dv = new DataView(head.buffer);
  dv.setUint16(0, linkType, true);
  dv.setUint32(4, 0, true); // no snaplen limit
  return block(IDB, head, [[IF_NAME, utf8.encode(name)], [IF_DESCRIPTION, utf8.encode(description)], [IF_TSRESOL, Uint8Array.of(6)]]);
}

export function packetBlock(iface: number, tsUs: number, data: Uint8Array, comments: readonly string[] = []): Uint8Array {
  const us = Math.round(tsUs);
  const head = new Uint8Array(20 + pad4(data.length));
  const dv = new DataView(head.buffer);
  dv.setUint32(0, iface, true);
  dv.setUint32(4, Math.floor(us / 2 ** 32), true);
  dv.setUint32(8, us % 2 ** 32, true);
  dv.setUint32(12, data.length, true);
  dv.setUint32(16, data.length, true);
  head.set(data, 20);
  return block(EPB, head, comments.map((c) => [OPT_COMMENT, utf8.encode(c)]));
}

/**
 * A session as pcapng blocks, in order: one interface per hop, the real bytes of each hop as TCP
 * packets at virtual time laid on the run's wall-clock start (absolute dates in Wireshark, exact
 * gaps), lifecycle and NAT events as packet comments.
 */
export function* sessionPcapngBlocks(events: readonly LifelineEvent[], createdBy: string, counts = { packets: 0, comments: 0 }): Generator<Uint8Array> {
  const start = events.find((e) => e.kind === 'run.start');
  const baseUs = start?.kind === 'run.start' ? Date.parse(start.wallClock) * 1000 || 0 : 0;
  yield sectionHeader(createdBy);
  const ids = {} as Record<HopName, number>;
  HOPS.forEach((h, i) => (ids[h.hop] = i));
  for (const h of HOPS) yield interfaceBlock(LINKTYPE.RAW, h.name, h.description);
  for (const p of sessionPackets(events)) {
    counts.packets++;
    counts.comments += p.comments.length;
    yield packetBlock(ids[p.hop], baseUs + p.t * 1000, p.ip, p.comments);
  }
}
