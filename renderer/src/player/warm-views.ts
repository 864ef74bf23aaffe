// Work a redraw would do, done ahead between a loading session's fold slices: a million-event
// session's views redraw at each quarter of the load, and each redraw walked every lane segment and
// idle point that had come in since the last one, in one task of the page (issue 16,
// docs/performance.md).
import type { Folds } from '../../../shared/player/folds.ts';
import { warmIdleEnvelope } from '../../../shared/view/idle-envelope.ts';
import { warmLaneColumns } from '../../../shared/view/lane-rects.ts';
import { OPTIONAL_LANES, stateLanes } from '../../../shared/view/lane-styles.ts';

/**
 * The chart's idle envelope and every lane a run's view draws of these folds (the lists
 * renderer/src/components/Lanes.tsx draws) walked into their snapshots, for the window each was
 * last drawn in (or, for the envelope, is expected in).
 */
export function warmViews({ series, summary }: Folds): void {
  warmIdleEnvelope(series.idleT, series.idleY);
  for (const lane of stateLanes(series, summary)) warmLaneColumns(lane.segments);
  for (const [, of] of OPTIONAL_LANES) warmLaneColumns(of(series));
}
