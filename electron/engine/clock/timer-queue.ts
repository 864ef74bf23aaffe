// A binary min-heap of timers ordered by (time, insertion order): same-time timers fire in the
// order they were set, which keeps fast runs deterministic.

export interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly fn: () => void;
  cancelled: boolean;
}

export class TimerQueue {
  private heap: Timer[] = [];
  private nextSeq = 0;

  add(at: number, fn: () => void): Timer {
    const t: Timer = { at, seq: this.nextSeq++, fn, cancelled: false };
    const h = this.heap;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(t, h[p]!)) break;
      h[i] = h[p]!;
      i = p;
    }
    h[i] = t;
    return t;
  }

  /** The earliest live timer, dropping cancelled ones on the way. */
  peek(): Timer | undefined {
    while (this.heap.length && this.heap[0]!.cancelled) this.pop();
    return this.heap[0];
  }

  pop(): Timer | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length && last) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        const cand = (k: number) => (k === i ? last : h[k]!);
        if (l < h.length && before(h[l]!, cand(m))) m = l;
        if (r < h.length && before(h[r]!, cand(m))) m = r;
        if (m === i) break;
        h[i] = h[m]!;
        i = m;
      }
      h[i] = last;
    }
    return top;
  }
}

function before(a: Timer, b: Timer): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
