// Compare's overlay mode (Wireshark's I/O graph with two graphs): the second run's idle line and
// marks drawn on the first run's chart, on the same scales, in a colour of its own. The chart takes
// the y top of both (so neither line is cut) and lays out both runs' marks together
// (shared/view/mark-layout.ts), so a mark of one run at the other's instant is stacked, not hidden.
import { createContext, useContext, useMemo } from 'react';
import { createStore, useStore as useZustand, type StoreApi } from 'zustand';
import { selectNow, type ViewState, type ViewStore } from '../player/view-store.ts';
import { chartView, envelopePath, sawtoothPath, type ChartView, type TimeWindow } from '../../../shared/view/chart-view.ts';
import { chartKey, type ChartKey } from '../../../shared/view/chart-legend.ts';
import { useSharedKey } from '../shared-axes.ts';
import { usePlotScales } from './PlotScales.tsx';

/** The run drawn over this chart, in overlay mode. */
export const OverlayContext = createContext<ViewStore | null>(null);

/**
 * The two runs' colours: the chart's own line, and the overlaid run's — teal, a hue no mark, lane
 * or line of the chart uses (an orange-red dashed line read as a second NAT timeout line).
 */
export const OVERLAY_COLORS = { a: 'var(--fg)', b: '#0d9488' } as const;

/** Outside an overlay: a store that never changes, so the chart calls the same hooks either way. */
const NO_RUN = createStore<ViewState | null>(() => null);

/** The overlaid run as the chart draws it: what it shows in the window, and its key for the legend. */
export interface OverlaidRun {
  shown: ChartView;
  key: ChartKey;
}

/** What the overlaid run shows in window `w` (its line and its marks), or null when nothing is overlaid. */
export function useOverlaidRun(w: TimeWindow, plotPx: number): OverlaidRun | null {
  const store = (useContext(OverlayContext) as StoreApi<ViewState | null> | null) ?? NO_RUN;
  const version = useZustand(store, (s) => s?.version ?? 0);
  const series = useZustand(store, (s) => s?.data.series ?? null);
  const now = useZustand(store, (s) => (s ? selectNow(s) : 0));
  const shown = useMemo(() => (series ? chartView(series, w, now, plotPx) : null), [version, series, w.t0, w.t1, now, plotPx]);
  const envelope = !!shown?.envelope;
  const key = useMemo(() => series && chartKey(series, { envelope, capture: false }), [version, series, envelope]);
  return shown && key ? { shown, key } : null;
}

/** The overlaid run's line (its marks are drawn with the chart's own: MarkerLayer); its key joins the compare's legend. */
export function OverlayLayer({ run: { shown, key }, w }: { run: OverlaidRun; w: TimeWindow }) {
  useSharedKey(key);
  const scales = usePlotScales();
  if (!scales) return null;
  const { x, y, area } = scales;
  const d = shown.envelope ? envelopePath(shown.envelope, w, x, y) : sawtoothPath(shown.points, x, y);
  return (
    <g className="overlay-run" data-testid="overlay-run">
      <defs>
        <clipPath id="clip-overlay-run">
          <rect x={area.x} y={area.y} width={area.width} height={area.height} />
        </clipPath>
      </defs>
      <path className="overlay-sawtooth" d={d} fill="none" stroke={OVERLAY_COLORS.b} strokeWidth={2} strokeDasharray={shown.envelope ? undefined : '6 3'} clipPath="url(#clip-overlay-run)" />
    </g>
  );
}
