// The time cursor of a recorded source: one vertical line across the chart and the lanes (they
// share one time axis and the same plot margins), at the player's current time.
import type { ReactNode } from 'react';
import { useView } from '../player/view-store.ts';
import { fullWindow } from '../../../shared/view/chart-view.ts';
import { PLOT_LEFT, PLOT_RIGHT } from '../time-axis.ts';

/** The panels' border + padding (styles.css .chart-panel, .lanes). */
const INSET = 9;

export function TimeCursorFrame({ children }: { children: ReactNode }) {
  const pb = useView((s) => s.playback);
  const stored = useView((s) => s.window);
  const series = useView((s) => s.data.series);
  const seekable = pb?.capabilities.includes('seek');
  const w = stored ?? fullWindow(series.durationMs, Math.max(series.lastT, pb?.endMs ?? 0));
  const f = pb ? (pb.nowMs - w.t0) / (w.t1 - w.t0 || 1) : -1;
  return (
    // data-status: what this view has drawn so far (it publishes once per frame, after the run's status).
    <div className="cursor-frame" data-status={pb?.status}>
      {children}
      {seekable && f >= 0 && f <= 1 && (
        <div
          className="time-cursor"
          data-testid="time-cursor"
          data-t={pb!.nowMs}
          style={{ left: `calc(${INSET + PLOT_LEFT}px + ${f} * (100% - ${2 * INSET + PLOT_LEFT + PLOT_RIGHT}px))` }}
        />
      )}
    </div>
  );
}
