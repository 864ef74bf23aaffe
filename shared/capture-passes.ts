// The two streamed passes over a capture that every view of it needs, on any ByteSource: the first
// lists the TCP connections (so the longest-lived can be chosen), the second hands over only the
// chosen connection's packets. The CLI (`lifeline analyze`) and the inspector's capture view both
// run these, so they see the same connections and the same packets.
import { readCaptureFrom, type ByteSource, type CaptureDamage, type CaptureFormat } from './capture-blocks.ts';
import { decodeTcp, newSegment } from './packet-decode.ts';
import { ConnectionTable, connectionKey, type ConnPacket } from './capture-analysis.ts';

export class NoSuchConnection extends Error {}

export interface ConnectionScan {
  table: ConnectionTable;
  format: CaptureFormat;
  packets: number;
  /** The capture is damaged from here on; the table covers what came before. */
  damage: CaptureDamage | null;
  /** Wall-clock time (µs since the epoch) of the capture's first packet, or null without one. */
  firstUs: number | null;
}

/** Pass one: every TCP connection, one record each (memory grows with connections, not the file). */
export async function scanConnections(source: ByteSource, onProgress?: (fraction: number) => void): Promise<ConnectionScan> {
  const table = new ConnectionTable();
  const seg = newSegment();
  let firstUs: number | null = null;
  const r = await readCaptureFrom(source, (p) => {
    if (!decodeTcp(p.linkType, p.data, 0, p.data.length, seg)) return;
    table.observe(seg, p.data, p.tsUs);
    if (firstUs === null || p.tsUs < firstUs) firstUs = p.tsUs;
  }, { onProgress: onProgress && ((done, total) => onProgress(total ? done / total : 1)) });
  return { table, format: r.format, packets: r.packets, damage: r.damage, firstUs };
}

/**
 * Pass two: the packets of one connection of `table` (built from the same source), in file order,
 * with time in seconds from the connection's first packet. Returns that packet's wall-clock time
 * (µs since the epoch), or null when the connection had none.
 */
export async function forEachPacketOf(source: ByteSource, table: ConnectionTable, id: number, each: (p: ConnPacket) => void, onProgress?: (fraction: number) => void): Promise<number | null> {
  const which = table.keyOf(id);
  if (which === undefined) throw new NoSuchConnection(`no connection ${id}`);
  const { key, reuse } = which;
  const seg = newSegment();
  let t0: number | null = null;
  const probe = new ConnectionTable();
  // Damage was reported by the first pass; this pass stops at the same place.
  await readCaptureFrom(source, (p) => {
    if (!decodeTcp(p.linkType, p.data, 0, p.data.length, seg) || connectionKey(seg) !== key) return;
    const seen = probe.observe(seg, p.data, p.tsUs);
    if (seen.id !== reuse + 1) return;
    const dir = seen.dir;
    t0 ??= p.tsUs;
    each({ tSec: (p.tsUs - t0) / 1e6, dir, flags: seg.flags, payloadLen: seg.payloadLen });
  }, { onProgress: onProgress && ((done, total) => onProgress(total ? done / total : 1)) });
  return t0;
}
