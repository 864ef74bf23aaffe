// Lanes at any zoom: a segment narrower than a pixel cannot be seen, and a hundred thousand SVG
// rects cannot be drawn at 60 frames a second. Segments are cut to the window, then every pixel
// column shows the state that held longest in it; neighbours with the same state are merged.
import type { Segment } from './series.ts';

export interface LaneRect<S> {
  x: number;
  w: number;
  state: S;
}

/** `width`: drawing units across the window (e.g. pixels, or a viewBox width). */
export function laneRects<S>(segments: readonly Segment<S>[], t0: number, t1: number, now: number, width: number): LaneRect<S>[] {
  const span = t1 - t0;
  if (span <= 0 || segments.length === 0) return [];
  const unit = span / width;
  // First segment that may reach into the window (segments are in time order and contiguous).
  let lo = 0;
  let hi = segments.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((segments[mid]!.to ?? now) <= t0) lo = mid + 1;
    else hi = mid;
  }
  const out: LaneRect<S>[] = [];
  let col = -1;
  const share = new Map<S, number>();
  const emit = (x: number, state: S, w: number) => {
    const last = out[out.length - 1];
    if (last && last.state === state && Math.abs(last.x + last.w - x) < 1e-9) last.w += w;
    else out.push({ x, w, state });
  };
  const flushColumn = () => {
    if (col < 0) return;
    let best: S | undefined;
    let most = -1;
    for (const [s, d] of share) {
      if (d > most) {
        best = s;
        most = d;
      }
    }
    share.clear();
    if (best !== undefined) emit(col, best, 1);
    col = -1;
  };
  for (let i = lo; i < segments.length; i++) {
    const s = segments[i]!;
    const a = Math.max(t0, s.from);
    const b = Math.min(t1, s.to ?? now);
    if (a >= t1) break;
    if (b <= a) continue;
    let xa = (a - t0) / unit;
    const xb = (b - t0) / unit;
    if (col >= 0 && xa >= col + 1) flushColumn();
    if (col >= 0) {
      // This segment starts inside the open column: its share there is counted, the rest drawn.
      const next = col + 1;
      share.set(s.state, (share.get(s.state) ?? 0) + (Math.min(xb, next) - xa));
      if (xb <= next) continue;
      flushColumn();
      xa = next;
    }
    const whole = Math.floor(xb);
    if (whole > xa) emit(xa, s.state, whole - xa);
    if (xb > whole) {
      col = whole;
      share.set(s.state, xb - Math.max(whole, xa));
    }
  }
  flushColumn();
  return out;
}
