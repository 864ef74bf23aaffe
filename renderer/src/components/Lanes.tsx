// The lifecycle, connection and actions lanes, on the chart's time axis. One drawing unit per
// pixel: each pixel column shows its longest state, and every other state that held in it (a 10 s
// wake in a 24 h run, a kill, a reconnect) as a flag across the top half, so nothing is hidden.
import { useRef } from 'react';
import type { TimeWindow } from '../store.ts';
import { selectIsCapture, selectNow, useView } from '../player/view-store.ts';
import { drawBase, formatTime, fullWindow, PLOT_LEFT, PLOT_RIGHT } from '../time-axis.ts';
import { useBoxSize } from '../use-box-size.ts';
import { useKeptElements } from '../kept-elements.ts';
import { useSharedFull } from '../shared-axes.ts';
import type { ActionMark, Segment } from '../../../shared/folds/series.ts';
import { laneDrawing } from '../../../shared/view/lane-rects.ts';
import { PUSH_PATHS } from '../../../shared/folds/reachability.ts';
import { textWidthPx } from '../../../shared/view/text-width.ts';
import { ACTION_COLORS, ACTION_LABEL_DX, actionLabels, LANE_STYLES, laneStyle, OPTIONAL_LANES, stateLanes, texturePath, type LaneStyle } from '../../../shared/view/lane-styles.ts';

const HEIGHT = 20;
/** Flags share the top half of the lane: the base state stays readable below them. */
const FLAG_BAND = 10;
/** A texture tile, in lane units (about pixels). */
const TILE = 6;
/** About the width of a character of the 11-unit label font. */
const CHAR = 6.5;

const patternId = (scope: string, lane: string, state: string) => `${scope}-${lane}-${state}`.replace(/[^a-zA-Z0-9_-]/g, '_');

/** A state's colour with its texture, as an SVG pattern the bars of that state fill with. */
function LanePattern({ id, style }: { id: string; style: LaneStyle }) {
  return (
    <pattern id={id} width={TILE} height={TILE} patternUnits="userSpaceOnUse">
      {/* A path, not a rect: tests and tools read a lane's rects as its bars. */}
      <path d={`M0,0H${TILE}V${TILE}H0Z`} fill={style.color} />
      {style.texture !== 'solid' && <path d={texturePath(style.texture, TILE)} stroke={style.ink} strokeOpacity={0.6} strokeWidth={1} fill={style.texture === 'dots' ? style.ink : 'none'} />}
    </pattern>
  );
}

const fillOf = (id: string, style: LaneStyle) => (style.texture === 'solid' ? style.color : `url(#${id})`);

interface LaneProps {
  name: string;
  /** Beneath the name: what the lane follows (the connection lane's push path). */
  sub?: string;
  segments: readonly Segment<string>[];
  /** Segments after `segments`: the lane's projected open end (the radio's, or where the silent budget frees up). */
  tail?: Segment<string>[];
  now: number;
  w: TimeWindow;
  /** Drawing units across (the plot's pixels); null until the box is sized: no bars drawn at a guessed width. */
  columns: number | null;
}

const NOTHING_DRAWN = { rects: [], flags: [] };

function Lane({ name, sub, segments, tail, now, w, columns: measured }: LaneProps) {
  const columns = measured ?? 1;
  const d = measured === null ? NOTHING_DRAWN : laneDrawing(segments, w.t0, w.t1, now, measured, tail);
  const at = (x: number) => formatTime(w.t0 + ((w.t1 - w.t0) * x) / columns);
  // Bars and flags sit at their column on the run's time axis, in a group shifted back by the
  // window's first column. While the time per column holds (a pan by whole pixels), they are keyed
  // by that column: the pan moves the group and leaves every bar's element, place, state and title
  // as they were. Drawn at their place in the window and keyed by index, every bar of a shifted
  // window took another's state and title (scrubbing a 15-day session rewrote some 2,000 titles and
  // 1,700 flags a frame). When the scale changes (a zoom, a session that loads, a live run that
  // grows), no bar is where it was: they are keyed by index, so the elements are reused rather
  // than all made anew.
  const span = w.t1 - w.t0;
  const cols = Math.max(1, Math.round(columns));
  const origin = Math.round((w.t0 / span) * cols);
  // Drawn counted from a nearby round column, not from the run's start (drawBase).
  const base = drawBase(origin);
  // A bar's title gives the times of its columns' edges: the same bar at the same column keeps its
  // title while the time per column and the window's offset within a column stay.
  const kept = useKeptElements(`${Math.round(span)}:${columns}:${base}:${Math.round(w.t0 - (origin * span) / cols)}`);
  const keyOf = (prefix: string, x: number, i: number) => (kept.sameScale ? `${prefix}${origin + x}` : `${prefix}i${i}`);
  const drawn = [...new Set([...d.rects, ...d.flags].map((r) => r.state))];
  const style = (state: string) => laneStyle(name, state);
  const fill = (state: string) => fillOf(patternId('lane', name, state), style(state));
  return (
    <div className="lane" data-testid={`lane-${name}`}>
      <div className="lane-name" style={{ width: PLOT_LEFT }}>
        {name}
        {sub && <small className="lane-sub">{sub}</small>}
      </div>
      <svg className="lane-bar" style={{ marginRight: PLOT_RIGHT }} viewBox={`0 0 ${columns} ${HEIGHT}`} preserveAspectRatio="none" role="img" aria-label={sub ? `${name} lane, via ${sub}` : `${name} lane`}>
        <defs>
          {drawn.map((state) => (
            <LanePattern key={state} id={patternId('lane', name, state)} style={style(state)} />
          ))}
        </defs>
        <g transform={`translate(${base - origin} 0)`}>
          {d.rects.map((r, i) => {
            const key = keyOf('b', r.x, i);
            return kept.keep(key, `${r.w}|${r.state}`, () => (
              <rect key={key} x={origin - base + r.x} width={r.w} y={0} height={HEIGHT} fill={fill(r.state)} data-state={r.state}>
                <title>{`${style(r.state).label} · ${at(r.x)}–${at(r.x + r.w)}`}</title>
              </rect>
            ));
          })}
          {d.rects.map((r, i) => {
            const st = style(r.state);
            // A label where the bar holds it, so the state reads in words as well as in colour.
            if (r.w < st.short.length * CHAR + 8) return null;
            const key = keyOf('t', r.x, i);
            return kept.keep(key, r.state, () => (
              <text key={key} className="lane-label" x={origin - base + r.x + 4} y={HEIGHT - 5} fontSize={11} fill={st.ink} stroke={st.color} strokeWidth={3} paintOrder="stroke">
                {st.short}
              </text>
            ));
          })}
          {d.flags.map((f, i) => {
            const key = `${keyOf('f', f.x, i)}:${f.row}`;
            return kept.keep(key, `${f.w}|${f.of}|${f.state}`, () => (
              <rect key={key} className="lane-flag" x={origin - base + f.x} width={f.w} y={(f.row * FLAG_BAND) / f.of} height={FLAG_BAND / f.of} fill={style(f.state).color} data-state={f.state}>
                <title>{`${style(f.state).label} (brief, inside ${at(f.x)}–${at(f.x + f.w)})`}</title>
              </rect>
            ));
          })}
        </g>
      </svg>
    </div>
  );
}

/** A legend swatch drawn exactly as the lane draws the state. */
function Swatch({ lane, state }: { lane: string; state: string }) {
  const id = patternId('legend', lane, state);
  const style = laneStyle(lane, state);
  return (
    <svg width="18" height="12" aria-hidden="true">
      <defs>
        <LanePattern id={id} style={style} />
      </defs>
      <rect width="18" height="12" fill={fillOf(id, style)} stroke="#64748b" strokeWidth="1" />
    </svg>
  );
}

/** The actions lane's labels' type. */
const ACTION_FONT_PX = 11;

/** Timeline and live actions as flags on the same axis; a label per group where there is room. */
function ActionsLane({ actions, w, columns: measured }: { actions: ActionMark[]; w: TimeWindow; columns: number | null }) {
  const columns = measured ?? 1;
  const x = (t: number) => Math.min(columns - 2, ((t - w.t0) / (w.t1 - w.t0)) * columns);
  const shown = measured === null ? [] : actions.filter((a) => a.t >= w.t0 && a.t <= w.t1);
  const labels = actionLabels(shown, x, (t) => textWidthPx(t, ACTION_FONT_PX));
  return (
    <div className="lane" data-testid="lane-actions">
      <div className="lane-name" style={{ width: PLOT_LEFT }}>
        actions
      </div>
      <svg className="lane-bar actions" style={{ marginRight: PLOT_RIGHT }} viewBox={`0 0 ${columns} ${HEIGHT}`} preserveAspectRatio="none" role="img" aria-label="actions lane">
        {shown.map((a, i) => (
          <rect key={i} x={x(a.t)} width={2} y={0} height={HEIGHT} fill={ACTION_COLORS[a.source]} data-action={a.action} data-source={a.source}>
            <title>{`${formatTime(a.t)} · ${a.action} (${a.source === 'live' ? 'live action' : 'timeline'})`}</title>
          </rect>
        ))}
        {labels.map((l, i) => (
          <text key={i} className="action-label" x={l.x + ACTION_LABEL_DX} y={14} fontSize={ACTION_FONT_PX} fill={ACTION_COLORS[l.source]}>
            {l.text}
          </text>
        ))}
      </svg>
    </div>
  );
}

/** One lane's states in the legend, each with its swatch. */
function LaneLegend({ lane, title = lane }: { lane: string; title?: string }) {
  return (
    <span className="legend-lane">
      <strong>{title}:</strong>
      {Object.entries(LANE_STYLES[lane] ?? {}).map(([state, st]) => (
        <span key={state}>
          <Swatch lane={lane} state={state} /> {st.label}
        </span>
      ))}
    </span>
  );
}

export function Lanes() {
  useView((s) => s.version);
  const series = useView((s) => s.data.series);
  const summary = useView((s) => s.data.summary);
  // A capture has no device radio: its LTE lane would be the model's guess, not the capture.
  const capture = useView(selectIsCapture);
  const virtualMs = useView(selectNow);
  const stored = useView((s) => s.window);
  const ruler = useRef<HTMLDivElement>(null);
  const size = useBoxSize(ruler);
  const now = Math.max(series.lastT, virtualMs);
  const lanes = stateLanes(series, summary);
  // The connection lane's legend says which push path it follows, as its name does.
  const path = PUSH_PATHS[series.via].label;
  const full = useSharedFull(fullWindow(series.durationMs, now));
  const w = stored ?? full;
  // One column per pixel of the plot (measured), so a flag is never thinner than a pixel; nothing is
  // drawn before the box's first size (its ResizeObserver's first report).
  const columns = size ? Math.max(100, size.width) : null;
  const optional = OPTIONAL_LANES.map(([name, of]) => [name, of(series)] as const).filter(([, segments]) => segments.length > 0);
  if (capture) {
    // A capture shows packets and gaps, not an app: no lifecycle, no believed connection, no actions.
    return (
      <section className="lanes" aria-label="lanes">
        <div ref={ruler} className="lane-ruler" style={{ marginLeft: PLOT_LEFT, marginRight: PLOT_RIGHT }} />
        <Lane name="flow" segments={series.flow} now={now} w={w} columns={columns} />
        <div className="lane-legend" style={{ marginLeft: PLOT_LEFT }}>
          <LaneLegend lane="flow" />
          <span className="hint">the flow as a NAT on its path sees it: a gap longer than the timeout would have dropped its mapping</span>
        </div>
      </section>
    );
  }
  return (
    <section className="lanes" aria-label="lanes">
      <div ref={ruler} className="lane-ruler" style={{ marginLeft: PLOT_LEFT, marginRight: PLOT_RIGHT }} />
      {lanes.map((l) => (
        <Lane key={l.name} name={l.name} sub={l.sub} segments={l.segments} tail={l.tail?.(now)} now={now} w={w} columns={columns} />
      ))}
      <ActionsLane actions={series.actions} w={w} columns={columns} />
      {optional.map(([name, segments]) => (
        <Lane key={name} name={name} segments={segments} now={now} w={w} columns={columns} />
      ))}
      <div className="lane-legend" style={{ marginLeft: PLOT_LEFT }}>
        {[...lanes.map((l) => l.name), ...optional.map(([name]) => name)].map((lane) => (
          <LaneLegend key={lane} lane={lane} title={lane === 'connection' ? `connection (via ${path})` : lane} />
        ))}
        <span>
          <i style={{ background: ACTION_COLORS.timeline }} /> timeline action
        </span>
        <span>
          <i style={{ background: ACTION_COLORS.live }} /> live action
        </span>
        <span className="hint">a short bar across the top half: a brief state inside that pixel</span>
      </div>
    </section>
  );
}
