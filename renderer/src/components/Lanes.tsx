// The lifecycle and connection lanes, on the chart's time axis.
import { useStore } from '../store.ts';
import { fullWindow } from './HeartbeatChart.tsx';
import { PLOT_LEFT, PLOT_RIGHT } from '../time-axis.ts';
import type { Segment } from '../../../shared/series.ts';
import { laneRects } from '../../../shared/lane-rects.ts';

/** Lane width in viewBox units: about one per pixel of a wide window. */
const LANE_UNITS = 1200;

export const LIFECYCLE_COLORS: Record<string, string> = {
  'not-running': '#9ca3af',
  active: '#16a34a',
  background: '#eab308',
  suspended: '#64748b',
  woken: '#0ea5e9',
  terminated: '#111827',
};

export const CONNECTION_COLORS: Record<string, string> = {
  connected: '#16a34a',
  dead: '#dc2626',
  disconnected: '#9ca3af',
  reconnecting: '#f59e0b',
};

const LIFECYCLE_LABELS: Record<string, string> = Object.fromEntries(Object.keys(LIFECYCLE_COLORS).map((k) => [k, k]));

const CONNECTION_LABELS: Record<string, string> = {
  connected: 'connected',
  dead: 'dead but believed up',
  disconnected: 'disconnected',
  reconnecting: 'reconnecting',
};

function Lane({ name, segments, colors, labels, now }: { name: string; segments: Segment<string>[]; colors: Record<string, string>; labels: Record<string, string>; now: number }) {
  const stored = useStore((s) => s.window);
  const series = useStore((s) => s.data.series);
  const w = stored ?? fullWindow(series.durationMs, now);
  const rects = laneRects(segments, w.t0, w.t1, now, LANE_UNITS);
  return (
    <div className="lane" data-testid={`lane-${name}`}>
      <div className="lane-name" style={{ width: PLOT_LEFT }}>
        {name}
      </div>
      <svg className="lane-bar" style={{ marginRight: PLOT_RIGHT }} viewBox={`0 0 ${LANE_UNITS} 20`} preserveAspectRatio="none" role="img" aria-label={`${name} lane`}>
        {rects.map((r, i) => (
          <rect key={i} x={r.x} width={Math.max(0.5, r.w)} y={0} height={20} fill={colors[r.state]} data-state={r.state}>
            <title>{labels[r.state]}</title>
          </rect>
        ))}
      </svg>
    </div>
  );
}

export function Lanes() {
  useStore((s) => s.version);
  const series = useStore((s) => s.data.series);
  const virtualMs = useStore((s) => s.virtualMs);
  const now = Math.max(series.lastT, virtualMs);
  return (
    <section className="lanes" aria-label="lanes">
      <Lane name="lifecycle" segments={series.lifecycle} colors={LIFECYCLE_COLORS} labels={LIFECYCLE_LABELS} now={now} />
      <Lane name="connection" segments={series.connection} colors={CONNECTION_COLORS} labels={CONNECTION_LABELS} now={now} />
      <div className="lane-legend" style={{ marginLeft: PLOT_LEFT }}>
        {[...Object.entries(LIFECYCLE_COLORS).map(([k, c]) => [LIFECYCLE_LABELS[k]!, c] as const), ...Object.entries(CONNECTION_COLORS).map(([k, c]) => [`connection: ${CONNECTION_LABELS[k]}`, c] as const)].map(([label, color]) => (
          <span key={label}>
            <i style={{ background: color }} /> {label}
          </span>
        ))}
      </div>
    </section>
  );
}
