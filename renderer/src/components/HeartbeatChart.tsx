// "Heartbeat timing vs NAT timeout": seconds since the NAT mapping last saw traffic (a sawtooth
// that drops to 0 at every packet) against the NAT idle timeout, with heartbeat and failure
// markers and the dead-but-believed-up stretches shaded.
import { useMemo, useRef } from 'react';
import { CartesianGrid, ComposedChart, Line, ReferenceArea, ReferenceLine, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis } from 'recharts';
import { useStore, type TimeWindow } from '../store.ts';
import { visibleMarkers, visibleSawtooth } from '../../../shared/downsample-series.ts';
import type { MarkerKind } from '../../../shared/series.ts';
import { formatTime, pan, PLOT_LEFT, PLOT_RIGHT, zoom } from '../time-axis.ts';

const MAX_POINTS = 1500;
const MAX_MARKERS_PER_KIND = 400;

export const MARKERS: Record<MarkerKind, { label: string; color: string; shape: (x: number, y: number) => string }> = {
  'server-heartbeat': { label: 'server heartbeat', color: '#2563eb', shape: (x, y) => `M${x},${y - 6}L${x + 6},${y + 5}L${x - 6},${y + 5}Z` },
  'client-heartbeat': { label: 'client heartbeat', color: '#059669', shape: (x, y) => `M${x - 5},${y}a5,5 0 1,0 10,0a5,5 0 1,0 -10,0` },
  keepalive: { label: 'keep-alive handler wake', color: '#d97706', shape: (x, y) => `M${x},${y - 7}L${x + 6},${y}L${x},${y + 7}L${x - 6},${y}Z` },
  'nat-expiry': { label: 'NAT mapping expired', color: '#dc2626', shape: (x, y) => `M${x - 6},${y - 6}L${x + 6},${y + 6}M${x + 6},${y - 6}L${x - 6},${y + 6}` },
  disconnect: { label: 'disconnect', color: '#7c3aed', shape: (x, y) => `M${x - 6},${y - 6}h12v12h-12Z` },
};

function markerShape(kind: MarkerKind) {
  const m = MARKERS[kind];
  const Shape = (p: { cx?: number; cy?: number }) => {
    if (typeof p.cx !== 'number' || typeof p.cy !== 'number') return null;
    const cross = kind === 'nat-expiry';
    return <path className={`marker marker-${kind}`} data-marker={kind} d={m.shape(p.cx, p.cy)} fill={cross ? 'none' : m.color} stroke={m.color} strokeWidth={cross ? 3 : 1} />;
  };
  return Shape;
}

export function fullWindow(durationMs: number, lastT: number): TimeWindow {
  return { t0: 0, t1: Math.max(durationMs, lastT, 1000) };
}

export function HeartbeatChart() {
  const version = useStore((s) => s.version);
  const data = useStore((s) => s.data);
  const stored = useStore((s) => s.window);
  const setWindow = useStore((s) => s.setWindow);
  const virtualMs = useStore((s) => s.virtualMs);
  const series = data.series;
  const full = fullWindow(series.durationMs, Math.max(series.lastT, virtualMs));
  const w = stored ?? full;
  const box = useRef<HTMLDivElement>(null);
  const drag = useRef<{ x: number; w: TimeWindow } | null>(null);

  const view = useMemo(() => {
    const points = visibleSawtooth(series.idleT, series.idleY, w.t0, w.t1, MAX_POINTS);
    const tail = series.tail(Math.min(Math.max(series.lastT, virtualMs), w.t1));
    if (tail && tail.t >= w.t0) points.push({ t: tail.t, idle: tail.y });
    const markers = visibleMarkers(series.markers, w.t0, w.t1, MAX_MARKERS_PER_KIND);
    const byKind = new Map<MarkerKind, { t: number; idle: number }[]>();
    for (const m of markers) {
      let arr = byKind.get(m.kind);
      if (!arr) byKind.set(m.kind, (arr = []));
      arr.push({ t: m.t, idle: m.y });
    }
    const dead = series.connection
      .filter((s) => s.state === 'dead')
      .map((s) => ({ x1: Math.max(w.t0, s.from), x2: Math.min(w.t1, s.to ?? Math.max(series.lastT, virtualMs)) }))
      .filter((s) => s.x2 > s.x1);
    let maxY = series.natTimeoutSec * 1.25;
    for (const p of points) if (p.idle !== null && p.idle > maxY) maxY = p.idle;
    return { points, byKind, dead, maxY: Math.ceil(maxY / 10) * 10 || 10 };
    // version: the folds are mutated in place; a new batch bumps it.
  }, [version, series, w.t0, w.t1, virtualMs]);

  const fraction = (clientX: number) => {
    const r = box.current!.getBoundingClientRect();
    return Math.min(1, Math.max(0, (clientX - r.left - PLOT_LEFT) / (r.width - PLOT_LEFT - PLOT_RIGHT)));
  };

  return (
    <section className="chart-panel" aria-label="Heartbeat timing vs NAT timeout">
      <header className="panel-head">
        <h2>Heartbeat timing vs NAT timeout</h2>
        <span className="hint">wheel: zoom · drag: pan · double-click: whole run</span>
        <ChartLegend timeoutSec={series.natTimeoutSec} />
        {stored && (
          <button type="button" onClick={() => setWindow(null)}>
            Reset zoom
          </button>
        )}
      </header>
      <div
        ref={box}
        className="chart-box"
        data-testid="heartbeat-chart"
        onWheel={(e) => setWindow(zoom(w, full, fraction(e.clientX), e.deltaY > 0 ? 1.25 : 0.8))}
        onMouseDown={(e) => (drag.current = { x: e.clientX, w })}
        onMouseMove={(e) => {
          const d = drag.current;
          if (!d || !box.current) return;
          const width = box.current.getBoundingClientRect().width - PLOT_LEFT - PLOT_RIGHT;
          setWindow(pan(d.w, full, ((d.x - e.clientX) / width) * (d.w.t1 - d.w.t0)));
        }}
        onMouseUp={() => (drag.current = null)}
        onMouseLeave={() => (drag.current = null)}
        onDoubleClick={() => setWindow(null)}
      >
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={view.points} margin={{ top: 16, right: PLOT_RIGHT, left: 0, bottom: 4 }}>
            <CartesianGrid stroke="var(--grid)" strokeDasharray="3 3" />
            <XAxis dataKey="t" type="number" domain={[w.t0, w.t1]} allowDataOverflow tickFormatter={formatTime} stroke="var(--muted)" />
            <YAxis width={PLOT_LEFT} domain={[0, view.maxY]} allowDataOverflow stroke="var(--muted)" label={{ value: 'idle (s)', angle: -90, position: 'insideLeft', fill: 'var(--muted)' }} />
            <Tooltip isAnimationActive={false} labelFormatter={(t) => formatTime(Number(t))} formatter={(v) => [`${Number(v).toFixed(1)} s`, 'idle']} />
            {view.dead.map((d) => (
              <ReferenceArea key={d.x1} x1={d.x1} x2={d.x2} fill="#dc2626" fillOpacity={0.14} className="dead-stretch" ifOverflow="hidden" />
            ))}
            <ReferenceLine
              y={series.natTimeoutSec}
              stroke="#dc2626"
              strokeDasharray="6 4"
              strokeWidth={2}
              className="nat-timeout-line"
              label={{ value: `NAT idle timeout ${series.natTimeoutSec} s`, position: 'insideTopRight', fill: '#dc2626', fontSize: 13 }}
            />
            <Line dataKey="idle" name="seconds since the NAT saw traffic" type="linear" dot={false} stroke="var(--fg)" strokeWidth={1.5} isAnimationActive={false} connectNulls={false} />
            {/* A Scatter with no data would fall back to the chart's data: only kinds present. */}
            {[...view.byKind].map(([k, pts]) => (
              <Scatter key={k} name={MARKERS[k].label} data={pts} dataKey="idle" fill={MARKERS[k].color} shape={markerShape(k)} isAnimationActive={false} />
            ))}
          </ComposedChart>
        </ResponsiveContainer>
      </div>
    </section>
  );
}

/** Always the full key, so a trainer can point at a shape before it first appears. */
function ChartLegend({ timeoutSec }: { timeoutSec: number }) {
  return (
    <ul className="chart-legend" aria-label="chart legend">
      <li>
        <svg width="22" height="12"><path d="M1,11L21,1" stroke="var(--fg)" strokeWidth="1.5" /></svg> seconds since the NAT saw traffic
      </li>
      <li>
        <svg width="22" height="12"><path d="M1,6H21" stroke="#dc2626" strokeWidth="2" strokeDasharray="5 3" /></svg> NAT idle timeout ({timeoutSec} s)
      </li>
      <li>
        <i className="swatch dead" /> believed up, actually dead
      </li>
      {(Object.keys(MARKERS) as MarkerKind[]).map((k) => (
        <li key={k}>
          <svg width="16" height="16">
            <path d={MARKERS[k].shape(8, 8)} fill={k === 'nat-expiry' ? 'none' : MARKERS[k].color} stroke={MARKERS[k].color} strokeWidth={k === 'nat-expiry' ? 2.5 : 1} />
          </svg>{' '}
          {MARKERS[k].label}
        </li>
      ))}
    </ul>
  );
}
