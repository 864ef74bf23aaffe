// A capture's card figures, read from the flow lane (SeriesFold.flow) at the cursor: the lane and
// the cards are one definition, so the cards say what the lane draws. A capture's events invent no
// connection (shared/capture/capture-events.ts), so a run's reachability figures (disconnects, dead
// time, connected share) have nothing to count there.
import type { FlowLaneState, Segment } from './series.ts';
import { roundMs } from '../util/time-format.ts';
import { ratio } from './summary.ts';

export interface FlowFigures {
  /** Gaps over the NAT timeout, and the FIN or RST that ended the connection. */
  breaks: number;
  /** Time idle past the NAT timeout: from each such timeout to the next packet. */
  overTimeoutSec: number;
  /** The share of the capture so far that was no longer idle than the NAT timeout (1 with nothing yet). */
  withinRatio: number;
}

/** The flow lane's figures up to `atMs` (segments that start later are not yet shown). */
export function flowFigures(flow: readonly Segment<FlowLaneState>[], atMs: number): FlowFigures {
  let breaks = 0;
  let overMs = 0;
  let withinMs = 0;
  for (const s of flow) {
    if (s.from > atMs) break;
    const ms = Math.max(0, Math.min(s.to ?? atMs, atMs) - s.from);
    if (s.state !== 'within-timeout') breaks++;
    if (s.state === 'over-timeout') overMs += ms;
    else if (s.state === 'within-timeout') withinMs += ms;
  }
  const elapsed = flow.length > 0 ? Math.max(0, atMs - flow[0]!.from) : 0;
  return { breaks, overTimeoutSec: roundMs(overMs / 1000), withinRatio: elapsed > 0 ? ratio(withinMs, elapsed) : 1 };
}
