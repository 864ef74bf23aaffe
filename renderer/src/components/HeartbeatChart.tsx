// "Heartbeat timing vs NAT timeout": seconds since the NAT mapping last saw traffic (a sawtooth
// that drops to 0 at every packet) against the NAT idle timeout, with heartbeat and failure
// markers and the dead-but-believed-up stretches shaded.
import { createContext, useContext, useLayoutEffect, useMemo, useRef, type ReactNode, type SVGProps } from 'react';
import { memo } from 'react';
import { CartesianGrid, ComposedChart, DefaultZIndexes, ReferenceLine, Text, XAxis, YAxis, ZIndexLayer, type XAxisTickContentProps, type YAxisTickContentProps } from 'recharts';
import { useStore, type TimeWindow } from '../store.ts';
import { selectIsCapture, selectNow, useView } from '../player/view-store.ts';
import type { ChartPoint } from '../../../shared/view/downsample-series.ts';
import type { IntervalPoint } from '../../../shared/folds/series.ts';
import { formatTime, fullWindow, pan, PLOT_LEFT, PLOT_RIGHT, zoom, ZOOM_IN, ZOOM_OUT } from '../time-axis.ts';
import { axisTicks, tickHours, tickLabelPx } from '../../../shared/view/time-axis-ticks.ts';
import { chartPointer } from '../chart-keys.ts';
import { LessonCaption } from './LessonCaption.tsx';
import { NatDragHandle } from './NatDragHandle.tsx';
import { NatBoundsBand } from './NatBoundsBand.tsx';
import { useBoxSize } from '../use-box-size.ts';
import { chartView, DEAD_FILL, type ChartView, envelopePath, INTERVAL_COLORS, intervalPath, NAT_LINE, natSegments, sawtoothPath, Y_AXIS_TITLE } from '../../../shared/view/chart-view.ts';
import { BAND_MARGIN_PX } from '../../../shared/view/mark-layout.ts';
import { MarkerLayer } from './MarkerLayer.tsx';
import { useSharedFull, useSharedKey, useSharedTop } from '../shared-axes.ts';
import { chartKey, legendContent } from '../../../shared/view/chart-legend.ts';
import { OverlayContext, OverlayLayer, useOverlaidRun } from './OverlayLayer.tsx';
import { ChartLegend } from './ChartLegend.tsx';
import { PlotScalesProvider, usePlotScales, type PlotArea, type PlotDomains } from './PlotScales.tsx';


export function HeartbeatChart() {
  // User Timing around render → commit: DevTools and `npm run bench` read the cost of a frame
  // through a PerformanceObserver. The entries are cleared at once: the page's timeline buffer keeps
  // every one otherwise, and a chart renders every frame for as long as the page is open. No named
  // mark: two charts (compare) would clear each other's, and measuring from a missing mark throws.
  const renderStart = performance.now();
  useLayoutEffect(() => {
    performance.measure('lifeline:chart-frame', { start: renderStart });
    performance.clearMeasures('lifeline:chart-frame');
  });
  const version = useView((s) => s.version);
  const data = useView((s) => s.data);
  const stored = useView((s) => s.window);
  const setWindow = useView((s) => s.setWindow);
  const virtualMs = useView(selectNow);
  const moment = useStore((s) => s.lesson?.moments[s.lesson.index]);
  const projector = useStore((s) => s.projector);
  const series = data.series;
  const capture = useView(selectIsCapture);
  const loading = useView((s) => s.playback?.progress != null);
  const full = useSharedFull(fullWindow(series.durationMs, Math.max(series.lastT, virtualMs)));
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

  const plotPx = Math.max(100, (size?.width ?? 1000) - PLOT_LEFT - PLOT_RIGHT);
  const tickPx = projector ? PROJECTOR_TICK_PX : TICK_PX;
  // The same view the SVG export draws (shared/view/chart-view.ts). version: the folds are mutated in
  // place; a new batch bumps it.
  // Not before the box is sized: that render draws no chart, and the view of a whole 300,000-packet
  // capture costs tens of ms, which the sized render would pay again. `loading` changes what is
  // warmed, not the view: the end of a load does not redraw it.
  const view = useMemo(() => (size ? chartView(series, w, virtualMs, plotPx, { gapsAreReal: capture, loading }) : null), [version, series, w.t0, w.t1, virtualMs, plotPx, size === null, capture]);
  // Compare's overlay: the other run, drawn on this chart (OverlayLayer).
  const run = useOverlaidRun(w, plotPx);
  const other = run?.shown;
  const overlaid = useContext(OverlayContext) !== null;
  // In a compare both charts top at the same height (renderer/src/shared-axes.ts); overlaid, at the
  // higher of the two runs' tops, so neither line is cut.
  const maxY = useSharedTop(Math.max(view?.maxY ?? 0, other?.maxY ?? 0));
  const otherMarks = useMemo(() => (other ? new Set(other.markers) : undefined), [other]);
  const marks = useMemo(() => view && { ...view, maxY, markers: other ? [...view.markers, ...other.markers] : view.markers }, [view, maxY, other]);

  // The key of what this chart draws; a compare draws one for both of its charts instead.
  const has = useMemo(() => legendContent(series), [series, version]);
  const envelope = !!view?.envelope;
  const key = useMemo(() => chartKey(series, { envelope, capture }, has), [has, series, series.natIdleTimeoutSec, series.via, envelope, capture]);
  const keyShared = useSharedKey(key);
  const ownKey = useMemo(() => [key], [key]);

  const plotWidth = (r: DOMRect) => r.width - PLOT_LEFT - PLOT_RIGHT;
  const current = () => frame.current.next ?? w;

  // The axes' domains, one object for the axes and the layers' scales (PlotScales.tsx).
  const domains: PlotDomains = { x: [w.t0, w.t1], y: [0, maxY] };
  // What the chart draws, handed to recharts' chart through ChartContent (below).
  const plot = size && view && (
    <>
      <CartesianGrid stroke="var(--grid)" strokeDasharray="3 3" />
      <DeadHatch />
      {/* interval 0: every tick is drawn. axisTicks already spaces them by their labels' width;
          recharts' default thinning measured each label in the DOM (issue 16: a quarter of
          the first chart's task). */}
      <XAxis dataKey="t" type="number" domain={domains.x} allowDataOverflow interval={0} ticks={axisTicks(w.t0, w.t1, plotPx, tickPx, PLOT_RIGHT)} tickFormatter={(ms: number) => formatTime(ms, tickHours(w.t1))} tick={timeTick(size.width, tickPx, tickHours(w.t1))} stroke="var(--muted)" />
      <YAxis width={PLOT_LEFT} domain={domains.y} allowDataOverflow interval={0} tick={PlainTick} stroke="var(--muted)" label={{ value: Y_AXIS_TITLE, angle: -90, position: 'insideLeft', fill: 'var(--muted)' }} />
      <PlotScalesProvider domains={domains}>
        {/* Overlaid, one run's dead stretches would read as both runs' (a healthy run looked dead). */}
        {!overlaid && <DeadLayer dead={view.dead} />}
        {series.natTimeouts.length > 1 && <NatTimeoutSegments segments={natSegments(series, w)} />}
        <KeptReferenceLine
          y={series.natIdleTimeoutSec}
          strokeOpacity={series.natTimeouts.length > 1 ? 0 : 1}
          stroke={NAT_LINE.color}
          strokeDasharray={NAT_LINE.dash}
          strokeWidth={2}
          className="nat-timeout-line"
        />
        {view.envelope ? <EnvelopeLayer maxima={view.envelope} w={w} /> : <SawtoothLayer points={view.points} />}
        {run && <OverlayLayer run={run} w={w} />}
        <IntervalLayer side="client" points={series.intervals.client} w={w} version={version} />
        <IntervalLayer side="server" points={series.intervals.server} w={w} version={version} />
        {/* Under the marks: the band's words never hide one. */}
        <NatBoundsBand top={maxY} />
        {/* Its label is placed with the marks, clear of them. */}
        <MarkerLayer view={marks!} natSec={series.natIdleTimeoutSec} natFontPx={projector ? 16 : 13} intervals={series.intervals} w={w} overlaid={otherMarks} overlaidLine={other} />
        <NatDragHandle sec={series.natIdleTimeoutSec} top={maxY} />
      </PlotScalesProvider>
      {moment && <KeptReferenceLine x={moment.t} stroke="var(--accent)" strokeWidth={3} className="lesson-line" ifOverflow="hidden" />}
    </>
  );

  return (
    <section className="chart-panel" aria-label="Heartbeat timing vs NAT timeout">
      <header className="panel-head">
        <h2>Heartbeat timing vs NAT timeout</h2>
        {/* A compare says these once, above both charts, with its one legend. */}
        {!keyShared && <ChartGestures />}
        {!keyShared && <ChartLegend keys={ownKey} />}
        {view && view.thinned.length > 0 && (
          <span className="hint thinned" data-testid="thinned-marks">
            too many to draw here — {view.thinned.join(', ')}; zoom in for every one
          </span>
        )}
        {stored && (
          <button type="button" onClick={() => setWindow(null)}>
            Reset zoom
          </button>
        )}
      </header>
      <div className="chart-stage">
        <div
          ref={box}
          className="chart-box"
          data-testid="heartbeat-chart"
          data-window={`${w.t0},${w.t1}`}
          data-now={Math.max(series.lastT, virtualMs)}
          tabIndex={0}
          role="group"
          aria-label="heartbeat chart: drag selects a range, W and S zoom, A and D or Shift-drag pan, double-click shows the whole run"
          onWheel={(e) => {
            const r = box.current!.getBoundingClientRect();
            const at = Math.min(1, Math.max(0, (e.clientX - r.left - PLOT_LEFT) / plotWidth(r)));
            schedule(zoom(current(), full, at, e.deltaY > 0 ? ZOOM_OUT : ZOOM_IN));
          }}
          onMouseDown={(e) => {
            // A plain drag selects a range (TimeCursorFrame); Shift-drag pans.
            // The plot's whole pixels, as the lanes count their columns (use-box-size.ts): a drag by
            // whole pixels moves the lanes by whole columns, which keeps their bars (Lanes.tsx).
            if (e.shiftKey) drag.current = { x: e.clientX, w: current(), width: Math.floor(plotWidth(box.current!.getBoundingClientRect())) };
          }}
          onMouseMove={(e) => {
            chartPointer.over = { el: box.current!, clientX: e.clientX };
            const d = drag.current;
            if (d) schedule(pan(d.w, full, ((d.x - e.clientX) / d.width) * (d.w.t1 - d.w.t0)));
          }}
          onMouseUp={() => (drag.current = null)}
          onMouseLeave={() => {
            drag.current = null;
            chartPointer.over = null;
          }}
          onDoubleClick={() => setWindow(null)}
        >
          {plot && size && (
            <ChartContent.Provider value={plot}>
              <StableChart width={size.width} height={size.height} />
            </ChartContent.Provider>
          )}
        </div>
        {size && <LessonCaption w={w} width={size.width} height={size.height} />}
      </div>
    </section>
  );
}

const EMPTY: never[] = [];
const MARGIN = { top: 6 + BAND_MARGIN_PX, right: PLOT_RIGHT, left: 0, bottom: 4 };

/**
 * The chart's contents reach recharts' chart through a context, so that a pan renders them and not
 * the chart around them: each render of ComposedChart reports its props to recharts' store, and
 * every report notified every selector of the chart (a quarter of the store's work in a scrub).
 */
const ChartContent = createContext<ReactNode>(null);
function ContentSlot() {
  return useContext(ChartContent);
}
const StableChart = memo(function StableChart({ width, height }: { width: number; height: number }) {
  return (
    <ComposedChart width={width} height={height} data={EMPTY} margin={MARGIN}>
      <ContentSlot />
    </ComposedChart>
  );
});

/**
 * A ReferenceLine drawn again only when its props change. Each render of recharts' ReferenceLine
 * removes it from recharts' store and adds it again, and each of those notifies every selector of
 * the chart, which renders the chart once more: a Shift-drag paid that at every frame. Its props
 * here are plain values, so memo keeps it.
 */
const KeptReferenceLine = memo(ReferenceLine);

/**
 * Networks with different NATs: the timeout in force over each stretch of the window, as plain
 * lines on the chart's scales (not ReferenceLines, which a pan would register again: above), in
 * the reference lines' layer, over the data as the single timeout's line is, and letting the
 * pointer through to the NAT handle as reference lines do (styles.css).
 */
function NatTimeoutSegments({ segments }: { segments: ReturnType<typeof natSegments> }) {
  const scales = usePlotScales();
  if (!scales) return null;
  const { x, y, area } = scales;
  return (
    <ZIndexLayer zIndex={DefaultZIndexes.line}>
      <g className="nat-timeout-segments" pointerEvents="none">
        {segments.map((n, i) => {
          // A timeout above the axis's top is not drawn (it would run over the chart's header).
          const at = y(n.sec);
          return at >= area.y ? <line key={i} className="nat-timeout-segment" data-sec={n.sec} x1={x(n.x1)} x2={x(n.x2)} y1={at} y2={at} stroke={NAT_LINE.color} strokeDasharray={NAT_LINE.dash} strokeWidth={2} /> : null;
        })}
      </g>
    </ZIndexLayer>
  );
}

/** The tick labels' type: the page's, and projector mode's (styles.css --font). */
const TICK_PX = 14;
const PROJECTOR_TICK_PX = 20;

/**
 * A time tick label kept inside the chart. The last tick sits at the plot's end, PLOT_RIGHT from
 * the chart's edge, and half of "1:00:00" in projector type is wider than that: it was cut to
 * "1:00:0". A label that would run past the edge is right-aligned to it instead.
 */
const timeTick = (chartWidth: number, fontPx: number, hours: boolean) =>
  function TimeTick(p: XAxisTickContentProps) {
    const text = formatTime(Number(p.payload.value), hours);
    const past = Number(p.x) + tickLabelPx(text, fontPx) / 2 > chartWidth - 1;
    return (
      <Text {...p} width={undefined} x={past ? chartWidth - 1 : p.x} textAnchor={past ? 'end' : p.textAnchor}>
        {text}
      </Text>
    );
  };

/**
 * A tick label drawn as it is. Given the axis's width, recharts' Text measures every word in the
 * DOM to wrap it: a label of a few digits never wraps, and the measuring was most of the first
 * chart's task (issue 16).
 */
function PlainTick(p: YAxisTickContentProps) {
  return (
    <Text {...p} width={undefined}>
      {String(p.payload.value)}
    </Text>
  );
}

/** Dead stretches are shaded and hatched, as the lane draws them: told by more than colour. */
const DEAD_HATCH = 'dead-hatch';
function DeadHatch() {
  return (
    <defs>
      <pattern id={DEAD_HATCH} width={10} height={10} patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
        <rect width={10} height={10} fill={DEAD_FILL.color} fillOpacity={DEAD_FILL.opacity} />
        <path d="M0,0V10" stroke={DEAD_FILL.color} strokeOpacity={0.3} strokeWidth={2} />
      </pattern>
    </defs>
  );
}

/**
 * The dead stretches as plain rects on the chart's own scales, one per stretch. Not recharts'
 * ReferenceArea: each of those registers itself in recharts' store on every render, and every
 * registration notifies every other one, so a session with a thousand stretches spent minutes of
 * main thread per redraw (the big-session e2e test timed out on a loaded machine).
 */
const DeadLayer = memo(function DeadLayer({ dead }: { dead: ChartView['dead'] }) {
  const scales = usePlotScales();
  if (!scales) return null;
  const { x, area } = scales;
  return (
    <g className="dead-stretches">
      {dead.map((d) => {
        const x1 = Math.max(area.x, x(d.x1));
        const x2 = Math.min(area.x + area.width, x(d.x2));
        return x2 > x1 ? <rect key={d.x1} className="dead-stretch" data-from={d.x1} data-to={d.x2} x={x1} y={area.y} width={x2 - x1} height={area.height} fill={`url(#${DEAD_HATCH})`} /> : null;
      })}
    </g>
  );
});

/** The interval each heartbeat used, per side (shared/view/chart-view.ts intervalPath). */
const IntervalLayer = memo(function IntervalLayer({ side, points, w }: { side: 'client' | 'server'; points: IntervalPoint[]; w: TimeWindow; version: number }) {
  const scales = usePlotScales();
  if (!scales || points.length === 0) return null;
  const { x, y, area } = scales;
  const d = intervalPath(points, w, x, y);
  return <ClippedPath area={area} className={`interval-${side}`} data-testid={`interval-${side}`} d={d} fill="none" stroke={INTERVAL_COLORS[side]} strokeWidth={2} strokeOpacity={0.8} />;
});

/**
 * The sawtooth as one SVG path on the chart's own scales. Recharts' Line re-measured the path on
 * every pan; a path string costs nothing.
 */
const SawtoothLayer = memo(function SawtoothLayer({ points }: { points: ChartPoint[] }) {
  const scales = usePlotScales();
  if (!scales) return null;
  const { x, y, area } = scales;
  // The same path function the SVG export draws with (shared/view/chart-view.ts).
  const d = sawtoothPath(points, x, y);
  return <ClippedPath area={area} className="sawtooth" d={d} fill="none" stroke="var(--fg)" strokeWidth={1.5} />;
});

/** A path clipped to the plot: the line enters and leaves the window from points outside it. */
function ClippedPath({ area, className, ...path }: { area: PlotArea; className: string } & SVGProps<SVGPathElement>) {
  const id = `clip-${className}`;
  return (
    <>
      <defs>
        <clipPath id={id}>
          <rect x={area.x} y={area.y} width={area.width} height={area.height} />
        </clipPath>
      </defs>
      <path className={className} {...path} clipPath={`url(#${id})`} />
    </>
  );
}

/** Wireshark-style bars: each bucket's longest idle, from 0 up (shared/view/chart-view.ts envelopePath). */
const EnvelopeLayer = memo(function EnvelopeLayer({ maxima, w }: { maxima: (number | null)[]; w: TimeWindow }) {
  const scales = usePlotScales();
  if (!scales) return null;
  const { x, y, area } = scales;
  const d = envelopePath(maxima, w, x, y);
  return <ClippedPath area={area} className="idle-envelope" d={d} fill="var(--envelope)" stroke="var(--fg)" strokeWidth={1} />;
});

/** What the mouse and keys do on a chart. */
export function ChartGestures() {
  return <span className="hint chart-gestures">drag: select a range (Esc clears) · wheel or W/S: zoom · Shift-drag or A/D: pan · double-click: whole run</span>;
}
