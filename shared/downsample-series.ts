// Drawing a million points is pointless: a chart is a few hundred pixels wide. The visible part of
// the sawtooth is cut out and downsampled with LTTB (the `downsample` package), one run between
// gaps at a time so gaps stay gaps.
import { LTTB } from 'downsample';
import type { Marker } from './series.ts';

export interface ChartPoint {
  t: number;
  idle: number | null;
}

/** First index with ts[i] >= t (ts sorted). */
export function lowerBound(ts: readonly number[], t: number): number {
  let lo = 0;
  let hi = ts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ts[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function visibleSawtooth(ts: readonly number[], ys: readonly (number | null)[], t0: number, t1: number, maxPoints: number): ChartPoint[] {
  // One point either side so lines enter and leave the window instead of starting inside it.
  const a = Math.max(0, lowerBound(ts, t0) - 1);
  const b = Math.min(ts.length, lowerBound(ts, t1) + 1);
  const n = b - a;
  const out: ChartPoint[] = [];
  if (n <= maxPoints) {
    for (let i = a; i < b; i++) out.push({ t: ts[i]!, idle: ys[i]! });
    return out;
  }
  let run: [number, number][] = [];
  const flush = () => {
    if (!run.length) return;
    const keep = Math.max(3, Math.round((run.length / n) * maxPoints));
    const pts = run.length > keep ? (LTTB(run, keep) as [number, number][]) : run;
    for (const [t, y] of pts) out.push({ t, idle: y });
    run = [];
  };
  for (let i = a; i < b; i++) {
    const y = ys[i]!;
    if (y === null) {
      flush();
      out.push({ t: ts[i]!, idle: null });
    } else run.push([ts[i]!, y]);
  }
  flush();
  return out;
}

/** Markers in the window, at most `perKind` of each kind, evenly picked (rare kinds all kept). */
export function visibleMarkers(markers: readonly Marker[], t0: number, t1: number, perKind: number): Marker[] {
  const lo = lowerBoundBy(markers, t0);
  const hi = lowerBoundBy(markers, t1 + 1);
  const byKind = new Map<string, Marker[]>();
  for (let i = lo; i < hi; i++) {
    const m = markers[i]!;
    let arr = byKind.get(m.kind);
    if (!arr) byKind.set(m.kind, (arr = []));
    arr.push(m);
  }
  const out: Marker[] = [];
  for (const arr of byKind.values()) {
    if (arr.length <= perKind) out.push(...arr);
    else for (let k = 0; k < perKind; k++) out.push(arr[Math.floor((k * arr.length) / perKind)]!);
  }
  return out;
}

function lowerBoundBy(markers: readonly Marker[], t: number): number {
  let lo = 0;
  let hi = markers.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (markers[mid]!.t < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
