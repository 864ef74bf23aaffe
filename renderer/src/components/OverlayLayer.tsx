// Compare's overlay mode (Wireshark's I/O graph with two graphs): the second run's idle line drawn
// on the first run's chart, on the same scales, in a colour of its own. Its y top joins the shared
// one (renderer/src/shared-axes.ts), so neither line is cut.
import { createContext, useContext, useMemo } from 'react';
import { useStore as useZustand } from 'zustand';
import { usePlotArea, useXAxisScale, useYAxisScale } from 'recharts';
import { selectNow, type ViewStore } from '../player/view-store.ts';
import { chartView, envelopePath, sawtoothPath, type TimeWindow } from '../../../shared/view/chart-view.ts';
import { useSharedTop } from '../shared-axes.ts';

/** The run drawn over this chart, in overlay mode. */
export const OverlayContext = createContext<ViewStore | null>(null);

/**
 * The two runs' colours: the chart's own line, and the overlaid run's — teal, a hue no mark, lane
 * or line of the chart uses (an orange-red dashed line read as a second NAT timeout line).
 */
export const OVERLAY_COLORS = { a: 'var(--fg)', b: '#0d9488' } as const;

export function OverlayLayer({ w, plotPx }: { w: TimeWindow; plotPx: number }) {
  const other = useContext(OverlayContext);
  return other ? <OtherRun view={other} w={w} plotPx={plotPx} /> : null;
}

function OtherRun({ view, w, plotPx }: { view: ViewStore; w: TimeWindow; plotPx: number }) {
  const version = useZustand(view, (s) => s.version);
  const series = useZustand(view, (s) => s.data.series);
  const now = useZustand(view, selectNow);
  const shown = useMemo(() => chartView(series, w, now, plotPx), [version, series, w.t0, w.t1, now, plotPx]);
  useSharedTop(shown.maxY);
  const x = useXAxisScale();
  const y = useYAxisScale();
  const area = usePlotArea();
  if (!x || !y || !area) return null;
  const d = shown.envelope ? envelopePath(shown.envelope, w, (t) => x(t)!, (idle) => y(idle)!) : sawtoothPath(shown.points, (t) => x(t)!, (idle) => y(idle)!);
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
