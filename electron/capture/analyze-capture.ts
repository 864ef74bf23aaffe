// A capture file → the connection table and the idle-gap report of one connection. Two streamed
// passes: the first lists connections (so the longest-lived can be chosen), the second folds only
// the chosen one. Memory: one read buffer, one record per connection, and the chosen
// connection's gaps — never the file.
import { readCapture, type CaptureDamage, type CaptureFormat } from './capture-reader.ts';
import { decodeTcp, newSegment } from '../../shared/packet-decode.ts';
import { ConnectionTable, connectionKey, defaultConnection, IdleGapFold, type ConnectionInfo, type ConnPacket, type GapReport } from '../../shared/capture-analysis.ts';

export interface CaptureAnalysis extends GapReport {
  connections: ConnectionInfo[];
  selected: number | null;
}

export interface AnalyzeOptions {
  natTimeoutSec: number;
  /** 1-based connection id; default: the longest-lived. */
  connId?: number;
  onProgress?: (fraction: number) => void;
}

export interface AnalyzeResult {
  analysis: CaptureAnalysis;
  format: CaptureFormat;
  packets: number;
  /** The capture is damaged from here on; the analysis covers what came before. */
  damage: CaptureDamage | null;
}

export class NoSuchConnection extends Error {}

export async function analyzeCapture(file: string, opts: AnalyzeOptions): Promise<AnalyzeResult> {
  const table = new ConnectionTable();
  const seg = newSegment();
  const first = await readCapture(file, (p) => {
    if (decodeTcp(p.linkType, p.data, 0, p.data.length, seg)) table.observe(seg, p.data, p.tsUs);
  }, { onProgress: (done, total) => opts.onProgress?.(done / total / 2) });
  const connections = table.connections();
  const chosen = opts.connId !== undefined ? connections[opts.connId - 1] : defaultConnection(connections);
  if (opts.connId !== undefined && !chosen) throw new NoSuchConnection(`--conn ${opts.connId}: the capture has ${connections.length} TCP connection${connections.length === 1 ? '' : 's'}`);
  const fold = new IdleGapFold();
  if (chosen) await forEachPacketOf(file, table, chosen.id, (p) => fold.add(p.tSec, p.dir, p.payloadLen), (f) => opts.onProgress?.(0.5 + f / 2));
  const analysis: CaptureAnalysis = { connections, selected: chosen?.id ?? null, ...fold.report(opts.natTimeoutSec) };
  return { analysis, format: first.format, packets: first.packets, damage: first.damage };
}

/**
 * Streams the packets of one connection of `table` (built from the same file), in file order,
 * with time in seconds from the connection's first packet. This is the seam a capture player
 * builds on: packets → `connectionEvents` (shared/capture-events.ts) → the views.
 */
export async function forEachPacketOf(file: string, table: ConnectionTable, id: number, each: (p: ConnPacket) => void, onProgress?: (fraction: number) => void): Promise<void> {
  const key = table.keyOf(id);
  if (key === undefined) throw new NoSuchConnection(`no connection ${id}`);
  const seg = newSegment();
  let t0: number | null = null;
  const probe = new ConnectionTable();
  // Damage was reported by the first pass; this pass stops at the same place.
  await readCapture(file, (p) => {
    if (!decodeTcp(p.linkType, p.data, 0, p.data.length, seg) || connectionKey(seg) !== key) return;
    const { dir } = probe.observe(seg, p.data, p.tsUs);
    t0 ??= p.tsUs;
    each({ tSec: (p.tsUs - t0) / 1e6, dir, flags: seg.flags, payloadLen: seg.payloadLen });
  }, { onProgress: onProgress && ((done, total) => onProgress(done / total)) });
}
