// How a metric reads on screen, in one place: the cards, the compare cards and the range panel
// show the same number the same way (durations: shared/util/time-format.ts formatDuration).
import { formatDuration } from '../util/time-format.ts';

export function formatJoules(j: number): string {
  return j >= 1000 ? `${(j / 1000).toFixed(1)} kJ` : `${j.toFixed(1)} J`;
}

export const formatPercent = (x: number) => `${(x * 100).toFixed(1)}%`;

/** A span that can be a fraction of a second (a radio promotion): tenths under 10 s, else a duration. */
export const formatSpan = (sec: number) => (sec > 0 && sec < 10 ? `${(Math.round(sec * 10) / 10).toFixed(1)} s` : formatDuration(sec));
