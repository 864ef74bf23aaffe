// A binary min-heap of timers ordered by (time, insertion order): same-time timers fire in the
// order they were set, which keeps fast runs deterministic.

export interface Timer {
  readonly at: number;
  readonly seq: number;
  /** Dropped (set to a no-op) on cancel, so a cancelled timer waiting in the heap holds no closure. */
  fn: () => void;
  cancelled: boolean;
}

const NOOP = (): void => {};

export class TimerQueue {
  private heap: Timer[] = [];
  private nextSeq = 0;
  private cancelledCount = 0;

  add(at: number, fn: () => void): Timer {
    const t: Timer = { at, seq: this.nextSeq++, fn, cancelled: false };
    this.heap.push(t);
    this.siftUp(this.heap.length - 1);
    return t;
  }

  /**
   * Cancelled timers stay in the heap until they reach the top, but without their closures; when
   * they outnumber the live ones the heap is rebuilt, so memory follows live timers, not the rate
   * at which timers are set and cancelled (a NAT box refreshes an idle timer per packet).
   */
  cancel(t: Timer): void {
    if (t.cancelled) return;
    t.cancelled = true;
    t.fn = NOOP;
    if (++this.cancelledCount > 64 && this.cancelledCount * 2 > this.heap.length) this.compact();
  }

  /** The earliest live timer, dropping cancelled ones on the way. */
  peek(): Timer | undefined {
    while (this.heap.length && this.heap[0]!.cancelled) this.pop();
    return this.heap[0];
  }

  get size(): number {
    return this.heap.length;
  }

  pop(): Timer | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length && last) {
      h[0] = last;
      this.siftDown(0);
    }
    if (top?.cancelled) this.cancelledCount--;
    return top;
  }

  private compact(): void {
    this.heap = this.heap.filter((t) => !t.cancelled);
    this.cancelledCount = 0;
    for (let i = (this.heap.length >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  private siftUp(i: number): void {
    const h = this.heap;
    const t = h[i]!;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(t, h[p]!)) break;
      h[i] = h[p]!;
      i = p;
    }
    h[i] = t;
  }

  private siftDown(i: number): void {
    const h = this.heap;
    const t = h[i]!;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = l;
      if (l >= h.length) break;
      if (r < h.length && before(h[r]!, h[l]!)) m = r;
      if (!before(h[m]!, t)) break;
      h[i] = h[m]!;
      i = m;
    }
    h[i] = t;
  }
}

function before(a: Timer, b: Timer): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
