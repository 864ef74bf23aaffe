// A captured connection as Lifeline events: the seam for a capture player (the player in
// docs/design.md). The views fold these with the same code as a simulated run — the idle-time sawtooth
// (every packet refreshes the mapping), per-direction packet markers (frame events: up = the
// device's sends, down = the server's), and NAT-expiry marks where a gap outlasts the timeout.
// Pure and incremental: feed packets in capture order, read events as they come.
import type { LifelineEvent } from './events.ts';
import type { ConnPacket } from './capture-analysis.ts';
import { TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN } from './packet-decode.ts';

export interface CaptureSourceInfo {
  /** Shown where a scenario name would be: usually the file name and connection. */
  label: string;
  natTimeoutSec: number;
  durationSec: number;
  /** Wall-clock time of the connection's first packet. */
  startedAt: Date;
}

const MAPPING = 1;
const CONN = 1;

export class CaptureEventStream {
  private last: number | null = null;
  private closed = false;

  constructor(private readonly info: CaptureSourceInfo) {}

  /** The events that open the source, before any packet. */
  start(): LifelineEvent[] {
    const i = this.info;
    return [
      { t: 0, kind: 'run.start', scenario: i.label, mode: 'realtime', seed: 0, natIdleTimeoutSec: i.natTimeoutSec, durationSec: i.durationSec, wallClock: i.startedAt.toISOString() },
      { t: 0, kind: 'nat', op: 'created', mapping: MAPPING },
    ];
  }

  /** The events one packet stands for (times in ms from the connection's first packet). */
  packet(p: ConnPacket): LifelineEvent[] {
    const t = p.tSec * 1000;
    const out: LifelineEvent[] = [];
    if (this.last !== null && t - this.last > this.info.natTimeoutSec * 1000) {
      out.push({ t: this.last + this.info.natTimeoutSec * 1000, kind: 'nat', op: 'expired', mapping: MAPPING, reason: 'idle' });
    }
    this.last = t;
    const syn = p.flags & TCP_SYN;
    if (syn && !(p.flags & TCP_ACK)) out.push({ t, kind: 'conn', op: 'connecting', conn: CONN });
    if (syn && p.flags & TCP_ACK) out.push({ t, kind: 'conn', op: 'open', conn: CONN });
    if (p.payloadLen > 0) out.push({ t, kind: 'frame', side: p.dir === 'up' ? 'device' : 'server', dir: 'send', verb: '?', line: '', bytes: p.payloadLen });
    // Every packet is traffic for a NAT, pure ACKs and retransmissions included.
    out.push({ t, kind: 'nat', op: 'forward', mapping: MAPPING, dir: p.dir, refreshed: true });
    if (!this.closed && p.flags & (TCP_FIN | TCP_RST)) {
      this.closed = true;
      out.push({ t, kind: 'conn', op: 'closed', conn: CONN, cause: p.flags & TCP_RST ? 'reset' : 'closed' });
    }
    return out;
  }

  end(): LifelineEvent[] {
    return [{ t: this.info.durationSec * 1000, kind: 'run.end', wallMs: 0 }];
  }
}

/** All at once, for small connections and tests. */
export function connectionEvents(packets: Iterable<ConnPacket>, info: CaptureSourceInfo): LifelineEvent[] {
  const s = new CaptureEventStream(info);
  const out = s.start();
  for (const p of packets) out.push(...s.packet(p));
  out.push(...s.end());
  return out;
}
