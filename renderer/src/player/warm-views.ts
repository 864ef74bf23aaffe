// Work a redraw would do, done ahead between a loading session's fold slices: a million-event
// session's views redraw at each quarter of the load, and each redraw walked every lane segment and
// idle point that had come in since the last one, in one task of the page (issue 16,
// docs/performance.md).
import type { Folds } from '../../../shared/player/folds.ts';
import { warmIdleEnvelope } from '../../../shared/view/idle-envelope.ts';
import { warmLaneColumns } from '../../../shared/view/lane-rects.ts';
import { OPTIONAL_LANES } from '../../../shared/view/lane-styles.ts';

/**
 * Every lane the page may draw of these folds (renderer/src/components/Lanes.tsx) and the chart's
 * idle envelope walked into their snapshots, for the window each was last drawn in.
 */
export function warmViews({ series, summary }: Folds): void {
  warmIdleEnvelope(series.idleT, series.idleY);
  for (const lane of [series.lifecycle, summary.radio.segments, series.connection, series.appSocket, series.flow]) warmLaneColumns(lane);
  for (const [, of] of OPTIONAL_LANES) warmLaneColumns(of(series));
}
