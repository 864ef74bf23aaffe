// Which entries the chart's legend lists: only the shapes this run draws (a plain heartbeat run has
// no PushKit or CallKit marks, so its legend does not name them). One definition for the page's
// legend and the e2e test that checks it against the run's events.
import type { MarkerKind, SeriesFold } from '../folds/series.ts';

export interface LegendContent {
  /** Marker kinds the run has, in the order MARKERS lists them. */
  markers: ReadonlySet<MarkerKind>;
  intervals: { client: boolean; server: boolean };
  /** A stretch believed up while a push would not arrive. */
  dead: boolean;
  /** A mark that never arrived (drawn hollow). */
  hollow: boolean;
  /** A mark with no line to sit on (drawn in the top band). */
  noMapping: boolean;
}

export function legendContent(series: Pick<SeriesFold, 'markers' | 'intervals' | 'connection'>): LegendContent {
  const markers = new Set<MarkerKind>();
  let hollow = false;
  let noMapping = false;
  for (const m of series.markers) {
    markers.add(m.kind);
    if (m.delivered === false) hollow = true;
    if (m.y === null) noMapping = true;
  }
  return {
    markers,
    intervals: { client: series.intervals.client.length > 0, server: series.intervals.server.length > 0 },
    dead: series.connection.some((s) => s.state === 'dead'),
    hollow,
    noMapping,
  };
}
