// How `lifeline probe` chooses idle periods: pure, so the plan is tested without waiting.
// Round 1 holds a ladder of idle periods up to --max at once (wall time ≈ --max); each later
// round splits the interval still in doubt in parallel, until it is narrow enough.

import { roundMs } from '../util/time-format.ts';

export interface ProbeOutcome {
  idleSec: number;
  survived: boolean;
  /** How a dropped connection ended: a RST/FIN arrived, or the server's PING never did. */
  how: 'ok' | 'reset' | 'silent';
  /** For a reset: seconds of idleness after which it came (an upper bound on the timeout). */
  resetAfterSec?: number;
}

export interface Bounds {
  /** Longest idle period survived (0: none). */
  low: number;
  /** Shortest idle period that was fatal; null when everything up to --max survived. */
  high: number | null;
}

export const MIN_IDLE_SEC = 1;
export const SPLITS = 3;
export const MAX_ROUNDS = 12;

/** max, max/2, max/4 … down to MIN_IDLE_SEC: the growing idle periods of round 1. */
export function firstRound(maxSec: number): number[] {
  const out: number[] = [];
  for (let d = maxSec; d >= MIN_IDLE_SEC && out.length < 16; d /= 2) out.unshift(roundMs(d));
  return out.length ? out : [roundMs(maxSec)];
}

/** Narrow enough: high − low ≤ 2 s or 5 % of low, whichever is larger. */
export function narrowEnough(b: Bounds): boolean {
  return b.high === null || b.high - b.low <= Math.max(2, 0.05 * b.low);
}

/** SPLITS idle periods evenly inside (low, high), probed in parallel. */
export function nextRound(b: Bounds): number[] {
  if (b.high === null) return [];
  const high = b.high;
  return Array.from({ length: SPLITS }, (_, i) => roundMs(b.low + ((high - b.low) * (i + 1)) / (SPLITS + 1)));
}

/**
 * Folds a round's outcomes into the bounds. A reset arriving after r seconds of idleness proves
 * the timeout is at most r. If a longer period survived while a shorter one died (a flaky path),
 * the fatal one wins: `low` stays below `high`.
 */
export function narrow(b: Bounds, outcomes: readonly ProbeOutcome[]): Bounds {
  let high = b.high;
  for (const o of outcomes) {
    if (o.survived) continue;
    const fatal = o.resetAfterSec !== undefined ? Math.min(o.idleSec, o.resetAfterSec) : o.idleSec;
    if (high === null || fatal < high) high = roundMs(fatal);
  }
  let low = b.low;
  for (const o of outcomes) if (o.survived && o.idleSec > low && (high === null || o.idleSec < high)) low = o.idleSec;
  return { low, high };
}

/**
 * The server heartbeat to use on this path: 80 % of the longest idle period that survived. The
 * margin (docs/services.md "Measuring a real path with probe") covers the bisection's
 * resolution, NATs that sweep expired mappings on a coarse timer, a heartbeat that leaves the
 * server late, and paths that vary.
 */
export function recommendedHeartbeatSec(b: Bounds): number | null {
  if (b.low < MIN_IDLE_SEC) return null;
  return Math.max(1, Math.floor(b.low * 0.8));
}

