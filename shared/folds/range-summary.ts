// What happened between two instants of a run, as DevTools' summary of a selected range: the same
// SummaryFold read at both edges and subtracted, so dead time, expiries, disconnects, pushes and
// energy in a range have the one definition the whole run's cards have (shared/folds/summary.ts).
// Time in each lifecycle and radio state is the lanes' own segments (SeriesFold, RadioFold) cut to
// the range.
import type { LifecycleState, LifelineEvent } from '../log/events.ts';
import type { RadioState } from '../model/radio.ts';
import { SeriesFold, type Segment } from './series.ts';
import { SummaryFold, type Summary } from './summary.ts';
import { roundMs } from '../util/time-format.ts';
import { joulesPerDay, roundJoules } from './radio-fold.ts';

export interface RangeSummary {
  /** The range actually read: [fromMs, toMs), clamped to the run. */
  fromMs: number;
  toMs: number;
  deadSec: number;
  natExpiries: number;
  disconnects: number;
  wakeups: number;
  terminations: number;
  /** Counted where the summary counts them: `lost` is sent minus delivered within the range. */
  pushes: { sent: number; delivered: number; lost: number; blocked: number };
  /** FACTS: Radio energy of a heartbeat — what the traffic in the range cost the radio. */
  /** joulesPerDay: the same joules at the card's rate (per day), so a range reads beside the card. */
  energy: { joules: number; joulesPerDay: number; radioOnSec: number };
  /** Seconds in each state that held within the range (states that did not hold are absent). */
  lifecycleSec: Partial<Record<LifecycleState, number>>;
  radioSec: Partial<Record<RadioState, number>>;
}

/** The run's events folded up to `fromMs` and up to `toMs` (events at `toMs` are the next range's). */
export function summarizeRange(events: Iterable<LifelineEvent>, fromMs: number, toMs: number): RangeSummary {
  const [from, to] = fromMs <= toMs ? [fromMs, toMs] : [toMs, fromMs];
  const summary = new SummaryFold();
  const series = new SeriesFold();
  let first: number | null = null;
  let last = 0;
  let before: Summary | null = null;
  /** The radio's joules at `from`, unrounded, read when `before` is. */
  let joulesBefore = 0;
  let cut = false;
  for (const e of events) {
    if (e.t >= to) {
      cut = true;
      break;
    }
    // Before the run's first event nothing has happened yet: the range counts from zero.
    if (before === null && e.t >= from) {
      before = first === null ? summary.result() : summary.result(from);
      joulesBefore = first === null ? summary.radio.joulesUntil() : summary.radio.joulesUntil(from);
    }
    first ??= e.t;
    last = Math.max(last, e.t);
    summary.push(e);
    series.push(e, summary);
  }
  // A range beyond the run's ends is cut to them: no time is counted that the log does not cover.
  const lo = Math.max(from, first ?? from);
  const hi = Math.max(lo, cut ? to : Math.min(to, last));
  const a = before ?? summary.result(lo);
  // The radio's joules spent in the range, unrounded: its joules and its rate per day are both read
  // from this one figure (scaled by a day, hundredths rounded at each edge became ±14 J/day a minute).
  const spent = summary.radio.joulesUntil(hi) - (before ? joulesBefore : summary.radio.joulesUntil(lo));
  const b = summary.result(hi);
  const radio = [...summary.radio.segments, ...summary.radio.projected(hi)];
  return {
    fromMs: lo,
    toMs: hi,
    deadSec: roundMs(b.deadSec - a.deadSec),
    natExpiries: b.natExpiries - a.natExpiries,
    disconnects: b.disconnects - a.disconnects,
    wakeups: b.wakeups - a.wakeups,
    terminations: b.terminations - a.terminations,
    pushes: {
      sent: b.pushes.sent - a.pushes.sent,
      delivered: b.pushes.delivered - a.pushes.delivered,
      lost: b.pushes.lost - a.pushes.lost,
      blocked: b.pushes.blocked - a.pushes.blocked,
    },
    energy: {
      joules: roundJoules(spent),
      joulesPerDay: joulesPerDay(spent, (hi - lo) / 1000),
      radioOnSec: roundMs(b.energy.radioOnSec - a.energy.radioOnSec),
    },
    lifecycleSec: timeIn(series.lifecycle, lo, hi),
    radioSec: timeIn(radio, lo, hi),
  };
}

/** Seconds each state held within [lo, hi); an open segment runs to hi. */
function timeIn<S extends string>(segments: readonly Segment<S>[], lo: number, hi: number): Partial<Record<S, number>> {
  const out: Partial<Record<S, number>> = {};
  for (const s of segments) {
    const ms = Math.min(s.to ?? hi, hi) - Math.max(s.from, lo);
    if (ms > 0) out[s.state] = roundMs((out[s.state] ?? 0) + ms / 1000);
  }
  return out;
}
