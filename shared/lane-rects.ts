// Lanes at any zoom: a segment narrower than a pixel cannot be seen, and a hundred thousand SVG
// rects cannot be drawn at 60 frames a second. Segments are cut into whole columns (about one per
// pixel). Each column's longest state is its base rect; every other state present in the column is
// a flag at least one column wide, so a 10 s wake, a kill or a reconnect in a 24 h run stays
// visible at any zoom (as Chrome DevTools' performance overview keeps short tasks visible).
// Neighbouring columns with the same base, or the same flag, are merged.
import type { Segment } from './series.ts';

export interface LaneRect<S> {
  x: number;
  w: number;
  state: S;
}

export interface LaneDrawing<S> {
  /** Full-height rects: each column's longest state. */
  rects: LaneRect<S>[];
  /** The other states present in a column, drawn over the base: `row` of `of` stacked in the band. */
  flags: (LaneRect<S> & { row: number; of: number })[];
}

/**
 * What each column of the window holds: state → share of the column (0..1), longest first is not
 * guaranteed. `columns` is a whole number; columns after `now` stay undefined.
 */
export function laneColumns<S>(segments: readonly Segment<S>[], t0: number, t1: number, now: number, columns: number): (Map<S, number> | undefined)[] {
  const out: (Map<S, number> | undefined)[] = new Array(columns);
  const span = t1 - t0;
  if (span <= 0 || columns <= 0) return out;
  const unit = span / columns;
  // First segment that may reach into the window (segments are in time order and contiguous).
  let lo = 0;
  let hi = segments.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((segments[mid]!.to ?? now) < t0) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < segments.length; i++) {
    const s = segments[i]!;
    const a = Math.max(t0, s.from);
    const b = Math.min(t1, s.to ?? now);
    // The window's end is inclusive for a state that begins and ends there (the run's last event).
    if (a > t1 || (a === t1 && b > a)) break;
    // Skip what only touches the window's edge; keep what lasted no time inside it.
    if (b < a || (b === a && (s.to ?? now) !== s.from)) continue;
    const xa = (a - t0) / unit;
    const xb = (b - t0) / unit;
    // A state that lasted no time at all (connecting and connected in the same millisecond) still
    // happened: it is present in its column with a zero share.
    const first = Math.min(columns - 1, Math.floor(xa));
    const last = Math.max(first, Math.min(columns - 1, Math.ceil(xb) - 1));
    for (let c = first; c <= last; c++) {
      const share = Math.max(0, Math.min(xb, c + 1) - Math.max(xa, c));
      const col = (out[c] ??= new Map());
      col.set(s.state, (col.get(s.state) ?? 0) + share);
    }
  }
  return out;
}

/** `columns`: drawing units across the window (about one per pixel). */
export function laneDrawing<S>(segments: readonly Segment<S>[], t0: number, t1: number, now: number, columns: number): LaneDrawing<S> {
  const cols = laneColumns(segments, t0, t1, now, Math.max(1, Math.round(columns)));
  const rects: LaneRect<S>[] = [];
  const flags: LaneDrawing<S>['flags'] = [];
  const openFlag = new Map<S, LaneDrawing<S>['flags'][number]>();
  const rowOf = new Map<S, number>();
  for (let c = 0; c < cols.length; c++) {
    const col = cols[c];
    if (!col) continue;
    let base: S | undefined;
    let most = -1;
    for (const [s, d] of col) {
      if (d > most) {
        base = s;
        most = d;
      }
    }
    const prev = rects[rects.length - 1];
    if (prev && prev.state === base && prev.x + prev.w === c) prev.w++;
    else rects.push({ x: c, w: 1, state: base! });
    // The column's other states share the flag band, each in a stable order (first seen first),
    // so a state keeps its place across neighbouring columns and merges with them.
    const others = [...col.keys()].filter((s) => s !== base);
    for (const s of others) if (!rowOf.has(s)) rowOf.set(s, rowOf.size);
    others.sort((a, b) => rowOf.get(a)! - rowOf.get(b)!);
    others.forEach((s, row) => {
      const f = openFlag.get(s);
      if (f && f.x + f.w === c && f.row === row && f.of === others.length) f.w++;
      else {
        const nf = { x: c, w: 1, state: s, row, of: others.length };
        flags.push(nf);
        openFlag.set(s, nf);
      }
    });
  }
  return { rects, flags };
}
