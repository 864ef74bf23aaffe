// The legend's mark entries as the fold counts them, and the same read the long way (every mark),
// for the tests that check the one against the other.
import type { Marker, SeriesFold } from '../../shared/folds/series.ts';
import { legendContent } from '../../shared/view/chart-legend.ts';

export function legendMarks(series: SeriesFold) {
  const c = legendContent(series);
  return { markers: c.markers, hollow: c.hollow, noMapping: c.noMapping };
}

export const walkLegendMarks = (markers: readonly Marker[]) => ({
  markers: new Set(markers.map((m) => m.kind)),
  hollow: markers.some((m) => m.delivered === false),
  noMapping: markers.some((m) => m.y === null),
});
