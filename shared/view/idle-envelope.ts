// When a window holds more sawtooth cycles than the plot has pixels, the line becomes a solid
// block. Instead, like Wireshark's IO graph, each bucket of time shows the longest idle reached in
// it: the peaks against the NAT timeout are what the chart is for.
import { lowerBound } from './downsample-series.ts';

/**
 * The highest idle value the sawtooth reaches in each of `buckets` equal slices of [t0, t1]; null
 * where no mapping was counting. The line is linear between points, so a slice's maximum is at a
 * point inside it or where the line crosses its edges. `tail` is the open end of the line, if any.
 */
export function idleEnvelope(
  ts: readonly number[],
  ys: readonly (number | null)[],
  t0: number,
  t1: number,
  buckets: number,
  tail: { t: number; y: number } | null = null,
): (number | null)[] {
  const out: (number | null)[] = new Array<number | null>(buckets).fill(null);
  const width = (t1 - t0) / buckets;
  if (!(width > 0)) return out;
  const bucketOf = (t: number) => Math.min(buckets - 1, Math.floor((t - t0) / width));
  const raise = (k: number, y: number) => {
    const v = out[k];
    if (v === null || v === undefined || y > v) out[k] = y;
  };
  const a = Math.max(0, lowerBound(ts, t0) - 1);
  const b = Math.min(ts.length, lowerBound(ts, t1) + 1);
  const end = tail && tail.t >= (b > 0 ? ts[b - 1]! : -Infinity) && b === ts.length ? b + 1 : b;
  // Point i is (ts[i], ys[i]), or the tail after the last one; read without building a pair per
  // point: a whole-run window of a million-event session holds hundreds of thousands of them.
  let tq = a < end ? (a < b ? ts[a]! : tail!.t) : 0;
  let yq = a < end ? (a < b ? ys[a]! : tail!.y) : null;
  for (let i = a; i < end; i++) {
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
