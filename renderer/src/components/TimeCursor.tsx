// The time cursor of a recorded source: one vertical line across the chart and the lanes (they
// share one time axis and the same plot margins), at the player's current time. A drag across
// either selects a time range (DevTools' range selection); Shift-drag pans the chart instead.
// Both start at the chart's box, under its title and legend, so neither the band's label nor the
// cursor is drawn over them.
import { useLayoutEffect, useRef, type ReactNode, type RefObject } from 'react';
import { useView } from '../player/view-store.ts';
import { fullWindow } from '../../../shared/view/chart-view.ts';
import { PLOT_LEFT, PLOT_RIGHT } from '../time-axis.ts';
import { useSharedFull } from '../shared-axes.ts';
import { useRange, useRangeScope, useScopedRange } from '../range-selection.ts';
import { formatDuration, formatTime } from '../../../shared/util/time-format.ts';

/** The panels' border + padding (styles.css .chart-panel, .lanes). */
const INSET = 9;
/** A press that moves less than this is a click, not a range. */
const MIN_DRAG_PX = 4;

/** Where a fraction (0..1) of the plot's width sits in the frame, as CSS. */
const plotX = (f: number) => `calc(${INSET + PLOT_LEFT}px + ${f} * (100% - ${2 * INSET + PLOT_LEFT + PLOT_RIGHT}px))`;

/**
 * Sets the frame's --plot-top to where the chart's box starts in it (below the panel's title and
 * legend), as the ResizeObserver reports the frame and the box: first after the page's layout,
 * before it is painted, then whenever either changes size (the legend folds or wraps). Not measured
 * in the render that mounts them: that forced the page's layout in the mount's task (issue 16).
 * Written to the style, not to state: it moves no React render.
 */
function usePlotTop(frame: RefObject<HTMLDivElement | null>): void {
  useLayoutEffect(() => {
    const el = frame.current;
    const chart = el?.querySelector('.chart-box');
    if (!el || !chart) return;
    const ro = new ResizeObserver(() => el.style.setProperty('--plot-top', `${chart.getBoundingClientRect().top - el.getBoundingClientRect().top}px`));
    ro.observe(el);
    ro.observe(chart);
    return () => ro.disconnect();
  }, [frame]);
}

export function TimeCursorFrame({ children }: { children: ReactNode }) {
  const pb = useView((s) => s.playback);
  const stored = useView((s) => s.window);
  const series = useView((s) => s.data.series);
  const scope = useRangeScope();
  const range = useScopedRange();
  const frame = useRef<HTMLDivElement>(null);
  usePlotTop(frame);
  const seekable = pb?.capabilities.includes('seek');
  const full = useSharedFull(fullWindow(series.durationMs, Math.max(series.lastT, pb?.endMs ?? 0)));
  const w = stored ?? full;
  const f = pb ? (pb.nowMs - w.t0) / (w.t1 - w.t0 || 1) : -1;
  const span = w.t1 - w.t0 || 1;

  /** The time under the pointer, clamped to the window. */
  const timeAt = (clientX: number) => {
    const r = frame.current!.getBoundingClientRect();
    const x = (clientX - r.left - INSET - PLOT_LEFT) / Math.max(1, r.width - 2 * INSET - PLOT_LEFT - PLOT_RIGHT);
    return Math.round(w.t0 + Math.min(1, Math.max(0, x)) * span);
  };

  const startSelect = (e: React.MouseEvent) => {
    // Shift-drag pans (the chart's own handler); the legend, buttons and the NAT handle keep their clicks.
    if (e.button !== 0 || e.shiftKey || !(e.target as Element).closest('.chart-box, .lane-bar')) return;
    const x0 = e.clientX;
    const t0 = timeAt(x0);
    let moved = false;
    const move = (m: MouseEvent) => {
      moved ||= Math.abs(m.clientX - x0) >= MIN_DRAG_PX;
      if (moved) useRange.setState({ range: { scope, t0: Math.min(t0, timeAt(m.clientX)), t1: Math.max(t0, timeAt(m.clientX)), dragging: true } });
    };
    const up = (m: MouseEvent) => {
      window.removeEventListener('mousemove', move);
      window.removeEventListener('mouseup', up);
      const t1 = timeAt(m.clientX);
      // A click clears the range, as in DevTools.
      useRange.setState({ range: moved && t1 !== t0 ? { scope, t0: Math.min(t0, t1), t1: Math.max(t0, t1), dragging: false } : null });
    };
    window.addEventListener('mousemove', move);
    window.addEventListener('mouseup', up);
  };

  const r0 = range ? Math.max(0, (range.t0 - w.t0) / span) : 0;
  const r1 = range ? Math.min(1, (range.t1 - w.t0) / span) : 0;
  return (
    // data-status: what this view has drawn so far (it publishes once per frame, after the run's status).
    <div className="cursor-frame" data-status={pb?.status} ref={frame} onMouseDown={startSelect}>
      {children}
      {range && r1 > r0 && (
        <div className="range-band" data-testid="range-band" data-from={range.t0} data-to={range.t1} style={{ left: plotX(r0), width: `calc(${r1 - r0} * (100% - ${2 * INSET + PLOT_LEFT + PLOT_RIGHT}px))` }}>
          <span className="range-band-label">
            {formatTime(range.t0, range.t1 >= 3_600_000)}–{formatTime(range.t1, range.t1 >= 3_600_000)} · {formatDuration((range.t1 - range.t0) / 1000)}
          </span>
        </div>
      )}
      {seekable && f >= 0 && f <= 1 && <div className="time-cursor" data-testid="time-cursor" data-t={pb!.nowMs} style={{ left: plotX(f) }} />}
    </div>
  );
}
