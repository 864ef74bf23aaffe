// When a window holds more sawtooth cycles than the plot has pixels, the line becomes a solid
// block. Instead, like Wireshark's IO graph, each bucket of time shows the longest idle reached in
// it: the peaks against the NAT timeout are what the chart is for.
import { lowerBound } from './downsample-series.ts';
import { WindowMemos } from './window-memos.ts';

type IdleTail = { t: number; y: number } | null;

/**
 * The envelope after its first `count` iterations, for one window: a redraw of the same window resumes
 * from the last one its arrays still hold instead of walking hundreds of thousands of points again
 * (issue 16: a million-event session's redraws while it loads). Iteration i draws the piece from point
 * i to point i + 1, so the snapshot depends on points up to `count`. The idle series only appends; a
 * seek cuts it back and folds the same points again, so a snapshot whose last point is still there,
 * with the same values, is of the same prefix.
 */
interface Snap {
  count: number;
  /** Point `count`, the last the snapshot depends on. */
  lastT: number;
  lastY: number | null;
  out: (number | null)[];
}
interface Memo {
  t0: number;
  t1: number;
  buckets: number;
  snaps: Snap[];
}
const SNAP_EVERY = 8192;
/** Keyed by the series' time array: the snapshots of its last few windows, dropped with it. */
const memos = new WindowMemos<Memo>(4);

/**
 * The highest idle value the sawtooth reaches in each of `buckets` equal slices of [t0, t1]; null
 * where no mapping was counting. The line is linear between points, so a slice's maximum is at a
 * point inside it or where the line crosses its edges. `tail` is the open end of the line, if any.
 */
export function idleEnvelope(ts: readonly number[], ys: readonly (number | null)[], t0: number, t1: number, buckets: number, tail: IdleTail = null): (number | null)[] {
  return walk(ts, ys, t0, t1, buckets, tail, Infinity);
}

/**
 * Walks the series' new points into the snapshots of the window last drawn as an envelope, so its
 * next draw resumes near the end. A session that loads calls it between its fold slices (as
 * lane-rects.ts warmLaneColumns). Does nothing until a snapshot more is due.
 */
export function warmIdleEnvelope(ts: readonly number[], ys: readonly (number | null)[]): void {
  const m = memos.last(ts);
  if (!m || (m.snaps.at(-1)?.count ?? 0) + SNAP_EVERY > ts.length - 1) return;
  walk(ts, ys, m.t0, m.t1, m.buckets, null, ts.length - 1);
}

/**
 * A sawtooth drawn in window [t0, t1] while its cycles are few: once they are many, it is drawn as
 * an envelope of `buckets`. A session that loads walks its points into that envelope's snapshots
 * meanwhile (warmIdleEnvelope), so the first envelope drawn does not walk them all in one task.
 */
export function expectIdleEnvelope(ts: readonly number[], t0: number, t1: number, buckets: number): void {
  memoOf(ts, t0, t1, buckets);
}

const memoOf = (ts: readonly number[], t0: number, t1: number, buckets: number): Memo =>
  memos.of(ts, (m) => m.t0 === t0 && m.t1 === t1 && m.buckets === buckets, () => ({ t0, t1, buckets, snaps: [] }));

/** idleEnvelope, its walk ending before point `stop`. */
function walk(ts: readonly number[], ys: readonly (number | null)[], t0: number, t1: number, buckets: number, tail: IdleTail, stop: number): (number | null)[] {
  let out: (number | null)[] = new Array<number | null>(buckets).fill(null);
  const width = (t1 - t0) / buckets;
  if (!(width > 0)) return out;
  const bucketOf = (t: number) => Math.min(buckets - 1, Math.floor((t - t0) / width));
  const raise = (k: number, y: number) => {
    const v = out[k];
    if (v === null || v === undefined || y > v) out[k] = y;
  };
  let a = Math.max(0, lowerBound(ts, t0) - 1);
  const b = Math.min(ts.length, lowerBound(ts, t1) + 1);
  const end = Math.min(stop, tail && tail.t >= (b > 0 ? ts[b - 1]! : -Infinity) && b === ts.length ? b + 1 : b);
  // Iteration i raises point i and the piece from it to point i + 1: a snapshot at i, taken before
  // iteration i, depends on points up to i, all settled while i < b (the tail only follows the last).
  const memo = memoOf(ts, t0, t1, buckets);
  let into = 0;
  let resumed = 0;
  for (let j = memo.snaps.length - 1; j >= 0; j--) {
    const sn = memo.snaps[j]!;
    if (sn.count >= b) continue;
    if (ts[sn.count] !== sn.lastT || ys[sn.count] !== sn.lastY) {
      memo.snaps.splice(j, 1); // of another prefix
      continue;
    }
    // Points before `a` raise nothing: a snapshot before it holds nothing more than starting at `a`.
    out = sn.out.slice();
    a = Math.max(a, sn.count);
    resumed = sn.count;
    into = j + 1;
    break;
  }
  // Point i is (ts[i], ys[i]), or the tail after the last one; read without building a pair per
  // point: a whole-run window of a million-event session holds hundreds of thousands of them.
  let tq = a < end ? (a < b ? ts[a]! : tail!.t) : 0;
  let yq = a < end ? (a < b ? ys[a]! : tail!.y) : null;
  for (let i = a; i < end; i++) {
    if (i % SNAP_EVERY === 0 && i > resumed && i < b) memo.snaps.splice(into++, 0, { count: i, lastT: ts[i]!, lastY: ys[i]!, out: out.slice() });
    const tp = tq;
    const yp = yq;
    if (i + 1 < end) {
      tq = i + 1 < b ? ts[i + 1]! : tail!.t;
      yq = i + 1 < b ? ys[i + 1]! : tail!.y;
    }
    if (yp === null) continue;
    if (tp >= t0 && tp <= t1) raise(bucketOf(tp), yp);
    if (i + 1 >= end) break;
    if (yq === null || tq <= tp) continue;
    // The straight piece from p to q, cut into the buckets it crosses.
    const from = Math.max(tp, t0);
    const to = Math.min(tq, t1);
    if (to < from) continue;
    const slope = (yq - yp) / (tq - tp);
    for (let k = bucketOf(from), last = bucketOf(to); k <= last; k++) {
      const lo = Math.max(from, t0 + k * width);
      const hi = Math.min(to, t0 + (k + 1) * width);
      if (hi < lo) continue;
      raise(k, Math.max(yp + slope * (lo - tp), yp + slope * (hi - tp)));
    }
  }
  return out;
}
