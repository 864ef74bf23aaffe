// The lifecycle and connection lanes, on the chart's time axis.
import { useStore } from '../store.ts';
import { fullWindow } from './HeartbeatChart.tsx';
import { PLOT_LEFT, PLOT_RIGHT } from '../time-axis.ts';
import type { Segment } from '../../../shared/series.ts';

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
  const span = w.t1 - w.t0;
  const visible = segments.filter((s) => (s.to ?? now) > w.t0 && s.from < w.t1);
  return (
    <div className="lane" data-testid={`lane-${name}`}>
      <div className="lane-name" style={{ width: PLOT_LEFT }}>
        {name}
      </div>
      <svg className="lane-bar" style={{ marginRight: PLOT_RIGHT }} viewBox="0 0 1000 20" preserveAspectRatio="none" role="img" aria-label={`${name} lane`}>
        {visible.map((s) => {
          const x0 = ((Math.max(s.from, w.t0) - w.t0) / span) * 1000;
          const x1 = ((Math.min(s.to ?? now, w.t1) - w.t0) / span) * 1000;
          return (
            <rect key={s.from + s.state} x={x0} width={Math.max(0.5, x1 - x0)} y={0} height={20} fill={colors[s.state]} data-state={s.state}>
              <title>{labels[s.state]}</title>
            </rect>
          );
        })}
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
