// Which entries the chart's legend lists: only the shapes this run draws (a plain heartbeat run has
// no PushKit or CallKit marks, so its legend does not name them). One definition for the page's
// legend, the SVG export's (shared/view/chart-svg.ts) and the tests that check them against the run's
// events: the entries and their words are listed once, here.
import type { MarkerKind, SeriesFold } from '../folds/series.ts';
import { MARKER_KINDS } from '../folds/marks-by-kind.ts';
import { PUSH_PATHS } from '../folds/reachability.ts';
import { DEAD_FILL, INTERVAL_COLORS, MARKERS } from './chart-view.ts';

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

/** One chart's key as the page and the SVG export both build it from the run's series. */
export function chartKey(
  series: Pick<SeriesFold, 'natIdleTimeoutSec' | 'via'> & Parameters<typeof legendContent>[0],
  drawn: { envelope: boolean; capture: boolean },
  has: LegendContent = legendContent(series),
): ChartKey {
  return { has, timeoutSec: series.natIdleTimeoutSec, path: PUSH_PATHS[series.via].label, ...drawn };
}

/**
 * One entry of the key: `id` names it (the page's `data-legend`, the export's too), `label` is its
 * words, and the rest says which swatch to draw; each medium draws the swatch in its own way (React
 * with the page's theme, SVG text for the export) but the entries and their words are these.
 */
export type LegendEntry = { id: string; label: string } & (
  | { swatch: 'idle' | 'nat-timeout' | 'dead' | 'envelope' | 'hollow' | 'no-mapping' }
  | { swatch: 'interval'; side: keyof typeof INTERVAL_COLORS }
  | { swatch: 'marker'; kind: MarkerKind }
);

/** The key's entries in the order the page lists them: only what the chart (or the compared charts) draws. */
export function legendEntries({ has, timeoutsSec, paths, envelope, capture }: MergedKey): LegendEntry[] {
  const out: LegendEntry[] = [
    { id: 'idle', swatch: 'idle', label: 'seconds since the NAT saw traffic' },
    { id: 'nat-timeout', swatch: 'nat-timeout', label: `NAT idle timeout (${timeoutsSec.join(' s / ')} s)` },
  ];
  if (has.dead) out.push({ id: 'dead', swatch: 'dead', label: capture ? 'idle past the NAT timeout, until the next packet' : DEAD_FILL.label(paths.join(' / ')) });
  if (envelope) out.push({ id: 'envelope', swatch: 'envelope', label: 'longest idle per bucket (zoomed out)' });
  for (const side of Object.keys(INTERVAL_COLORS) as (keyof typeof INTERVAL_COLORS)[]) {
    if (has.intervals[side]) out.push({ id: `${side}-interval`, swatch: 'interval', side, label: `${side} heartbeat interval` });
  }
  for (const kind of Object.keys(MARKERS) as MarkerKind[]) {
    if (has.markers.has(kind)) out.push({ id: `marker-${kind}`, swatch: 'marker', kind, label: MARKERS[kind].label });
  }
  if (has.hollow) out.push({ id: 'hollow', swatch: 'hollow', label: 'hollow: never arrived (a push lost, a PING dropped) · above the red line: after its mapping expired' });
  if (has.noMapping) out.push({ id: 'no-mapping', swatch: 'no-mapping', label: 'top band: no NAT mapping' });
  return out;
}
