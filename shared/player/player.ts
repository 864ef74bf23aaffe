// The player: one seam between sources of events and the views (docs/design.md "The player"), modelled
// on Foxglove Studio's Player. A source — a live run, a recorded session, later a packet capture —
// owns its playback state (status, speed, current virtual time, loaded range) and hands the views
// its folds (events, summary, chart series) through one listener. The chart, lanes, cards and table
// never know which source feeds them; what a source cannot do is absent from `capabilities` (and
// its method is absent too), so a control for it is never shown.
import type { Result, RunStatus } from '../contract/contract.ts';
import type { LifelineEvent, TimelineActionName } from '../log/events.ts';
import type { Scenario } from '../scenario/scenario.ts';
import type { Folds } from './folds.ts';
import type { MarkerKind } from '../folds/series.ts';

export type PlayerCapability = 'act' | 'pause' | 'seek' | 'speed';

/**
 * The kinds of source the store's registry holds, each named for people: the live run, a recorded
 * session, a packet capture, a run made for a compare (a preset pair).
 */
export const SOURCE_KINDS = { live: 'live run', session: 'session', capture: 'capture', compare: 'compared run' } as const;
export type SourceKind = keyof typeof SOURCE_KINDS;

/** How far a source has loaded (or re-derived): what loads, and the fraction done (null: not known). */
export interface LoadProgress {
  label: string;
  fraction: number | null;
}

export interface PlayerState {
  sourceId: string;
  kind: SourceKind;
  /** For people: a file name, or the scenario of a live run. */
  name: string;
  status: RunStatus;
  /** While the source loads or re-derives; null once it is all there. */
  progress: LoadProgress | null;
  /** What went wrong with this source, for people: lines skipped, a damaged capture, a control refused. */
  problems: readonly string[];
  /** The current virtual time (ms); the folds hold every event up to it. */
  nowMs: number;
  /** The loaded range; endMs is null while a live run is still going. */
  startMs: number;
  endMs: number | null;
  speed: number;
  capabilities: readonly PlayerCapability[];
  /** Bumped when the folds were rebuilt rather than appended to (a seek): views drop caches. */
  seekSeq: number;
  /** Events in the folds / in the whole source (a live source: the same). */
  index: number;
  total: number;
  scenario: Scenario | null;
  error?: string;
}

export type PlayerListener = (state: PlayerState, folds: Folds) => void;

export interface Player {
  readonly sourceId: string;
  setListener(fn: PlayerListener): void;
  play(): void;
  pause(): void;
  close(): void;
  /** How far a load or re-derive of this source has come; null once it is done. */
  setProgress(progress: LoadProgress | null): void;
  /** A problem with this source: shown with it until dismissed. */
  report(problem: string): void;
  dismissProblems(): void;
  seek?(ms: number): void;
  /** Moves the cursor one event forward or back. */
  step?(dir: 1 | -1): void;
  /** Moves the cursor onto the next (or previous) event of a kind; false if there is none. */
  jump?(kind: JumpKind, dir: 1 | -1): boolean;
  /** Where jump(kind, dir) would land from the cursor (ms), or null if nothing is there: a control disables. */
  jumpTarget?(kind: JumpKind, dir: 1 | -1): number | null;
  setSpeed?(x: number): void;
  act?(a: TimelineActionName): Promise<Result<null>>;
}

/** Replay speeds (× virtual time per wall time): from slow motion to an hour a second. */
export const REPLAY_SPEEDS = [0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 600, 1800, 3600] as const;

/**
 * The moments a tester hunts for in a session's full folds, in time order. A NAT expiry and a
 * disconnect are the chart's own marks (the moments the summary counts: a path that dies at an
 * expiry is a disconnect though no socket closed), so a jump lands where a mark is drawn. Read in
 * place, by position: a million-event session's lists are not copied (the controls ask on every frame).
 */
export const JUMP_KINDS = {
  'nat-expiry': { label: 'NAT expiry', moments: (f: Folds) => markMoments(f, 'nat-expiry') },
  disconnect: { label: 'disconnect', moments: (f: Folds) => markMoments(f, 'disconnect') },
  wake: { label: 'wake', moments: (f: Folds): Moments => ({ length: f.series.wakes.length, at: (i) => f.series.wakes[i]! }) },
} as const;
export type JumpKind = keyof typeof JUMP_KINDS;

/** Times in ascending order, read through `at`. */
export interface Moments {
  readonly length: number;
  at(i: number): number;
}

function markMoments(f: Folds, kind: MarkerKind): Moments {
  const list = f.series.byKind.of(kind);
  return { length: list.length, at: (i) => f.series.markers[list[i]!]!.t };
}

/** How many of `count` times in ascending order (read through `tAt`) are <= ms, or < ms when not inclusive. */
function bound(count: number, tAt: (i: number) => number, ms: number, inclusive: boolean): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const t = tAt(mid);
    if (t < ms || (inclusive && t === ms)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The cursor index for a time: how many events have t <= ms. */
export const countUpTo = (events: readonly LifelineEvent[], ms: number) => bound(events.length, (i) => events[i]!.t, ms, true);
/** How many events have t < ms. */
export const countBefore = (events: readonly LifelineEvent[], ms: number) => bound(events.length, (i) => events[i]!.t, ms, false);

/**
 * The next moment (dir 1: after the cursor, or at its instant while events there are unshown) or
 * the previous one (dir -1: before the cursor's instant); null if none.
 */
export function nextMoment(m: Moments, nowMs: number, unshownAtNow: boolean, dir: 1 | -1): number | null {
  const at = (i: number) => m.at(i);
  if (dir === -1) {
    const before = bound(m.length, at, nowMs, false);
    return before > 0 ? m.at(before - 1) : null;
  }
  const next = bound(m.length, at, nowMs, !unshownAtNow);
  return next < m.length ? m.at(next) : null;
}

/** What drives playback: wall time and a repeating timer (the renderer's, or a test's manual one). */
export interface Ticker {
  now(): number;
  every(ms: number, fn: () => void): () => void;
}
