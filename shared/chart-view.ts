// "Heartbeat timing vs NAT timeout" as pure geometry: what the chart shows for a time window (the
// downsampled sawtooth, thinned markers, dead stretches, the y range) and how each shape is drawn.
// The inspector's chart (recharts, interactive) and the SVG export (shared/chart-svg.ts, no
// browser) both draw from this, so an exported chart cannot drift from the one on screen.
import { visibleMarkers, visibleSawtooth, type ChartPoint } from './downsample-series.ts';
import type { Marker, MarkerKind, SeriesFold } from './series.ts';

export interface TimeWindow {
  t0: number;
  t1: number;
}

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
  'voip-push': { label: 'PushKit VoIP push to the app', color: '#0891b2', shape: (x, y) => `M${x - 6},${y + 5}L${x + 6},${y + 5}L${x},${y - 6}Z` },
  'callkit-report': { label: 'call reported to CallKit', color: '#15803d', shape: (x, y) => `M${x - 6},${y - 2}h4v-4h4v4h4v4h-4v4h-4v-4h-4Z` },
  'push-blocked': { label: 'VoIP push blocked by the system', color: '#991b1b', shape: (x, y) => `M${x - 6},${y - 2}h12v4h-12Z` },
};

/** A marker's SVG attributes at pixel (x, y): the NAT expiry is an open cross, the rest filled. */
export function markerStyle(kind: MarkerKind): { fill: string; stroke: string; strokeWidth: number } {
  const c = MARKERS[kind].color;
  return kind === 'nat-expiry' ? { fill: 'none', stroke: c, strokeWidth: 3 } : { fill: c, stroke: c, strokeWidth: 1 };
}

export const NAT_LINE = { color: '#dc2626', dash: '6 4', label: (sec: number) => `NAT idle timeout ${sec} s` };
export const DEAD_FILL = { color: '#dc2626', opacity: 0.14 };

export function fullWindow(durationMs: number, lastT: number): TimeWindow {
  return { t0: 0, t1: Math.max(durationMs, lastT, 1000) };
}

export interface ChartView {
  points: ChartPoint[];
  markers: Marker[];
  dead: { x1: number; x2: number }[];
  /** The y axis top, in idle seconds. */
  maxY: number;
  /** The y axis tick step. */
  stepY: number;
}

/** What the chart shows of `series` in window `w`, with the run's clock at `now` (ms). */
export function chartView(series: SeriesFold, w: TimeWindow, now: number): ChartView {
  const points = visibleSawtooth(series.idleT, series.idleY, w.t0, w.t1, MAX_POINTS);
  const end = Math.max(series.lastT, now);
  const tail = series.tail(Math.min(end, w.t1));
  if (tail && tail.t >= w.t0) points.push({ t: tail.t, idle: tail.y });
  const { markers } = visibleMarkers(series.markers, w.t0, w.t1, MAX_MARKERS_PER_KIND);
  const dead = series.connection
    .filter((s) => s.state === 'dead')
    .map((s) => ({ x1: Math.max(w.t0, s.from), x2: Math.min(w.t1, s.to ?? end) }))
    .filter((s) => s.x2 > s.x1);
  // Headroom above the highest point so markers on a peak are not cut in half, but no more
  // than 2.5× the NAT timeout: after an expiry the line climbs for hours, and the timeout line
  // must stay readable. The line is clipped; markers above the cap sit on the top edge.
  const cap = series.natTimeoutSec * 2.5;
  let maxY = series.natTimeoutSec * 1.25;
  for (const p of points) if (p.idle !== null && p.idle * 1.08 > maxY) maxY = Math.min(cap, p.idle * 1.08);
  const stepY = maxY > 200 ? 100 : 10;
  const top = Math.ceil(maxY / stepY) * stepY || 10;
  // A marker with no mapping (y null) or above the cap sits on the top edge.
  return { points, markers: markers.map((m) => (m.y === null || m.y > top ? { ...m, y: top } : m)), dead, maxY: top, stepY };
}

/** The sawtooth as one path string on the given scales; gaps (null) lift the pen. */
export function sawtoothPath(points: readonly ChartPoint[], x: (t: number) => number, y: (idle: number) => number): string {
  let d = '';
  let pen = false;
  for (const p of points) {
    if (p.idle === null) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${x(p.t).toFixed(1)},${y(p.idle).toFixed(1)}`;
    pen = true;
  }
  return d;
}
