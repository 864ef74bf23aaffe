// The two streamed passes over a capture that every view of it needs, on any ByteSource: the first
// lists the TCP connections (so the longest-lived can be chosen), the second hands over only the
// chosen connection's packets. The CLI (`lifeline analyze`) and the inspector's capture view both
// run these, so they see the same connections and the same packets.
import { readCaptureFrom, type ByteSource, type CaptureDamage, type CaptureFormat } from './capture-blocks.ts';
import { decodeTcp, newSegment } from './packet-decode.ts';
import { IpFragments } from './ip-fragments.ts';
import { ConnectionTable, connectionKey, type ConnPacket } from './capture-analysis.ts';
import { payloadHead } from './payload-head.ts';

export class NoSuchConnection extends Error {}

export interface ConnectionScan {
  table: ConnectionTable;
  format: CaptureFormat;
  packets: number;
  /** The capture is damaged from here on; the table covers what came before. */
  damage: CaptureDamage | null;
  /** What the reader tolerated and tells (one line per kind): see CaptureReadResult. */
  warnings: string[];
  /** Wall-clock time (µs since the epoch) of the capture's first packet, or null without one. */
  firstUs: number | null;
}

/** Pass one: every TCP connection, one record each (memory grows with connections, not the file). */
export async function scanConnections(source: ByteSource, onProgress?: (fraction: number) => void): Promise<ConnectionScan> {
  const table = new ConnectionTable();
  const seg = newSegment();
  let firstUs: number | null = null;
  const frags = new IpFragments();
  const r = await readCaptureFrom(source, (p) => {
    if (firstUs === null || p.tsUs < firstUs) firstUs = p.tsUs;
    frags.at(p.tsUs);
    if (decodeTcp(p.linkType, p.data, 0, p.data.length, seg, p.origLen, frags)) table.observe(seg, p.data, p.tsUs);
    else table.sawPacket(p.tsUs);
  }, { onProgress: onProgress && ((done, total) => onProgress(total ? done / total : 1)) });
  return { table, format: r.format, packets: r.packets, damage: r.damage, warnings: [...r.warnings, ...frags.warnings(source.name)], firstUs };
}

/**
 * Captures merged from several interfaces (or several capture points) hold packets slightly out
 * of time order. Idle gaps are between packets in time, so pass two keeps this many packets
 * sorted before handing the earliest on; one later than that window is counted and placed at the
 * time of the packet before it.
 */
export const REORDER_WINDOW = 256;

/** A packet waiting in the reorder window: a ConnPacket with its capture time not yet made relative. */
type Held = Omit<ConnPacket, 'tSec' | 'head'> & { tsUs: number; head: string };

/** What `analyze` and the capture view say about packets the reorder window could not put back. */
export function lateWarning(file: string, late: number): string {
  return `${file}: ${late} packet${late === 1 ? '' : 's'} too far out of time order to put back (window ${REORDER_WINDOW}); the gaps around them are approximate`;
}

/**
 * Pass two: the packets of one connection of `table` (built from the same source), in time order
 * (within REORDER_WINDOW packets), with time in seconds from the connection's first packet.
 * Returns that packet's wall-clock time (µs since the epoch, null when the connection had none)
 * and how many packets came later than the window could put back in order.
 */
export async function forEachPacketOf(
  source: ByteSource,
  table: ConnectionTable,
  id: number,
  each: (p: ConnPacket) => void,
  onProgress?: (fraction: number) => void,
): Promise<{ firstUs: number | null; late: number }> {
  const which = table.keyOf(id);
  if (which === undefined) throw new NoSuchConnection(`no connection ${id}`);
  const { key, reuse } = which;
  const seg = newSegment();
  let t0: number | null = null;
  let lastUs = -Infinity;
  let late = 0;
  const held: Held[] = [];
  const emit = (h: Held) => {
    if (h.tsUs < lastUs) late++;
    lastUs = Math.max(lastUs, h.tsUs);
    t0 ??= lastUs;
    const { tsUs: _, head, ...p } = h;
    each({ ...p, tSec: (lastUs - t0) / 1e6, ...(head ? { head } : {}) });
  };
  const probe = new ConnectionTable();
  const frags = new IpFragments();
  // Damage and dropped fragments were reported by the first pass; this pass meets the same.
  await readCaptureFrom(source, (p) => {
    frags.at(p.tsUs);
    if (!decodeTcp(p.linkType, p.data, 0, p.data.length, seg, p.origLen, frags) || connectionKey(seg) !== key) return;
    const seen = probe.observe(seg, p.data, p.tsUs);
    if (seen.id !== reuse + 1) return;
    // In order, the usual case, this is a push; otherwise an insertion near the end.
    let i = held.length;
    while (i > 0 && held[i - 1]!.tsUs > p.tsUs) i--;
    held.splice(i, 0, { tsUs: p.tsUs, frame: p.frame, dir: seen.dir, flags: seg.flags, seq: seg.seq, ack: seg.ack, payloadLen: seg.payloadLen, head: payloadHead(seg, p.data) });
    if (held.length > REORDER_WINDOW) emit(held.shift()!);
  }, { onProgress: onProgress && ((done, total) => onProgress(total ? done / total : 1)) });
  for (const h of held) emit(h);
  return { firstUs: t0, late };
}
