// A batch of one connection's packets as the page's file reader hands it over: columns of numbers
// and one string, whose buffers move to the page without a copy. The page makes the packet objects
// itself: cloning 300,000 packet objects across took about 300 ms of the page's thread (a CPU
// profile of a 400,000-packet capture picked with Open…), making them from columns a tenth of that.
import type { ConnPacket } from '../../../shared/capture/capture-analysis.ts';

export interface PacketColumns {
  /** Per packet, FIELDS numbers: frame, tSec, dir (1 up, 0 down), flags, seq, ack, payloadLen. */
  numbers: Float64Array;
  /** Per packet, the length of its payload's head in `heads`; -1 without one. */
  headLengths: Int32Array;
  heads: string;
}

const FIELDS = 7;

export function packPackets(packets: readonly ConnPacket[]): PacketColumns {
  const numbers = new Float64Array(packets.length * FIELDS);
  const headLengths = new Int32Array(packets.length);
  const heads: string[] = [];
  packets.forEach((p, i) => {
    numbers.set([p.frame, p.tSec, p.dir === 'up' ? 1 : 0, p.flags, p.seq, p.ack, p.payloadLen], i * FIELDS);
    headLengths[i] = p.head === undefined ? -1 : p.head.length;
    if (p.head !== undefined) heads.push(p.head);
  });
  return { numbers, headLengths, heads: heads.join('') };
}

/** What moves rather than being copied. */
export const transferOf = (c: PacketColumns): Transferable[] => [c.numbers.buffer, c.headLengths.buffer];

export function unpackPackets(c: PacketColumns, into: ConnPacket[]): void {
  const { numbers: x, headLengths, heads } = c;
  let at = 0;
  for (let i = 0; i < headLengths.length; i++) {
    const o = i * FIELDS;
    const p: ConnPacket = { frame: x[o]!, tSec: x[o + 1]!, dir: x[o + 2] === 1 ? 'up' : 'down', flags: x[o + 3]!, seq: x[o + 4]!, ack: x[o + 5]!, payloadLen: x[o + 6]! };
    const n = headLengths[i]!;
    if (n >= 0) {
      p.head = heads.slice(at, at + n);
      at += n;
    }
    into.push(p);
  }
}
