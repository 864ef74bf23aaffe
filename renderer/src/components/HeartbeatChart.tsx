// "Heartbeat timing vs NAT timeout": seconds since the NAT mapping last saw traffic (a sawtooth
// that drops to 0 at every packet) against the NAT idle timeout, with heartbeat and failure
// markers and the dead-but-believed-up stretches shaded.
import { useLayoutEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { memo } from 'react';
import { CartesianGrid, ComposedChart, ReferenceArea, ReferenceLine, XAxis, YAxis, usePlotArea, useXAxisScale, useYAxisScale } from 'recharts';
import { useStore, type TimeWindow } from '../store.ts';
import { visibleMarkers, visibleSawtooth, type ChartPoint } from '../../../shared/downsample-series.ts';
import type { Marker } from '../../../shared/series.ts';
import type { MarkerKind } from '../../../shared/series.ts';
import { formatTime, pan, PLOT_LEFT, PLOT_RIGHT, zoom } from '../time-axis.ts';

/** About two line points per pixel of a wide plot, and a marker every few pixels per kind. */
const MAX_POINTS = 1200;
const MAX_MARKERS_PER_KIND = 300;

export const MARKERS: Record<MarkerKind, { label: string; color: string; shape: (x: number, y: number) => string }> = {
  'server-heartbeat': { label: 'server heartbeat', color: '#2563eb', shape: (x, y) => `M${x},${y - 6}L${x + 6},${y + 5}L${x - 6},${y + 5}Z` },
  'client-heartbeat': { label: 'client heartbeat', color: '#059669', shape: (x, y) => `M${x - 5},${y}a5,5 0 1,0 10,0a5,5 0 1,0 -10,0` },
  keepalive: { label: 'keep-alive handler wake', color: '#d97706', shape: (x, y) => `M${x},${y - 7}L${x + 6},${y}L${x},${y + 7}L${x - 6},${y}Z` },
  push: { label: 'push sent', color: '#db2777', shape: (x, y) => `M${x - 6},${y - 5}L${x + 6},${y - 5}L${x},${y + 6}Z` },
  'nat-expiry': { label: 'NAT mapping expired', color: '#dc2626', shape: (x, y) => `M${x - 6},${y - 6}L${x + 6},${y + 6}M${x + 6},${y - 6}L${x - 6},${y + 6}` },
  disconnect: { label: 'disconnect', color: '#7c3aed', shape: (x, y) => `M${x - 6},${y - 6}h12v12h-12Z` },
};

export function fullWindow(durationMs: number, lastT: number): TimeWindow {
  return { t0: 0, t1: Math.max(durationMs, lastT, 1000) };
}

export function HeartbeatChart() {
  // User Timing around render → commit: DevTools and `npm run bench` read the cost of a frame.
  performance.mark('lifeline:chart-render');
  useLayoutEffect(() => {
    performance.measure('lifeline:chart-frame', 'lifeline:chart-render');
  });
  const version = useStore((s) => s.version);
  const data = useStore((s) => s.data);
  const stored = useStore((s) => s.window);
  const setWindow = useStore((s) => s.setWindow);
  const virtualMs = useStore((s) => s.virtualMs);
  const series = data.series;
  const full = fullWindow(series.durationMs, Math.max(series.lastT, virtualMs));
  const w = stored ?? full;
  const box = useRef<HTMLDivElement>(null);
  // The plot's geometry is measured once per gesture: measuring on every mousemove forces a
  // layout after each chart update and was the main cost of scrubbing.
  const size = useBoxSize(box);
  const drag = useRef<{ x: number; w: TimeWindow; width: number } | null>(null);
  const frame = useRef<{ next: TimeWindow | null; raf: number }>({ next: null, raf: 0 });
  // Pointer events come faster than frames: apply the latest window once per frame.
  const schedule = (next: TimeWindow) => {
    const f = frame.current;
    f.next = next;
    if (!f.raf)
      f.raf = requestAnimationFrame(() => {
        f.raf = 0;
        if (f.next) setWindow(f.next);
      });
  };

  const view = useMemo(() => {
    const points = visibleSawtooth(series.idleT, series.idleY, w.t0, w.t1, MAX_POINTS);
    const tail = series.tail(Math.min(Math.max(series.lastT, virtualMs), w.t1));
    if (tail && tail.t >= w.t0) points.push({ t: tail.t, idle: tail.y });
    const markers = visibleMarkers(series.markers, w.t0, w.t1, MAX_MARKERS_PER_KIND);
    const dead = series.connection
      .filter((s) => s.state === 'dead')
      .map((s) => ({ x1: Math.max(w.t0, s.from), x2: Math.min(w.t1, s.to ?? Math.max(series.lastT, virtualMs)) }))
      .filter((s) => s.x2 > s.x1);
    // Headroom above the highest point so markers on a peak are not cut in half, but no more
    // than 2.5× the NAT timeout: after an expiry the line climbs for hours, and the timeout line
    // must stay readable. The line is clipped; markers above the cap sit on the top edge.
    const cap = series.natTimeoutSec * 2.5;
    let maxY = series.natTimeoutSec * 1.25;
    for (const p of points) if (p.idle !== null && p.idle * 1.08 > maxY) maxY = Math.min(cap, p.idle * 1.08);
    const step = maxY > 200 ? 100 : 10;
    const top = Math.ceil(maxY / step) * step || 10;
    return { points, markers: markers.map((m) => (m.y > top ? { ...m, y: top } : m)), dead, maxY: top };
    // version: the folds are mutated in place; a new batch bumps it.
  }, [version, series, w.t0, w.t1, virtualMs]);

  const plotWidth = (r: DOMRect) => r.width - PLOT_LEFT - PLOT_RIGHT;
  const current = () => frame.current.next ?? w;

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
        onWheel={(e) => {
          const r = box.current!.getBoundingClientRect();
          const at = Math.min(1, Math.max(0, (e.clientX - r.left - PLOT_LEFT) / plotWidth(r)));
          schedule(zoom(current(), full, at, e.deltaY > 0 ? 1.25 : 0.8));
        }}
        onMouseDown={(e) => {
          drag.current = { x: e.clientX, w: current(), width: plotWidth(box.current!.getBoundingClientRect()) };
        }}
        onMouseMove={(e) => {
          const d = drag.current;
          if (d) schedule(pan(d.w, full, ((d.x - e.clientX) / d.width) * (d.w.t1 - d.w.t0)));
        }}
        onMouseUp={() => (drag.current = null)}
        onMouseLeave={() => (drag.current = null)}
        onDoubleClick={() => setWindow(null)}
      >
        {size && (
          <ComposedChart width={size.width} height={size.height} data={EMPTY} margin={{ top: 16, right: PLOT_RIGHT, left: 0, bottom: 4 }}>
            <CartesianGrid stroke="var(--grid)" strokeDasharray="3 3" />
            <XAxis dataKey="t" type="number" domain={[w.t0, w.t1]} allowDataOverflow tickFormatter={formatTime} stroke="var(--muted)" />
            <YAxis width={PLOT_LEFT} domain={[0, view.maxY]} allowDataOverflow stroke="var(--muted)" label={{ value: 'idle (s)', angle: -90, position: 'insideLeft', fill: 'var(--muted)' }} />
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
            <SawtoothLayer points={view.points} />
            <MarkerLayer markers={view.markers} />
          </ComposedChart>
        )}
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

const EMPTY: never[] = [];

/**
 * The sawtooth as one SVG path on the chart's own scales. Recharts' Line re-measured the path on
 * every pan; a path string costs nothing.
 */
const SawtoothLayer = memo(function SawtoothLayer({ points }: { points: ChartPoint[] }) {
  const x = useXAxisScale();
  const y = useYAxisScale();
  const area = usePlotArea();
  if (!x || !y || !area) return null;
  let d = '';
  let pen = false;
  for (const p of points) {
    if (p.idle === null) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${x(p.t)!.toFixed(1)},${y(p.idle)!.toFixed(1)}`;
    pen = true;
  }
  // The line enters and leaves the window from points just outside it: clip to the plot.
  return (
    <>
      <defs>
        <clipPath id="plot-clip">
          <rect x={area.x} y={area.y} width={area.width} height={area.height} />
        </clipPath>
      </defs>
      <path className="sawtooth" d={d} fill="none" stroke="var(--fg)" strokeWidth={1.5} clipPath="url(#plot-clip)" />
    </>
  );
});

/** One small path per marker, with its kind as a data attribute for tests and styling. */
const MarkerLayer = memo(function MarkerLayer({ markers }: { markers: Marker[] }) {
  const x = useXAxisScale();
  const y = useYAxisScale();
  if (!x || !y) return null;
  return (
    <g className="markers">
      {/* Index keys: panning moves the same DOM nodes instead of creating and removing them. */}
      {markers.map((m, i) => {
        const style = MARKERS[m.kind];
        const cross = m.kind === 'nat-expiry';
        return <path key={i} className={`marker marker-${m.kind}`} data-marker={m.kind} d={style.shape(x(m.t)!, y(m.y)!)} fill={cross ? 'none' : style.color} stroke={style.color} strokeWidth={cross ? 3 : 1} />;
      })}
    </g>
  );
});

/**
 * The chart's size, measured before the first paint and on resize. (recharts' ResponsiveContainer
 * renders empty first and draws a frame later: a visible delay on a run's first chart.)
 */
function useBoxSize(ref: RefObject<HTMLDivElement | null>): { width: number; height: number } | null {
  const [size, setSize] = useState<{ width: number; height: number } | null>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const r = el.getBoundingClientRect();
      setSize((old) => (old && old.width === Math.floor(r.width) && old.height === Math.floor(r.height) ? old : { width: Math.floor(r.width), height: Math.floor(r.height) }));
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return size;
}
