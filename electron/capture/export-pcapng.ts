// A session file → pcapng: one interface per hop, events as packet comments (shared/session-packets.ts).
import type { LifelineEvent } from '../../shared/events.ts';
import { LINKTYPE } from '../../shared/packet-decode.ts';
import { HOPS, sessionPackets, type HopName } from '../../shared/session-packets.ts';
import { PcapngWriter } from './pcapng-writer.ts';

export function exportPcapng(events: readonly LifelineEvent[], out: string, createdBy: string): { packets: number; comments: number } {
  const start = events.find((e) => e.kind === 'run.start');
  // Virtual time laid on the run's wall-clock start: absolute dates in Wireshark, exact gaps.
  const baseUs = start?.kind === 'run.start' ? Date.parse(start.wallClock) * 1000 || 0 : 0;
  const w = new PcapngWriter(out, createdBy);
  try {
    const ids = {} as Record<HopName, number>;
    for (const h of HOPS) ids[h.hop] = w.addInterface(LINKTYPE.RAW, h.name, h.description);
    let comments = 0;
    const packets = sessionPackets(events);
    for (const p of packets) {
      w.packet(ids[p.hop], baseUs + p.t * 1000, p.ip, p.comments);
      comments += p.comments.length;
    }
    return { packets: packets.length, comments };
  } finally {
    w.close();
  }
}
