// A session file → pcapng: one interface per hop, events as packet comments (shared/capture/pcapng-blocks.ts,
// which the inspector's Export → pcapng uses too).
import type { LifelineEvent } from '../../shared/log/events.ts';
import { sessionPcapngBlocks } from '../../shared/capture/pcapng-blocks.ts';
import { BlockFile, type BlockSink } from './pcapng-writer.ts';

export function exportPcapng(events: readonly LifelineEvent[], out: string | BlockSink, createdBy: string): { packets: number; comments: number } {
  const counts = { packets: 0, comments: 0 };
  const f = typeof out === 'string' ? new BlockFile(out) : out;
  try {
    for (const b of sessionPcapngBlocks(events, createdBy, counts)) f.write(b);
    return counts;
  } finally {
    f.close();
  }
}
