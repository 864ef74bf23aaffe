// Drawing a million points is pointless: a chart is a few hundred pixels wide. The visible part of
// the sawtooth is cut out and downsampled with LTTB (the `downsample` package), one run between
// gaps at a time so gaps stay gaps.
import { LTTB } from 'downsample';
import type { Marker, MarkerKind, SeriesFold } from '../folds/series.ts';
import { MARKER_KINDS } from '../folds/marks-by-kind.ts';

export interface ChartPoint {
  t: number;
  idle: number | null;
}

/** First index with ts[i] >= t (ts sorted). */
export function lowerBound(ts: readonly number[], t: number): number {
  return lowerBoundBy(ts.length, (i) => ts[i]!, t);
}

/** The same over any `count` items in time order, read through `tAt` (e.g. filtered table rows). */
export function lowerBoundBy(count: number, tAt: (i: number) => number, t: number): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tAt(mid) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function visibleSawtooth(ts: readonly number[], ys: readonly (number | null)[], t0: number, t1: number, maxPoints: number): ChartPoint[] {
  // One point either side so lines enter and leave the window instead of starting inside it.
  const a = Math.max(0, lowerBound(ts, t0) - 1);
  const b = Math.min(ts.length, lowerBound(ts, t1) + 1);
  const out: ChartPoint[] = [];
  if (b - a <= maxPoints) {
    for (let i = a; i < b; i++) out.push({ t: ts[i]!, idle: ys[i]! });
    return out;
  }
  // Far more points than pixels: an O(n) pass keeps each time bucket's extremes (the peaks are
  // what matters against the NAT line), then LTTB picks the final points from those.
  const buckets = maxPoints * 2;
  const width = (ts[b - 1]! - ts[a]!) / buckets || 1;
  let run: [number, number][] = [];
  const span = ts[b - 1]! - ts[a]! || 1;
  const flush = () => {
    // Each run between gaps gets its share of the points by the time it covers.
    const keep = Math.max(3, Math.ceil((maxPoints * (run.length ? run[run.length - 1]![0] - run[0]![0] : 0)) / span));
    if (run.length > keep) run = LTTB(run, keep) as [number, number][];
    for (const [t, y] of run) out.push({ t, idle: y });
    run = [];
  };
  let bucket = -1;
  let lo = -1;
  let hi = -1;
  const closeBucket = () => {
    if (lo < 0) return;
    if (lo === hi) run.push([ts[lo]!, ys[lo]!]);
    else if (lo < hi) run.push([ts[lo]!, ys[lo]!], [ts[hi]!, ys[hi]!]);
    else run.push([ts[hi]!, ys[hi]!], [ts[lo]!, ys[lo]!]);
    lo = hi = -1;
  };
  for (let i = a; i < b; i++) {
    const y = ys[i]!;
    if (y === null) {
      closeBucket();
      flush();
      out.push({ t: ts[i]!, idle: null });
      bucket = -1;
      continue;
    }
    const k = Math.floor((ts[i]! - ts[a]!) / width);
    if (k !== bucket) {
      closeBucket();
      bucket = k;
    }
    if (lo < 0 || y < ys[lo]!) lo = i;
    if (hi < 0 || y > ys[hi]!) hi = i;
  }
  closeBucket();
  flush();
  return out;
}

/**
 * Markers in the window, at most about `perKind` of each kind. A crowded kind keeps every k-th
 * marker with k a power of two, so that panning keeps the same markers instead of picking a new
 * subset each frame. `stride` says, per kind, one in how many marks is drawn (1 = every one), so the
 * chart can say so: a mark per counted event is the rule, and thinning must not hide that it bent.
 */
export function visibleMarkers(series: Pick<SeriesFold, 'markers' | 'byKind'>, t0: number, t1: number, perKind: number): { markers: Marker[]; stride: Map<MarkerKind, number> } {
  const { markers } = series;
  const tAt = (list: readonly number[]) => (i: number) => markers[list[i]!]!.t;
  const picked: number[] = [];
  const stride = new Map<MarkerKind, number>();
  // Per kind, by its own list: two binary searches count it, and only the marks kept are read.
  for (const kind of MARKER_KINDS) {
    const list = series.byKind.of(kind);
    const lo = lowerBoundBy(list.length, tAt(list), t0);
    const hi = lowerBoundBy(list.length, tAt(list), t1 + 1);
    if (hi <= lo) continue;
    const k = hi - lo <= perKind ? 1 : 2 ** Math.ceil(Math.log2((hi - lo) / perKind));
    stride.set(kind, k);
    // A kind's marks are numbered 0, 1, 2… in its list's order: after the first kept, every k-th.
    let i = lo;
    while (i < hi && markers[list[i]!]!.n % k !== 0) i++;
    for (; i < hi; i += k) picked.push(list[i]!);
  }
  // In the fold's order, as the marks were made: marks at one instant keep their order.
  picked.sort((a, b) => a - b);
  return { markers: picked.map((i) => markers[i]!), stride };
}
