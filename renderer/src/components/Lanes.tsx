// The lifecycle, connection and actions lanes, on the chart's time axis. One drawing unit per
// pixel: each pixel column shows its longest state, and every other state that held in it (a 10 s
// wake in a 24 h run, a kill, a reconnect) as a flag across the top half, so nothing is hidden.
import { useRef } from 'react';
import type { TimeWindow } from '../store.ts';
import { useView } from '../player/view-store.ts';
import { fullWindow } from './HeartbeatChart.tsx';
import { formatTime, PLOT_LEFT, PLOT_RIGHT } from '../time-axis.ts';
import { useBoxSize } from '../use-box-size.ts';
import type { ActionMark, Segment } from '../../../shared/series.ts';
import { laneDrawing } from '../../../shared/lane-rects.ts';
import type { RadioState } from '../../../shared/radio.ts';

const HEIGHT = 20;
/** Flags share the top half of the lane: the base state stays readable below them. */
const FLAG_BAND = 10;

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

/** Lanes of the modern path (docs/model.md "The modern iOS path"), drawn only when the run has them. */
export const PUSH_SERVICE_COLORS: Record<string, string> = { down: '#9ca3af', up: '#0891b2', blocked: '#991b1b' };
const PUSH_SERVICE_LABELS: Record<string, string> = { down: 'push service: not connected', up: 'push service: connected', blocked: 'push service: VoIP pushes blocked' };
export const LOCAL_PUSH_COLORS: Record<string, string> = { stopped: '#9ca3af', running: '#7c3aed' };
const LOCAL_PUSH_LABELS: Record<string, string> = { stopped: 'Local Push provider: stopped (noNetworkAvailable)', running: 'Local Push provider: running' };
export const REFRESH_COLORS: Record<string, string> = { waiting: '#e5e7eb', running: '#0ea5e9' };
const REFRESH_LABELS: Record<string, string> = { waiting: 'refresh: waiting for the system', running: 'refresh: running' };

/** FACTS: Radio energy of a heartbeat — the RRC states; warm colours cost energy. */
export const RADIO_COLORS: Record<RadioState, string> = {
  idle: '#e5e7eb',
  promotion: '#b91c1c',
  active: '#ea580c',
  'short-drx': '#f59e0b',
  'long-drx': '#fbbf24',
  fach: '#fde68a',
};

const RADIO_LABELS: Record<RadioState, string> = {
  idle: 'radio idle',
  promotion: 'radio promotion',
  active: 'radio active (LTE continuous reception, 3G DCH, Wi-Fi)',
  'short-drx': 'radio short DRX',
  'long-drx': 'radio long DRX (tail)',
  fach: 'radio FACH (3G tail)',
};

const ACTION_COLORS = { timeline: '#334155', live: '#c026d3' } as const;

const LIFECYCLE_LABELS: Record<string, string> = {
  'not-running': 'not running',
  active: 'active (foreground)',
  background: 'background (running)',
  suspended: 'suspended',
  woken: 'woken',
  terminated: 'terminated',
};

const CONNECTION_LABELS: Record<string, string> = {
  connected: 'connected',
  dead: 'dead but believed up',
  disconnected: 'disconnected',
  reconnecting: 'reconnecting',
};

interface LaneProps {
  name: string;
  segments: Segment<string>[];
  colors: Record<string, string>;
  labels: Record<string, string>;
  now: number;
  w: TimeWindow;
  columns: number;
}

function Lane({ name, segments, colors, labels, now, w, columns }: LaneProps) {
  const d = laneDrawing(segments, w.t0, w.t1, now, columns);
  const at = (x: number) => formatTime(w.t0 + ((w.t1 - w.t0) * x) / columns);
  return (
    <div className="lane" data-testid={`lane-${name}`}>
      <div className="lane-name" style={{ width: PLOT_LEFT }}>
        {name}
      </div>
      <svg className="lane-bar" style={{ marginRight: PLOT_RIGHT }} viewBox={`0 0 ${columns} ${HEIGHT}`} preserveAspectRatio="none" role="img" aria-label={`${name} lane`}>
        {d.rects.map((r, i) => (
          <rect key={i} x={r.x} width={r.w} y={0} height={HEIGHT} fill={colors[r.state]} data-state={r.state}>
            <title>{`${labels[r.state]} · ${at(r.x)}–${at(r.x + r.w)}`}</title>
          </rect>
        ))}
        {d.flags.map((f, i) => (
          <rect key={`f${i}`} className="lane-flag" x={f.x} width={f.w} y={(f.row * FLAG_BAND) / f.of} height={FLAG_BAND / f.of} fill={colors[f.state]} data-state={f.state}>
            <title>{`${labels[f.state]} (brief, inside ${at(f.x)}–${at(f.x + f.w)})`}</title>
          </rect>
        ))}
      </svg>
    </div>
  );
}

/** Actions closer than this share one label: "kill · foreground · background". */
const ACTION_GROUP_PX = 8;

/** Timeline and live actions as flags on the same axis; a label per group where there is room. */
function ActionsLane({ actions, w, columns }: { actions: ActionMark[]; w: TimeWindow; columns: number }) {
  const x = (t: number) => Math.min(columns - 2, ((t - w.t0) / (w.t1 - w.t0)) * columns);
  const shown = actions.filter((a) => a.t >= w.t0 && a.t <= w.t1);
  const labels: { x: number; text: string; source: ActionMark['source'] }[] = [];
  let groupX = -Infinity;
  for (const a of shown) {
    const last = labels[labels.length - 1];
    if (last && x(a.t) - groupX < ACTION_GROUP_PX) last.text += ` · ${a.action}`;
    else {
      groupX = x(a.t);
      labels.push({ x: groupX, text: a.action, source: a.source });
    }
  }
  let free = -Infinity;
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
        {labels.map((l, i) => {
          if (l.x < free) return null;
          free = l.x + l.text.length * 6 + 10;
          return (
            <text key={i} x={l.x + 4} y={14} fontSize={11} fill={ACTION_COLORS[l.source]}>
              {l.text}
            </text>
          );
        })}
      </svg>
    </div>
  );
}

const legend = (colors: Record<string, string>, labels: Record<string, string>) => Object.entries(colors).map(([k, c]) => [labels[k]!, c] as const);

export function Lanes() {
  useView((s) => s.version);
  const series = useView((s) => s.data.series);
  const radio = useView((s) => s.data.summary.radio);
  const virtualMs = useView((s) => s.virtualMs);
  const stored = useView((s) => s.window);
  const ruler = useRef<HTMLDivElement>(null);
  const size = useBoxSize(ruler);
  const now = Math.max(series.lastT, virtualMs);
  const w = stored ?? fullWindow(series.durationMs, now);
  // One column per pixel of the plot (measured), so a flag is never thinner than a pixel.
  const columns = Math.max(100, size?.width ?? 1000);
  const radioSegments = [...radio.segments, ...radio.projected(now)];
  return (
    <section className="lanes" aria-label="lanes">
      <div ref={ruler} className="lane-ruler" style={{ marginLeft: PLOT_LEFT, marginRight: PLOT_RIGHT }} />
      <Lane name="lifecycle" segments={series.lifecycle} colors={LIFECYCLE_COLORS} labels={LIFECYCLE_LABELS} now={now} w={w} columns={columns} />
      <Lane name="radio" segments={radioSegments} colors={RADIO_COLORS} labels={RADIO_LABELS} now={now} w={w} columns={columns} />
      <Lane name="connection" segments={series.connection} colors={CONNECTION_COLORS} labels={CONNECTION_LABELS} now={now} w={w} columns={columns} />
      <ActionsLane actions={series.actions} w={w} columns={columns} />
      {series.pushService.length > 0 && <Lane name="push service" segments={series.pushService} colors={PUSH_SERVICE_COLORS} labels={PUSH_SERVICE_LABELS} now={now} w={w} columns={columns} />}
      {series.localPush.length > 0 && <Lane name="local push" segments={series.localPush} colors={LOCAL_PUSH_COLORS} labels={LOCAL_PUSH_LABELS} now={now} w={w} columns={columns} />}
      {series.refresh.length > 0 && <Lane name="refresh" segments={series.refresh} colors={REFRESH_COLORS} labels={REFRESH_LABELS} now={now} w={w} columns={columns} />}
      <div className="lane-legend" style={{ marginLeft: PLOT_LEFT }}>
        {[...Object.entries(LIFECYCLE_COLORS).map(([k, c]) => [LIFECYCLE_LABELS[k]!, c] as const), ...Object.entries(CONNECTION_COLORS).map(([k, c]) => [`connection: ${CONNECTION_LABELS[k]}`, c] as const), ...(Object.keys(RADIO_COLORS) as RadioState[]).map((k) => [RADIO_LABELS[k].replace(/ \(.*\)$/, ''), RADIO_COLORS[k]] as const), ...(series.pushService.length ? legend(PUSH_SERVICE_COLORS, PUSH_SERVICE_LABELS) : []), ...(series.localPush.length ? legend(LOCAL_PUSH_COLORS, LOCAL_PUSH_LABELS) : []), ...(series.refresh.length ? legend(REFRESH_COLORS, REFRESH_LABELS) : [])].map(([label, color]) => (
          <span key={label}>
            <i style={{ background: color }} /> {label}
          </span>
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
