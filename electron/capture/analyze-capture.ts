// A capture file → the connection table and the idle-gap report of one connection. Two streamed
// passes (shared/capture/capture-passes.ts, the same the inspector runs): the first lists connections (so
// the longest-lived can be chosen), the second folds only the chosen one. Memory: one read buffer,
// one record per connection, and the chosen connection's gaps — never the file.
import { withFileSource, type CaptureDamage, type CaptureFormat } from './capture-reader.ts';
import { defaultConnection, IdleGapFold, type ConnectionInfo, type GapReport } from '../../shared/capture/capture-analysis.ts';
import { forEachPacketOf, NoSuchConnection, scanConnections } from '../../shared/capture/capture-passes.ts';
import { NatTimeoutFold, type NatTimeoutBounds } from '../../shared/capture/nat-timeout.ts';
import { natAnalysisOf } from '../../shared/capture/nat-timeout-pass.ts';
import type { Cadence } from '../../shared/capture/cadence.ts';

export { NoSuchConnection };

export interface CaptureAnalysis extends GapReport {
  connections: ConnectionInfo[];
  selected: number | null;
  /** What the capture proves about the path's NAT idle timeout (shared/capture/nat-timeout.ts). */
  natTimeoutSec: NatTimeoutBounds;
}

export interface AnalyzeOptions {
  assumedNatTimeoutSec: number;
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
  /** What the reader tolerated and tells, one line per kind, naming file and byte offset. */
  warnings: string[];
  /** Packets of the analysed connection too far out of time order to put back (REORDER_WINDOW). */
  late: number;
  /** Heartbeat and push cadence of the analysed connection, for `--scenario`. */
  cadence: Cadence;
  /** Seconds from the capture's first packet to the last TCP packet (startSec counts from the first packet). */
  spanSec: number;
}

export function analyzeCapture(file: string, opts: AnalyzeOptions): Promise<AnalyzeResult> {
  return withFileSource(file, async (src) => {
    const first = await scanConnections(src, (f) => opts.onProgress?.(f / 2));
    const connections = first.table.connections();
    const chosen = opts.connId !== undefined ? connections[opts.connId - 1] : defaultConnection(connections);
    if (opts.connId !== undefined && !chosen) throw new NoSuchConnection(`--conn ${opts.connId}: the capture has ${connections.length} TCP connection${connections.length === 1 ? '' : 's'}`);
    const fold = new IdleGapFold();
    const late = chosen ? (await forEachPacketOf(src, first.table, chosen.id, (p) => fold.add(p.tSec, p.dir, p.payloadLen), (f) => opts.onProgress?.(0.5 + f / 2))).late : 0;
    // Pass three numbers every frame as tshark does, for the NAT bounds' evidence and the cadence.
    const nat = chosen ? await natAnalysisOf(src, first.table, chosen.id) : { bounds: new NatTimeoutFold().result(), cadence: { client: null, server: null, push: null } };
    const report = fold.report(opts.assumedNatTimeoutSec);
    // Nothing to measure is not "fewer than two packets": the capture holds no TCP at all.
    if (!chosen) report.verdict = `no TCP connection in the capture: nothing to compare with a ${opts.assumedNatTimeoutSec} s NAT`;
    const analysis: CaptureAnalysis = { connections, selected: chosen?.id ?? null, ...report, natTimeoutSec: nat.bounds };
    // A fold, not Math.max(...spread): one argument per connection overflows the stack past ~120,000.
    const spanSec = connections.reduce((m, c) => Math.max(m, c.startSec + c.durationSec), 0);
    return { analysis, format: first.format, packets: first.packets, damage: first.damage, warnings: first.warnings, late, cadence: nat.cadence, spanSec };
  });
}
