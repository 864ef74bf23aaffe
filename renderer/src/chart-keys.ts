// W/S zoom and A/D pan on the chart's time axis, as in Chrome DevTools' performance panel. They
// change the same window the wheel and drag change, so the chart, the lanes and the event table
// follow alike. Which keys reach here (not in text fields, not behind a dialog) is useShortcuts'
// rule, in one place.
import { activeView } from './store.ts';
import { selectNow } from './player/view-store.ts';
import { fullWindow, pan, PLOT_LEFT, PLOT_RIGHT, zoom, ZOOM_IN, ZOOM_OUT } from './time-axis.ts';

/**
 * The pointer over the chart, if it is there: W and S zoom around the time under it (as the wheel
 * does), otherwise around the centre. Kept as the raw position: measuring the chart on every
 * mousemove would force a layout per move, so it is measured once per key press.
 */
export const chartPointer: { over: { el: HTMLElement; clientX: number } | null } = { over: null };

/** A press of A or D moves the window by this share of its span. */
const PAN_SHARE = 0.15;

export const CHART_KEYS = ['w', 's', 'a', 'd'] as const;
export type ChartKey = (typeof CHART_KEYS)[number];

export const isChartKey = (k: string): k is ChartKey => (CHART_KEYS as readonly string[]).includes(k);

function pivot(): number {
  const p = chartPointer.over;
  if (!p) return 0.5;
  const r = p.el.getBoundingClientRect();
  return Math.min(1, Math.max(0, (p.clientX - r.left - PLOT_LEFT) / (r.width - PLOT_LEFT - PLOT_RIGHT)));
}

/** Applies one chart key to the active view's window; nothing before a run has drawn a chart. */
export function chartKey(key: ChartKey): void {
  const s = activeView()?.getState();
  if (!s) return;
  const series = s.data.series;
  if (s.data.events.length === 0) return;
  const full = fullWindow(series.durationMs, Math.max(series.lastT, selectNow(s)));
  const w = s.window ?? full;
  const span = w.t1 - w.t0;
  const next =
    key === 'w' ? zoom(w, full, pivot(), ZOOM_IN) : key === 's' ? zoom(w, full, pivot(), ZOOM_OUT) : pan(w, full, (key === 'a' ? -1 : 1) * span * PAN_SHARE);
  // Zoomed all the way out is the whole run again: no "Reset zoom" for a window that is the run.
  s.setWindow(next.t0 <= full.t0 && next.t1 >= full.t1 ? null : next);
}
