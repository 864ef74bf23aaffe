// The summary a capture view exports (Export → JSON): what the capture says — the connection, the
// cards the view shows (traffic and the gaps a NAT would see) and the statistics of `lifeline
// analyze` — without the device model's parts (wakeups, pushes, radio energy), which a capture does
// not tell.
import type { ConnectionInfo, GapReport } from './capture-analysis.ts';
import type { Summary } from '../folds/summary.ts';

export interface CaptureSummary extends Pick<Summary, 'disconnects' | 'natExpiries' | 'deadSec' | 'connectedRatio' | 'bytes'> {
  capture: string;
  format: string;
  connection: ConnectionInfo;
  durationSec: number;
  /** Packets carrying payload, per direction (up = client → server). */
  payloadPackets: { up: number; down: number };
  assumedNatTimeoutSec: number;
  intervals: GapReport['intervals'];
  largestGapsSec: number[];
  gapsOverTimeout: number;
  verdict: string;
}

export function captureSummary(s: Summary, c: { name: string; format: string; connection: ConnectionInfo; report: GapReport }): CaptureSummary {
  const r = c.report;
  return {
    capture: c.name,
    format: c.format,
    connection: c.connection,
    durationSec: s.simulatedSec,
    disconnects: s.disconnects,
    natExpiries: s.natExpiries,
    deadSec: s.deadSec,
    connectedRatio: s.connectedRatio,
    payloadPackets: { up: s.heartbeats.client, down: s.heartbeats.server },
    bytes: s.bytes,
    assumedNatTimeoutSec: r.assumedNatTimeoutSec,
    intervals: r.intervals,
    largestGapsSec: r.largestGapsSec,
    gapsOverTimeout: r.gapsOverTimeout,
    verdict: r.verdict,
  };
}
