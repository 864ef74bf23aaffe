// One time axis for the chart and the lanes: the same domain and the same plot margins, so a
// suspension in the lane sits exactly under the heartbeat it explains.
import type { TimeWindow } from './store.ts';

export { formatTime } from '../../shared/util/time-format.ts';
export { fullWindow } from '../../shared/view/chart-view.ts';

export const PLOT_LEFT = 64;
export const PLOT_RIGHT = 24;

/**
 * Where the chart's marks and the lanes' bars are counted from when drawn on the run's time axis: the
 * multiple of 4,096 (pixels, columns) just before `v`. SVG geometry is 32-bit floats, exact to the
 * unit only up to about 16.7 million, and a 1 s window at the end of a day lies 85 million pixels
 * along the axis (its bars were drawn pixels off, its marks not at all).
 */
export const drawBase = (v: number): number => Math.floor(v / 4096) * 4096;

/** One notch of the wheel, one press of W or S. */
export const ZOOM_OUT = 1.25;
export const ZOOM_IN = 1 / ZOOM_OUT;


/** Zooms the window by `factor` around the time under the pointer (`at`, 0..1 across the plot). */
export function zoom(w: TimeWindow, full: TimeWindow, at: number, factor: number): TimeWindow {
  const span = Math.min(full.t1 - full.t0, Math.max(1000, (w.t1 - w.t0) * factor));
  const pivot = w.t0 + (w.t1 - w.t0) * at;
  return clamp({ t0: pivot - span * at, t1: pivot + span * (1 - at) }, full);
}

export function pan(w: TimeWindow, full: TimeWindow, deltaMs: number): TimeWindow {
  return clamp({ t0: w.t0 + deltaMs, t1: w.t1 + deltaMs }, full);
}

function clamp(w: TimeWindow, full: TimeWindow): TimeWindow {
  const span = w.t1 - w.t0;
  if (w.t0 < full.t0) return { t0: full.t0, t1: full.t0 + span };
  if (w.t1 > full.t1) return { t0: full.t1 - span, t1: full.t1 };
  return w;
}
