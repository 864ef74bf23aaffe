// How each lane state looks: one table, so a state is never told by colour alone. Each has a
// colour, a texture (hatched, dotted, crossed…) for the states that mean trouble or absence, and a
// short label written inside any bar wide enough to hold it. "active" (lifecycle) and "connected"
// (connection) are different hues. A lane or state that is not in the table still gets a distinct
// style derived from its name, so a new lane draws at once and is labelled in words.
import type { LifecycleState } from '../log/events.ts';
import type { ConnectionLaneState } from '../folds/summary.ts';
import { PUSH_PATHS } from '../folds/reachability.ts';
import type { RadioState } from '../model/radio.ts';
import type { ActionMark, FlowLaneState, Segment, SeriesFold } from '../folds/series.ts';

export type LaneTexture = 'solid' | 'hatch' | 'backhatch' | 'cross' | 'dots' | 'vlines';

export interface LaneStyle {
  /** What the legend and tooltips say. */
  label: string;
  /** What fits inside a bar. */
  short: string;
  color: string;
  texture: LaneTexture;
  /** Text and texture colour, readable on `color`. */
  ink: string;
}

const DARK = '#0f172a';
const LIGHT = '#ffffff';

/** Whether a push would arrive (shared/folds/reachability.ts): the connection lane and the app socket's. */
const CONNECTION: Record<ConnectionLaneState, LaneStyle> = {
  connected: { label: 'connected', short: 'connected', color: '#1d4ed8', texture: 'solid', ink: LIGHT },
  dead: { label: 'dead but believed up', short: 'dead, believed up', color: '#b91c1c', texture: 'cross', ink: LIGHT },
  disconnected: { label: 'disconnected', short: 'disconnected', color: '#9ca3af', texture: 'dots', ink: DARK },
  reconnecting: { label: 'reconnecting', short: 'reconnecting', color: '#f59e0b', texture: 'backhatch', ink: DARK },
};

export const LANE_STYLES: { lifecycle: Record<LifecycleState, LaneStyle>; connection: Record<ConnectionLaneState, LaneStyle>; radio: Record<RadioState, LaneStyle>; flow: Record<FlowLaneState, LaneStyle> } & Record<string, Record<string, LaneStyle>> = {
  lifecycle: {
    'not-running': { label: 'not running', short: 'not running', color: '#cbd5e1', texture: 'dots', ink: DARK },
    active: { label: 'active (foreground)', short: 'active', color: '#4ade80', texture: 'solid', ink: DARK },
    background: { label: 'background (running)', short: 'background', color: '#facc15', texture: 'solid', ink: DARK },
    suspended: { label: 'suspended', short: 'suspended', color: '#475569', texture: 'hatch', ink: LIGHT },
    woken: { label: 'woken', short: 'woken', color: '#38bdf8', texture: 'solid', ink: DARK },
    terminated: { label: 'terminated', short: 'terminated', color: '#111827', texture: 'vlines', ink: LIGHT },
  },
  connection: CONNECTION,
  // The app's own socket, by the same rule, when pushes take another path.
  'app socket': CONNECTION,
  // FACTS: Radio energy of a heartbeat — the RRC states; warm colours cost energy.
  radio: {
    idle: { label: 'idle', short: 'idle', color: '#e5e7eb', texture: 'dots', ink: DARK },
    promotion: { label: 'promotion', short: 'promotion', color: '#b91c1c', texture: 'cross', ink: LIGHT },
    active: { label: 'active (LTE continuous reception, 3G DCH, Wi-Fi)', short: 'active', color: '#ea580c', texture: 'solid', ink: DARK },
    'short-drx': { label: 'short DRX', short: 'short DRX', color: '#f59e0b', texture: 'hatch', ink: DARK },
    'long-drx': { label: 'long DRX (tail)', short: 'long DRX', color: '#fbbf24', texture: 'backhatch', ink: DARK },
    fach: { label: 'FACH (3G tail)', short: 'FACH', color: '#fde68a', texture: 'vlines', ink: DARK },
  },
  // A capture's one lane: what its packets show, in nobody's beliefs (issue: the capture view speaks about captures).
  flow: {
    'within-timeout': { label: 'packets within the NAT timeout', short: 'within timeout', color: '#1d4ed8', texture: 'solid', ink: LIGHT },
    'over-timeout': { label: 'idle past the NAT timeout', short: 'gap > timeout', color: '#b91c1c', texture: 'hatch', ink: LIGHT },
    closed: { label: 'closed (FIN)', short: 'FIN', color: '#9ca3af', texture: 'dots', ink: DARK },
    reset: { label: 'reset (RST)', short: 'RST', color: '#111827', texture: 'vlines', ink: LIGHT },
  },
  // The modern path's lanes (docs/model.md "The modern iOS path"), drawn when a run has them.
  'push service': {
    down: { label: 'not connected', short: 'not connected', color: '#9ca3af', texture: 'dots', ink: DARK },
    up: { label: 'connected', short: 'connected', color: '#0891b2', texture: 'solid', ink: DARK },
    blocked: { label: 'VoIP pushes blocked', short: 'VoIP pushes blocked', color: '#991b1b', texture: 'cross', ink: LIGHT },
  },
  'local push': {
    stopped: { label: 'provider stopped (noNetworkAvailable)', short: 'stopped', color: '#9ca3af', texture: 'vlines', ink: DARK },
    running: { label: 'provider running', short: 'running', color: '#7c3aed', texture: 'solid', ink: LIGHT },
  },
  refresh: {
    waiting: { label: 'waiting for the system', short: 'waiting', color: '#e5e7eb', texture: 'dots', ink: DARK },
    running: { label: 'running', short: 'running', color: '#0ea5e9', texture: 'solid', ink: DARK },
  },
};

const FALLBACK_COLORS = ['#7c3aed', '#0f766e', '#be185d', '#a16207', '#1e40af', '#15803d'];
const FALLBACK_TEXTURES: LaneTexture[] = ['solid', 'hatch', 'dots', 'backhatch', 'vlines', 'cross'];

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) >>> 0;
  return h;
}

export function laneStyle(lane: string, state: string): LaneStyle {
  const known = LANE_STYLES[lane]?.[state];
  if (known) return known;
  const h = hash(`${lane}:${state}`);
  const label = state.replace(/-/g, ' ');
  return { label, short: label, color: FALLBACK_COLORS[h % FALLBACK_COLORS.length]!, texture: FALLBACK_TEXTURES[(h >> 3) % FALLBACK_TEXTURES.length]!, ink: LIGHT };
}

/** The texture's strokes in a tile of `size` user units. */
export function texturePath(t: LaneTexture, size: number): string {
  const s = size;
  switch (t) {
    case 'solid':
      return '';
    case 'hatch':
      return `M0,${s}L${s},0M${-s / 2},${s / 2}L${s / 2},${-s / 2}M${s / 2},${s * 1.5}L${s * 1.5},${s / 2}`;
    case 'backhatch':
      return `M0,0L${s},${s}M${-s / 2},${s / 2}L${s / 2},${s * 1.5}M${s / 2},${-s / 2}L${s * 1.5},${s / 2}`;
    case 'cross':
      return `M0,${s}L${s},0M0,0L${s},${s}`;
    case 'dots':
      return `M${s / 2 - 1},${s / 2}a1,1 0 1,0 2,0a1,1 0 1,0 -2,0`;
    case 'vlines':
      return `M${s / 2},0V${s}`;
  }
}

/** A lane's open end, projected to `now` and not stored (the summary's folds). */
export interface ProjectedLane {
  projected(now: number): Segment<string>[];
}

/** The radio's RRC lane: settled segments and the projected open end (the summary's RadioFold). */
export interface RadioLaneSource extends ProjectedLane {
  readonly segments: readonly Segment<string>[];
}

/** A lane of states a run's view draws: its segments, `tail` its projected open end at `now`, `sub` what it follows. */
export interface StateLane {
  name: string;
  sub?: string;
  segments: readonly Segment<string>[];
  tail?: (now: number) => Segment<string>[];
}

/**
 * The state lanes a run's view draws above its actions lane, in order: the page's
 * (renderer/src/components/Lanes.tsx, warmed as a session loads by renderer/src/player/warm-views.ts)
 * and the SVG export's (chart-svg.ts). `radio`: none for a capture (no modelled radio there);
 * `reach`: the connection lane's open end, where the silent budget frees up. The connection lane
 * shows whether a push would arrive on the run's push path; with pushes on another path, the app's
 * own socket gets a lane by the same rule (docs/design.md "Reachability").
 */
export function stateLanes(series: SeriesFold, { radio, reach }: { radio?: RadioLaneSource; reach?: ProjectedLane }): StateLane[] {
  return [
    { name: 'lifecycle', segments: series.lifecycle },
    ...(radio ? [{ name: 'radio', segments: radio.segments, tail: (now: number) => radio.projected(now) }] : []),
    { name: 'connection', sub: PUSH_PATHS[series.via].label, segments: series.connection, tail: reach && ((now: number) => reach.projected(now)) },
    ...(series.appSocket.length > 0 ? [{ name: 'app socket', segments: series.appSocket }] : []),
  ];
}

/** Lanes of the modern path (docs/model.md "The modern iOS path"), drawn only when the run has them. */
export const OPTIONAL_LANES: readonly (readonly [name: string, segments: (s: SeriesFold) => Segment<string>[]])[] = [
  ['push service', (s) => s.pushService],
  ['local push', (s) => s.localPush],
  ['refresh', (s) => s.refresh],
];

/** The actions lane's colours: a timeline's action or one a user pressed. */
export const ACTION_COLORS = { timeline: '#334155', live: '#c026d3' } as const;

/** Actions closer than this share one label: "kill · foreground · background". */
const ACTION_GROUP_PX = 8;

/** Where an action's label starts, right of its flag. */
export const ACTION_LABEL_DX = 4;

/**
 * The actions lane's labels, one per group of actions at about one spot, left to right; `textPx`
 * measures a label in the medium's type. A label that would run over the next group's flag is left
 * out (each flag names itself on hover): it crossed the flags of live actions pressed soon after.
 */
export function actionLabels(actions: readonly ActionMark[], x: (t: number) => number, textPx: (text: string) => number): { x: number; text: string; source: ActionMark['source'] }[] {
  const groups: { x: number; text: string; source: ActionMark['source'] }[] = [];
  let groupX = -Infinity;
  for (const a of actions) {
    const last = groups[groups.length - 1];
    if (last && x(a.t) - groupX < ACTION_GROUP_PX) last.text += ` · ${a.action}`;
    else {
      groupX = x(a.t);
      groups.push({ x: groupX, text: a.action, source: a.source });
    }
  }
  return groups.filter((g, i) => (groups[i + 1]?.x ?? Infinity) >= g.x + ACTION_LABEL_DX + textPx(g.text) + ACTION_LABEL_DX);
}
