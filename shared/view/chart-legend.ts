// Which entries the chart's legend lists: only the shapes this run draws (a plain heartbeat run has
// no PushKit or CallKit marks, so its legend does not name them). One definition for the page's
// legend and the e2e test that checks it against the run's events.
import type { MarkerKind, SeriesFold } from '../folds/series.ts';
import { MARKER_KINDS } from '../folds/marks-by-kind.ts';

export interface LegendContent {
  /** Marker kinds the run has. */
  markers: ReadonlySet<MarkerKind>;
  intervals: { client: boolean; server: boolean };
  /** A stretch believed up while a push would not arrive. */
  dead: boolean;
  /** A mark that never arrived (drawn hollow). */
  hollow: boolean;
  /** A mark with no line to sit on (drawn in the top band). */
  noMapping: boolean;
}

export function legendContent(series: Pick<SeriesFold, 'byKind' | 'undeliveredMarks' | 'offLineMarks' | 'intervals' | 'connection'>): LegendContent {
  return {
    markers: new Set(MARKER_KINDS.filter((k) => series.byKind.of(k).length > 0)),
    intervals: { client: series.intervals.client.length > 0, server: series.intervals.server.length > 0 },
    dead: series.connection.some((s) => s.state === 'dead'),
    hollow: series.undeliveredMarks > 0,
    noMapping: series.offLineMarks > 0,
  };
}

/** What one chart's key says: the shapes it draws, and the words around them. */
export interface ChartKey {
  has: LegendContent;
  timeoutSec: number;
  /** The push path the dead stretches are about (shared/folds/reachability.ts). */
  path: string;
  /** Zoomed out: the chart draws each bucket's longest idle. */
  envelope: boolean;
  /** A capture's idle gaps, not a run's belief. */
  capture: boolean;
}

/** One key for several charts (a compare): every entry any of them draws, each word once. */
export interface MergedKey {
  has: LegendContent;
  timeoutsSec: number[];
  paths: string[];
  envelope: boolean;
  capture: boolean;
}

export function mergeKeys(keys: readonly ChartKey[]): MergedKey {
  const unique = <T>(xs: T[]) => [...new Set(xs)];
  const some = (f: (h: LegendContent) => boolean) => keys.some((k) => f(k.has));
  return {
    has: {
      markers: new Set(keys.flatMap((k) => [...k.has.markers])),
      intervals: { client: some((h) => h.intervals.client), server: some((h) => h.intervals.server) },
      dead: some((h) => h.dead),
      hollow: some((h) => h.hollow),
      noMapping: some((h) => h.noMapping),
    },
    timeoutsSec: unique(keys.map((k) => k.timeoutSec)),
    paths: unique(keys.map((k) => k.path)),
    envelope: keys.some((k) => k.envelope),
    capture: keys.length > 0 && keys.every((k) => k.capture),
  };
}
