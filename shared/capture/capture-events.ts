// A captured connection as Lifeline events: what the capture player (renderer/src/player/
// capture-source.ts) shows. The views fold these with the same code as a simulated run — the
// idle-time sawtooth (every packet refreshes the mapping), per-direction packet markers (each
// payload-carrying packet is a heartbeat mark: up = the client's, down = the server's, with the
// interval since the last one on that side), and where a gap outlasts the NAT timeout an expiry
// mark. The events say only what a capture shows: packets by direction (their payload named by
// the line protocol's verb, else text and hex), gaps over the timeout, and a FIN or RST. Nothing
// the capture cannot see is invented: no new mapping or reconnect after a gap, no app socket.
// Pure and incremental: feed packets in capture order, read events as they come.
import type { LifelineEvent } from '../log/events.ts';
import { parseLine } from '../model/protocol.ts';
import { round6, type ConnPacket, type PacketDir } from './capture-analysis.ts';
import { TCP_FIN, TCP_RST } from './packet-decode.ts';

export interface CaptureSourceInfo {
  /** Shown where a scenario name would be: usually the file name and connection. */
  label: string;
  assumedNatTimeoutSec: number;
  durationSec: number;
  /** Wall-clock time of the connection's first packet. */
  startedAt: Date;
}

const CONN = 1;

/** What of a packet its events say: not its frame number or sequence numbers (the packet pane shows those). */
export type EventPacket = Pick<ConnPacket, 'tSec' | 'dir' | 'flags' | 'payloadLen' | 'head'>;

export class CaptureEventStream {
  private last: number | null = null;
  private closed = false;
  private readonly mapping = 1;
  private readonly lastPayload: Record<PacketDir, number | null> = { up: null, down: null };
  private readonly seq: Record<PacketDir, number> = { up: 0, down: 0 };

  constructor(private readonly info: CaptureSourceInfo) {}

  /** The events that open the source, before any packet. */
  start(): LifelineEvent[] {
    const i = this.info;
    return [
      { t: 0, kind: 'run.start', scenario: i.label, mode: 'realtime', seed: 0, natIdleTimeoutSec: i.assumedNatTimeoutSec, durationSec: i.durationSec, wallClock: i.startedAt.toISOString() },
      // The first packet is where the flow begins, at any NAT on its path: the sawtooth starts here.
      { t: 0, kind: 'nat', op: 'created', mapping: this.mapping },
    ];
  }

  /** The events one packet stands for (times in ms from the connection's first packet). */
  packet(p: EventPacket): LifelineEvent[] {
    const t = p.tSec * 1000;
    const out: LifelineEvent[] = [];
    if (this.last !== null && t - this.last > this.info.assumedNatTimeoutSec * 1000) {
      // A gap a NAT with this timeout would not have survived. What happened to the flow after it
      // the capture shows in its next packets; the line climbs on to the gap's full length.
      out.push({ t: this.last + this.info.assumedNatTimeoutSec * 1000, kind: 'nat', op: 'expired', mapping: this.mapping, reason: 'idle' });
    }
    this.last = t;
    if (p.payloadLen > 0) {
      out.push({ t, kind: 'frame', side: p.dir === 'up' ? 'device' : 'server', dir: 'send', bytes: p.payloadLen, ...payloadWords(p.head ?? '') });
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

/**
 * A payload as the event table shows it: a line of Lifeline's line protocol by its verb, else the
 * head's printable text with its hex (the packet pane shows both). Without captured bytes, neither.
 */
export function payloadWords(head: string): { verb: Extract<LifelineEvent, { kind: 'frame' }>['verb']; line: string; hex?: string } {
  const nl = head.indexOf('\n');
  const line = nl < 0 ? head : head.slice(0, nl);
  const parsed = nl < 0 ? null : parseLine(line);
  if (parsed?.ok) return { verb: parsed.message.verb, line };
  if (head === '') return { verb: '?', line: '' };
  let hex = '';
  for (let i = 0; i < head.length; i++) hex += (head.charCodeAt(i) + 0x100).toString(16).slice(1);
  return { verb: '?', line: printable(head), hex };
}

/** Bytes outside printable ASCII as '.', as Wireshark's text pane shows them. */
export function printable(bytes: string): string {
  return bytes.replace(/[^\x20-\x7e]/g, '.');
}

/** All at once, for small connections and tests. */
export function connectionEvents(packets: Iterable<EventPacket>, info: CaptureSourceInfo): LifelineEvent[] {
  const s = new CaptureEventStream(info);
  const out = s.start();
  for (const p of packets) out.push(...s.packet(p));
  out.push(...s.end());
  return out;
}
