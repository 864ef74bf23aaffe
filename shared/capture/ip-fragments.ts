// IP fragment reassembly for TCP, in bounded memory: what TCP needs of a fragmented datagram is
// its header (the first bytes, from whichever fragments hold them) and its length, so a datagram
// in progress keeps 60 bytes and a count, never its payload. As in tshark, the segment belongs to
// the frame that completes the datagram. At most MAX_PENDING datagrams wait, each at most
// TIMEOUT_US of capture time; one given up for either reason, or left incomplete at the end, is
// counted and told once.

/** TCP's longest header: all a reassembly keeps of a datagram's bytes. */
const HEAD = 60;
export const MAX_PENDING = 4096;
export const TIMEOUT_US = 60e6;

interface Pending {
  head: Uint8Array;
  /** Bytes of `head` filled (from offset 0 without a hole). */
  headLen: number;
  received: number;
  /** The datagram's payload length, known from its last fragment; -1 before. */
  total: number;
  firstUs: number;
}

/** A reassembled TCP header and the datagram's payload length. */
export interface Reassembled {
  head: Uint8Array;
  headLen: number;
  total: number;
}

export class IpFragments {
  private readonly pending = new Map<string, Pending>();
  private nowUs = 0;
  dropped = { full: 0, timedOut: 0 };

  /**
   * One fragment's payload `b[o, end)` at datagram offset `offset` (`more`: not the last), of
   * `len` bytes by its IP header; the datagram when this one completes it, else null.
   */
  add(key: string, offset: number, more: boolean, len: number, b: Uint8Array, o: number, end: number): Reassembled | null {
    let p = this.pending.get(key);
    if (!p) {
      if (this.pending.size >= MAX_PENDING) {
        // The oldest waits longest for its missing fragment: it is the one given up.
        const oldest = this.pending.keys().next().value as string;
        this.pending.delete(oldest);
        this.dropped.full++;
      }
      p = { head: new Uint8Array(HEAD), headLen: 0, received: 0, total: -1, firstUs: this.nowUs };
      this.pending.set(key, p);
    }
    if (offset < HEAD) {
      const n = Math.min(HEAD - offset, end - o, len);
      if (n > 0) p.head.set(b.subarray(o, o + n), offset);
      if (offset <= p.headLen) p.headLen = Math.max(p.headLen, offset + Math.max(0, n));
    }
    p.received += len;
    if (!more) p.total = offset + len;
    if (p.total < 0 || p.received < p.total) return null;
    this.pending.delete(key);
    return { head: p.head, headLen: p.headLen, total: p.total };
  }

  /** The capture time of the packet about to be decoded: datagrams waiting too long are given up. */
  at(tUs: number): void {
    this.nowUs = tUs;
    this.expire();
  }

  private expire(): void {
    // Insertion order is arrival order: the first entries are the oldest.
    for (const [key, p] of this.pending) {
      if (this.nowUs - p.firstUs <= TIMEOUT_US) break;
      this.pending.delete(key);
      this.dropped.timedOut++;
    }
  }

  /** The lines to tell, naming what was given up; none when nothing was. */
  warnings(file: string): string[] {
    const out: string[] = [];
    const { full, timedOut } = this.dropped;
    if (full) out.push(`${file}: ${full} fragmented IP datagram${full === 1 ? '' : 's'} given up: more than ${MAX_PENDING} waited for fragments at once`);
    if (timedOut) out.push(`${file}: ${timedOut} fragmented IP datagram${timedOut === 1 ? '' : 's'} given up: a fragment was still missing ${TIMEOUT_US / 1e6} s later`);
    const left = this.pending.size;
    if (left) out.push(`${file}: ${left} fragmented IP datagram${left === 1 ? '' : 's'} still missing a fragment at the end of the capture: not counted`);
    return out;
  }
}
