// A captured connection as Lifeline events: what the capture player (renderer/src/player/
// capture-source.ts) shows. The views fold these with the same code as a simulated run — the
// idle-time sawtooth (every packet refreshes the mapping), per-direction packet markers (each
// payload-carrying packet is a heartbeat mark: up = the client's, down = the server's, with the
// interval since the last one on that side), and where a gap outlasts the NAT timeout an expiry
// mark and the stretch until the next packet shaded dead (the endpoints still believed in the
// connection). The next packet opens a new mapping, so each gap over the timeout is one stretch.
// Pure and incremental: feed packets in capture order, read events as they come.
import type { LifelineEvent } from '../log/events.ts';
import { round6, type ConnPacket, type PacketDir } from './capture-analysis.ts';
import { TCP_FIN, TCP_RST } from './packet-decode.ts';

export interface CaptureSourceInfo {
  /** Shown where a scenario name would be: usually the file name and connection. */
  label: string;
  natTimeoutSec: number;
  durationSec: number;
  /** Wall-clock time of the connection's first packet. */
  startedAt: Date;
}

const CONN = 1;

export class CaptureEventStream {
  private last: number | null = null;
  private closed = false;
  private mapping = 1;
  private readonly lastPayload: Record<PacketDir, number | null> = { up: null, down: null };
  private readonly seq: Record<PacketDir, number> = { up: 0, down: 0 };

  constructor(private readonly info: CaptureSourceInfo) {}

  /** The events that open the source, before any packet. */
  start(): LifelineEvent[] {
    const i = this.info;
    return [
      { t: 0, kind: 'run.start', scenario: i.label, mode: 'realtime', seed: 0, natIdleTimeoutSec: i.natTimeoutSec, durationSec: i.durationSec, wallClock: i.startedAt.toISOString() },
      { t: 0, kind: 'nat', op: 'created', mapping: this.mapping },
      // A capture shows a connection both ends believe in from its first packet on.
      { t: 0, kind: 'server', op: 'hello', client: CONN },
      { t: 0, kind: 'conn', op: 'open', conn: CONN },
    ];
  }

  /** The events one packet stands for (times in ms from the connection's first packet). */
  packet(p: ConnPacket): LifelineEvent[] {
    const t = p.tSec * 1000;
    const out: LifelineEvent[] = [];
    if (this.last !== null && t - this.last > this.info.natTimeoutSec * 1000) {
      // A gap the NAT would not have survived; this packet is what opens a new mapping.
      out.push({ t: this.last + this.info.natTimeoutSec * 1000, kind: 'nat', op: 'expired', mapping: this.mapping, reason: 'idle' });
      out.push({ t, kind: 'nat', op: 'created', mapping: ++this.mapping });
      // The dropped mapping took the connection with it (one disconnect per expiry, as in a run);
      // the capture goes on, so the views go on from a connection open again.
      if (!this.closed) out.push({ t, kind: 'conn', op: 'open', conn: CONN });
    }
    this.last = t;
    if (p.payloadLen > 0) {
      out.push({ t, kind: 'frame', side: p.dir === 'up' ? 'device' : 'server', dir: 'send', verb: '?', line: '', bytes: p.payloadLen });
      const prev = this.lastPayload[p.dir];
      this.lastPayload[p.dir] = t;
      out.push({ t, kind: 'heartbeat', source: p.dir === 'up' ? 'client' : 'server', seq: ++this.seq[p.dir], ...(prev !== null ? { intervalSec: round6((t - prev) / 1000) } : {}) });
    }
    // Every packet is traffic for a NAT, pure ACKs and retransmissions included.
    out.push({ t, kind: 'nat', op: 'forward', mapping: this.mapping, dir: p.dir, refreshed: true });
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
