// The pass over a capture that the NAT-timeout bounds and the capture → scenario fold need: every
// packet numbered as tshark numbers frames, the chosen connection's packets with their payload, and
// the SYNs of later connections between the same two hosts (a client reconnecting).
import { readCaptureFrom, type ByteSource } from './capture-blocks.ts';
import { decodeTcp, newSegment, TCP_ACK, TCP_SYN } from './packet-decode.ts';
import { ConnectionTable } from './capture-analysis.ts';
import { NoSuchConnection } from './capture-passes.ts';
import { NatTimeoutFold, type NatPacket, type NatTimeoutBounds } from './nat-timeout.ts';
import { CadenceFold, type Cadence } from './cadence.ts';

export interface FramePacket extends NatPacket {
  /** The TCP payload the frame holds (shorter than the segment's when the capture cut it: snaplen). */
  payload: Uint8Array;
  payloadLen: number;
}

export interface FrameHandlers {
  packet: (p: FramePacket) => void;
  reconnect: (frame: number, tSec: number) => void;
}

/**
 * Seconds are the capture's own clock (µs since the epoch / 1e6): only differences matter. Only
 * the packets between the chosen connection's two hosts are followed (`table` is pass one's): all
 * the connections that can be it or a reconnect, numbered among themselves in the order they
 * first appear, which is the order of their ids in `table`.
 */
export async function forEachFrameOf(source: ByteSource, table: ConnectionTable, id: number, on: FrameHandlers): Promise<void> {
  const which = table.keyOf(id);
  if (which === undefined) throw new NoSuchConnection(`no connection ${id}`);
  const [hostA, hostB] = which.key.split('|').map((end) => end.slice(0, end.lastIndexOf(':')));
  const probe = new ConnectionTable();
  const seg = newSegment();
  let chosen = 0; // the chosen connection's id in `probe`, once seen
  let hosts: { client: string; server: string } | null = null;
  await readCaptureFrom(source, (p) => {
    const frame = p.frame;
    if (!decodeTcp(p.linkType, p.data, 0, p.data.length, seg)) return;
    if (!((seg.srcKey === hostA && seg.dstKey === hostB) || (seg.srcKey === hostB && seg.dstKey === hostA))) return;
    const seen = probe.observe(seg, p.data, p.tsUs);
    if (!chosen && isChosen(probe.keyOf(seen.id)!, which)) chosen = seen.id;
    const tSec = p.tsUs / 1e6;
    if (chosen && seen.id === chosen) {
      hosts ??= seen.dir === 'up' ? { client: seg.srcKey, server: seg.dstKey } : { client: seg.dstKey, server: seg.srcKey };
      const end = Math.min(ipEnd(p.data, seg.srcOff, seg.v6), p.data.length);
      on.packet({ frame, tSec, dir: seen.dir, flags: seg.flags, payloadLen: seg.payloadLen, payload: p.data.subarray(Math.max(0, end - seg.payloadLen), end) });
    } else if (chosen && seen.id > chosen && hosts && (seg.flags & (TCP_SYN | TCP_ACK)) === TCP_SYN && seg.srcKey === hosts.client && seg.dstKey === hosts.server) {
      on.reconnect(frame, tSec);
    }
  });
}

const isChosen = (a: { key: string; reuse: number }, b: { key: string; reuse: number }) => a.key === b.key && a.reuse === b.reuse;

/**
 * Where the IP datagram ends in the frame: the payload ends there, not at the frame's end, which
 * may carry Ethernet padding. From the address offset the decoder found (IPv4 source at 12, IPv6 at 8).
 */
function ipEnd(b: Uint8Array, srcOff: number, v6: boolean): number {
  const start = srcOff - (v6 ? 8 : 12);
  const u16 = (o: number) => ((b[o] ?? 0) << 8) | (b[o + 1] ?? 0);
  return v6 ? start + 40 + u16(start + 4) : start + u16(start + 2);
}

/** What a capture proves about its path's NAT, and each side's cadence: `analyze`, `--scenario` and the capture view. */
export interface NatAnalysis {
  bounds: NatTimeoutBounds;
  cadence: Cadence;
}

/** The pass above folded into the NAT bounds and the cadence of connection `id` of `table`. */
export async function natAnalysisOf(source: ByteSource, table: ConnectionTable, id: number): Promise<NatAnalysis> {
  const nat = new NatTimeoutFold();
  const cadence = new CadenceFold();
  await forEachFrameOf(source, table, id, { packet: (p) => (nat.add(p), cadence.add(p.tSec, p.dir, p.payload)), reconnect: (f, t) => nat.reconnect(f, t) });
  return { bounds: nat.result(), cadence: cadence.medians() };
}
