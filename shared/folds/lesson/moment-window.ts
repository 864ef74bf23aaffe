// Where lesson mode's chart looks for each moment: a window around it, pure so that it is tested
// beside the moments themselves.
import type { LessonMoment } from './moments.ts';

export interface Span {
  t0: number;
  t1: number;
}

/** Moments that sum up the whole run are shown over the whole run. */
const WHOLE_RUN: readonly LessonMoment['kind'][] = ['dead-total', 'down-total', 'kept-alive'];

/**
 * A few NAT timeouts wide (enough to see the idle line climb to the timeout and what came just
 * before), the moment two fifths of the way in, kept inside the run. Null: the whole run.
 */
export function momentWindow(m: LessonMoment, full: Span, natTimeoutSec: number): Span | null {
  if (WHOLE_RUN.includes(m.kind)) return null;
  const span = Math.max(4 * natTimeoutSec * 1000, 120_000);
  if (span >= full.t1 - full.t0) return null;
  const t0 = Math.min(Math.max(full.t0, m.t - span * 0.4), full.t1 - span);
  return { t0, t1: t0 + span };
}
