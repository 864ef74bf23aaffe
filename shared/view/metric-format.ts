// How a metric reads on screen, in one place: the cards, the compare cards and the range panel
// show the same number the same way (durations: shared/util/time-format.ts formatDuration).

export function formatJoules(j: number): string {
  return j >= 1000 ? `${(j / 1000).toFixed(1)} kJ` : `${j.toFixed(1)} J`;
}

export const formatPercent = (x: number) => `${(x * 100).toFixed(1)}%`;
