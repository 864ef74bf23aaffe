// Lanes at any zoom: a segment narrower than a pixel cannot be seen, and a hundred thousand SVG
// rects cannot be drawn at 60 frames a second. Segments are cut into whole columns (about one per
// pixel). Each column's longest state is its base rect; every other state present in the column is
// a flag at least one column wide, so a 10 s wake, a kill or a reconnect in a 24 h run stays
// visible at any zoom (as Chrome DevTools' performance overview keeps short tasks visible).
// Neighbouring columns with the same base, or the same flag, are merged.
import type { Segment } from '../folds/series.ts';
import { WindowMemos } from './window-memos.ts';

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
 * What each column of the window holds, as plain arrays (a lane of a long run has hundreds of
 * thousands of segments, folded on every frame): `states` in order of first appearance, and per
 * state its share of each column (0..1) and whether it is present there at all (a state that
 * lasted no time has no share but is present). Columns after `now` hold nothing.
 */
export interface LaneColumns<S> {
  columns: number;
  states: S[];
  share: Float64Array[];
  present: Uint8Array[];
}

/**
 * The loop's state after the first `count` segments of a lane, for one window: a seek or a new
 * frame of the same lane resumes from the last one it still holds instead of walking hundreds of
 * thousands of segments again. Only segments well before their array's end are snapshotted: the
 * folds change only their last segment or two (the radio lane's last settled one, followed by a few
 * projected ones), never those, so the same object at `count - 1` means the same prefix.
 */
interface Snap<S> {
  count: number;
  last: Segment<S>;
  states: S[];
  share: Float64Array[];
  present: Uint8Array[];
}
interface Memo<S> {
  t0: number;
  t1: number;
  columns: number;
  snaps: Snap<S>[];
}
const SNAP_EVERY = 8192;
/** Segments this close to the end may still change. */
const SNAP_MARGIN = 64;
/** Keyed by a lane's first segment: the snapshots of its last few windows, dropped with the lane. */
const memos = new WindowMemos<Memo<unknown>>(4);

/**
 * `tail`: segments that follow `segments` (a lane's projected open end: the radio's, or where the
 * silent budget frees up), read in place: copying half a million settled segments to append a few
 * cost milliseconds a frame. A settled segment still open ends where the tail begins.
 */
export function laneColumns<S>(segments: readonly Segment<S>[], t0: number, t1: number, now: number, columns: number, tail: readonly Segment<S>[] = []): LaneColumns<S> {
  return walk(segments, t0, t1, now, columns, tail, Infinity);
}

/**
 * Walks a lane's new settled segments into the snapshots of the window it was last drawn in, so
 * its next draw resumes near its end. A session that loads calls it between its fold slices
 * (issue 16): each quarter's redraw walked the 135,000 radio segments that had come in since the
 * last one, in one task of the page. Does nothing until a snapshot more is due.
 */
export function warmLaneColumns<S>(segments: readonly Segment<S>[]): void {
  const head = segments[0];
  const m = head && memos.last(head);
  const upTo = segments.length - SNAP_MARGIN;
  if (!m || (m.snaps.at(-1)?.count ?? 0) + SNAP_EVERY > upTo) return;
  walk(segments, m.t0, m.t1, m.t1, m.columns, [], upTo);
}

/** laneColumns, its walk ending before segment `stop`. */
function walk<S>(segments: readonly Segment<S>[], t0: number, t1: number, now: number, columns: number, tail: readonly Segment<S>[], stop: number): LaneColumns<S> {
  const out: LaneColumns<S> = { columns, states: [], share: [], present: [] };
  const span = t1 - t0;
  if (span <= 0 || columns <= 0) return out;
  const unit = span / columns;
  const index = new Map<S, number>();
  let lastState: S | undefined;
  let lastK: number | undefined;
  // First segment that may reach into the window (segments are in time order and contiguous).
  const settled = segments.length;
  const count = settled + tail.length;
  const at = (i: number) => (i < settled ? segments[i]! : tail[i - settled]!);
  const openEnd = tail[0]?.from ?? now;
  const end = (i: number) => at(i).to ?? (i < settled ? openEnd : now);
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (end(mid) < t0) lo = mid + 1;
    else hi = mid;
  }
  const memo = memoFor(segments, t0, t1, columns);
  // Resume from the last snapshot this array holds (later ones, of a longer prefix, are kept).
  // Segments before `lo` add nothing, so a snapshot before it is as good as starting at `lo`.
  let into = 0;
  let resumed = 0;
  for (let j = memo ? memo.snaps.length - 1 : -1; j >= 0; j--) {
    const sn = memo!.snaps[j]!;
    if (sn.count > settled - SNAP_MARGIN) continue;
    if (segments[sn.count - 1] !== sn.last) {
      memo!.snaps.splice(j, 1); // of another prefix (a seek refolds the segments after a checkpoint anew)
      continue;
    }
    out.states.push(...sn.states);
    for (let k = 0; k < sn.states.length; k++) {
      index.set(sn.states[k]!, k);
      out.share.push(sn.share[k]!.slice());
      out.present.push(sn.present[k]!.slice());
    }
    lo = Math.max(lo, sn.count);
    resumed = sn.count;
    into = j + 1;
    break;
  }
  for (let i = lo, to = Math.min(count, stop); i < to; i++) {
    if (memo && i % SNAP_EVERY === 0 && i > resumed && i <= settled - SNAP_MARGIN) {
      memo.snaps.splice(into++, 0, { count: i, last: segments[i - 1]!, states: [...out.states], share: out.share.map((a) => a.slice()), present: out.present.map((a) => a.slice()) });
    }
    const s = at(i);
    const a = Math.max(t0, s.from);
    const b = Math.min(t1, end(i));
    // The window's end is inclusive for a state that begins and ends there (the run's last event).
    if (a > t1 || (a === t1 && b > a)) break;
    // Skip what only touches the window's edge; keep what lasted no time inside it.
    if (b < a || (b === a && end(i) !== s.from)) continue;
    // Neighbouring segments mostly repeat a few states: skip the map for the one seen last.
    let k = s.state === lastState ? lastK : index.get(s.state);
    if (k === undefined) {
      k = out.states.length;
      index.set(s.state, k);
      out.states.push(s.state);
      out.share.push(new Float64Array(columns));
      out.present.push(new Uint8Array(columns));
    }
    lastState = s.state;
    lastK = k;
    const share = out.share[k]!;
    const present = out.present[k]!;
    const xa = (a - t0) / unit;
    const xb = (b - t0) / unit;
    const first = Math.min(columns - 1, Math.floor(xa));
    const last = Math.max(first, Math.min(columns - 1, Math.ceil(xb) - 1));
    for (let c = first; c <= last; c++) {
      share[c]! += Math.max(0, Math.min(xb, c + 1) - Math.max(xa, c));
      present[c] = 1;
    }
  }
  return out;
}

/** The lane's snapshots for this window (a new window starts afresh; a short lane has none yet). */
function memoFor<S>(segments: readonly Segment<S>[], t0: number, t1: number, columns: number): Memo<S> | null {
  const head = segments[0];
  if (!head) return null;
  return memos.of(head, (m) => m.t0 === t0 && m.t1 === t1 && m.columns === columns, () => ({ t0, t1, columns, snaps: [] })) as Memo<S>;
}

/** `columns`: drawing units across the window (about one per pixel). */
export function laneDrawing<S>(segments: readonly Segment<S>[], t0: number, t1: number, now: number, columns: number, tail: readonly Segment<S>[] = []): LaneDrawing<S> {
  const cols = laneColumns(segments, t0, t1, now, Math.max(1, Math.round(columns)), tail);
  const rects: LaneRect<S>[] = [];
  const flags: LaneDrawing<S>['flags'] = [];
  const { states, share, present } = cols;
  // The open flag of each state, to extend into the next column.
  const openFlag: (LaneDrawing<S>['flags'][number] | undefined)[] = [];
  for (let c = 0; c < cols.columns; c++) {
    let base = -1;
    let count = 0;
    for (let k = 0; k < states.length; k++) {
      if (!present[k]![c]) continue;
      count++;
      if (base < 0 || share[k]![c]! > share[base]![c]!) base = k;
    }
    if (base < 0) continue;
    const prev = rects[rects.length - 1];
    if (prev && prev.state === states[base] && prev.x + prev.w === c) prev.w++;
    else rects.push({ x: c, w: 1, state: states[base]! });
    // The column's other states share the flag band in order of first appearance, so a state
    // keeps its place across neighbouring columns and merges with them.
    let row = 0;
    for (let k = 0; k < states.length; k++) {
      if (k === base || !present[k]![c]) continue;
      const f = openFlag[k];
      if (f && f.x + f.w === c && f.row === row && f.of === count - 1) f.w++;
      else {
        const nf = { x: c, w: 1, state: states[k]!, row, of: count - 1 };
        flags.push(nf);
        openFlag[k] = nf;
      }
      row++;
    }
  }
  return { rects, flags };
}
