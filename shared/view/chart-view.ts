// "Heartbeat timing vs NAT timeout" as pure geometry: what the chart shows for a time window (the
// downsampled sawtooth, thinned markers, dead stretches, the y range) and how each shape is drawn.
// The inspector's chart (recharts, interactive) and the SVG export (shared/view/chart-svg.ts, no
// browser) both draw from this, so an exported chart cannot drift from the one on screen.
import { lowerBound, lowerBoundBy, visibleMarkers, visibleSawtooth, type ChartPoint } from './downsample-series.ts';
import { expectIdleEnvelope, idleEnvelope } from './idle-envelope.ts';
import { visibleLineStarts } from './mark-layout.ts';
import type { IntervalPoint, LineStart, Marker, MarkerKind, SeriesFold } from '../folds/series.ts';

export interface TimeWindow {
  t0: number;
  t1: number;
}

/** A point and a box in the chart's pixels. */
export type Point = [x: number, y: number];
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** About two line points per pixel of a wide plot, and a marker every few pixels per kind. */
const MAX_POINTS = 1200;
const MAX_MARKERS_PER_KIND = 300;
/** Narrower than this, one sawtooth cycle cannot be read as a rise and a drop. */
const MIN_CYCLE_PX = 4;

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
  // A circle struck through: the server stops believing in the connection.
  'server-gave-up': { label: 'server gave up on the connection', color: '#1e3a8a', shape: (x, y) => `M${x - 6},${y}a6,6 0 1,0 12,0a6,6 0 1,0 -12,0M${x - 4.2},${y + 4.2}L${x + 4.2},${y - 4.2}` },
};

/** Marks drawn as strokes only: a fill would hide their cross. */
const STROKED: ReadonlySet<MarkerKind> = new Set(['nat-expiry', 'server-gave-up']);

/** The y axis's title, on the page and in the export. */
export const Y_AXIS_TITLE = 'idle (s)';
export const NAT_LINE = { color: '#dc2626', dash: '6 4', label: (sec: number) => `NAT idle timeout ${sec} s` };
/** Dead stretches: the server (and app) believed a push would arrive on the run's push path, and it would not. */
export const DEAD_FILL = { color: '#dc2626', opacity: 0.14, label: (path: string) => `believed up, a push would not arrive (${path})` };

export function fullWindow(durationMs: number, lastT: number): TimeWindow {
  return { t0: 0, t1: Math.max(durationMs, lastT, 1000) };
}

export interface ChartView {
  /** The sawtooth; empty when the envelope stands in for it. */
  points: ChartPoint[];
  /** The longest idle per bucket of the window, when cycles are too dense to draw as a line. */
  envelope: (number | null)[] | null;
  /** As recorded: y null means no line to sit on (drawn in the band above the plot, see mark-layout.ts). */
  markers: Marker[];
  /** For people: which marker kinds are thinned and by how much. */
  thinned: string[];
  /** Where each connection's line starts in the window, when the run has several (labelled "conn N"). */
  lines: LineStart[];
  dead: { x1: number; x2: number }[];
  /** The y axis top, in idle seconds. */
  maxY: number;
  /** The y axis tick step. */
  stepY: number;
}

/**
 * What the chart shows of `series` in window `w`, with the run's clock at `now` (ms), on a plot
 * `plotPx` pixels wide. `gapsAreReal`: the series is a capture's, whose idle line only climbs
 * through gaps that happened, so the y axis reaches the largest one. `loading`: the source is still
 * loading, and its series growing.
 */
export function chartView(series: SeriesFold, w: TimeWindow, now: number, plotPx: number, { gapsAreReal = false, loading = false } = {}): ChartView {
  const end = Math.max(series.lastT, now);
  const tail = series.tail(Math.min(end, w.t1));
  // Each refresh adds two points. Once a cycle is narrower than a few pixels the line is a solid
  // block, so the chart shows the longest idle per bucket instead, until zoomed in far enough.
  // A bucket spans at least two cycles, so each holds a peak and the bars read as a level.
  const cycles = (lowerBound(series.idleT, w.t1) - lowerBound(series.idleT, w.t0)) / 2;
  const most = Math.max(1, Math.floor(plotPx / 3));
  const buckets = Math.min(most, Math.max(1, Math.floor(cycles / 2)));
  const envelope = cycles * MIN_CYCLE_PX > plotPx ? idleEnvelope(series.idleT, series.idleY, w.t0, w.t1, buckets, tail) : null;
  // The source loads (its loader warms the envelope between slices, renderer/src/player/warm-views.ts):
  // its cycles will be many, and the window is then drawn as an envelope of the most buckets.
  if (loading && buckets < most) expectIdleEnvelope(series.idleT, w.t0, w.t1, most);
  const points = envelope ? [] : visibleSawtooth(series.idleT, series.idleY, w.t0, w.t1, MAX_POINTS);
  if (!envelope && tail && tail.t >= w.t0) points.push({ t: tail.t, idle: tail.y });
  const { markers, stride } = visibleMarkers(series, w.t0, w.t1, MAX_MARKERS_PER_KIND);
  const thinned = [...stride].filter(([, k]) => k > 1).map(([kind, k]) => `${MARKERS[kind].label}: 1 mark in ${k}`);
  // A run shades what was dead but believed up; a capture, which shows no beliefs, each stretch
  // idle past the NAT timeout (its flow lane).
  const dead = (gapsAreReal ? series.flow.filter((s) => s.state === 'over-timeout') : series.connection.filter((s) => s.state === 'dead'))
    .map((s) => ({ x1: Math.max(w.t0, s.from), x2: Math.min(w.t1, s.to ?? end) }))
    .filter((s) => s.x2 > s.x1);
  // Headroom above the highest point so markers on a peak are not cut in half, but no more
  // than 2.5× the NAT timeout: after an expiry the line climbs for hours, and the timeout line
  // must stay readable. The line is clipped; markers above the cap sit on the top edge. A
  // capture's gaps are what the reader came to see: no cap.
  const cap = gapsAreReal ? Infinity : series.natIdleTimeoutSec * 2.5;
  let maxY = series.natIdleTimeoutSec * 1.25;
  const peak = (y: number | null) => {
    if (y !== null && y * 1.08 > maxY) maxY = Math.min(cap, y * 1.08);
  };
  for (const p of points) peak(p.idle);
  for (const y of envelope ?? []) peak(y);
  const stepY = maxY > 200 ? 100 : 10;
  return { points, envelope, markers, thinned, lines: visibleLineStarts(series.lines, w.t0, w.t1), dead, maxY: Math.ceil(maxY / stepY) * stepY || 10, stepY };
}

/**
 * A marker's SVG paint; `panel` is the background a hollow mark shows. Filled: it happened or it
 * arrived; hollow: it never arrived (a push lost, a PING the NAT dropped), whether or not a NAT
 * mapping existed (a PushKit push takes another path). A mark's height says where it was, not its fate.
 * `c`: the colour, the kind's own unless the mark is compare's overlaid run's (its shape still says the kind).
 */
export function markerPaint(m: Pick<Marker, 'kind' | 'delivered'>, panel: string, c: string = MARKERS[m.kind].color): { fill: string; stroke: string; strokeWidth: number } {
  if (STROKED.has(m.kind)) return { fill: 'none', stroke: c, strokeWidth: 3 };
  const hollow = m.delivered === false;
  return { fill: hollow ? panel : c, stroke: c, strokeWidth: hollow ? 2 : 1 };
}

/** Wireshark-style bars: one outline per run of buckets, a step line along the maxima closed along the axis. */
export function envelopePath(maxima: readonly (number | null)[], w: TimeWindow, x: (t: number) => number, y: (idle: number) => number): string {
  const base = y(0).toFixed(1);
  let d = '';
  let open = false;
  envelopeBars(maxima, w, x, y).forEach((b, k, bars) => {
    if (!open) d += `M${b.x.toFixed(1)},${base}`;
    const right = b.x + b.w;
    d += `V${b.y.toFixed(1)}H${right.toFixed(1)}`;
    open = bars[k + 1]?.x === right;
    if (!open) d += `V${base}Z`;
  });
  return d;
}

/** Each bucket's bar, in pixels, from its longest idle down to the axis; empty buckets have none. */
export function envelopeBars(maxima: readonly (number | null)[], w: TimeWindow, x: (t: number) => number, y: (idle: number) => number): Box[] {
  const bw = (w.t1 - w.t0) / maxima.length;
  const base = y(0);
  const bars: Box[] = [];
  maxima.forEach((m, k) => {
    if (m === null) return;
    const left = x(w.t0 + k * bw);
    bars.push({ x: left, y: y(m), w: x(w.t0 + (k + 1) * bw) - left, h: base - y(m) });
  });
  return bars;
}

/** The heartbeat interval lines' colours, per side. */
export const INTERVAL_COLORS = { client: '#059669', server: '#2563eb' } as const;
const MAX_INTERVAL_STEPS = 1500;

/**
 * The interval each heartbeat used, as a step line on the idle axis (both are seconds): each beat's
 * interval is drawn over the gap it covered, from the beat it counted from to the beat itself, so a
 * probe above the NAT timeout line sits right over the stretch where the mapping died.
 */
export function intervalPath(points: readonly IntervalPoint[], w: TimeWindow, x: (t: number) => number, y: (sec: number) => number): string {
  return polylinePath([intervalLine(points, w, x, y)]);
}

/** The interval steps of intervalPath as one line of pixel points. */
export function intervalLine(points: readonly IntervalPoint[], w: TimeWindow, x: (t: number) => number, y: (sec: number) => number): Point[] {
  // Points are in time order: binary searches, not a walk over every beat (the layer is drawn at
  // each frame of a pan, and a 300,000-packet capture has 100,000 a side).
  const at = (i: number) => points[i]!.t;
  const lo = lowerBoundBy(points.length, at, w.t0);
  // Every beat up to the window's end started before it (an interval is never negative), so the
  // walk for the first step starting after the window begins there.
  let hi = Math.max(lo, lowerBoundBy(points.length, at, w.t1));
  while (hi < points.length && points[hi]!.t - points[hi]!.sec * 1000 <= w.t1) hi++;
  const stride = Math.max(1, Math.ceil((hi - lo) / MAX_INTERVAL_STEPS));
  const line: Point[] = [];
  for (let i = lo; i < hi; i += stride) {
    const p = points[i]!;
    const ya = y(p.sec);
    line.push([x(p.t - p.sec * 1000), ya], [x(p.t), ya]);
  }
  return line;
}

/** The NAT timeout in force over each stretch of the window (networks with different NATs); one stretch when it never changed. */
export function natSegments(series: SeriesFold, w: TimeWindow): { x1: number; x2: number; sec: number }[] {
  const ns = series.natTimeouts.length > 0 ? series.natTimeouts : [{ t: 0, sec: series.natIdleTimeoutSec }];
  return ns.map((n, i) => ({ x1: Math.max(n.t, w.t0), x2: Math.min(ns[i + 1]?.t ?? w.t1, w.t1), sec: n.sec })).filter((s) => s.x2 > s.x1);
}

/** The sawtooth as one path string on the given scales; gaps (null) lift the pen. */
export function sawtoothPath(points: readonly ChartPoint[], x: (t: number) => number, y: (idle: number) => number): string {
  return polylinePath(sawtoothLines(points, x, y));
}

/** The sawtooth's runs between gaps, as lines of pixel points. */
export function sawtoothLines(points: readonly ChartPoint[], x: (t: number) => number, y: (idle: number) => number): Point[][] {
  const lines: Point[][] = [];
  let run: Point[] | null = null;
  for (const p of points) {
    if (p.idle === null) {
      run = null;
      continue;
    }
    if (!run) lines.push((run = []));
    run.push([x(p.t), y(p.idle)]);
  }
  return lines;
}

/** Lines of pixel points as one SVG path, each line a pen-down stroke. */
function polylinePath(lines: readonly (readonly Point[])[]): string {
  let d = '';
  for (const line of lines) line.forEach(([px, py], i) => (d += `${i ? 'L' : 'M'}${px.toFixed(1)},${py.toFixed(1)}`));
  return d;
}
