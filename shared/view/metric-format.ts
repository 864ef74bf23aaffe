// How a metric reads on screen, in one place: the cards, the compare cards and the range panel
// show the same number the same way (durations: shared/util/time-format.ts formatDuration).
import { formatDuration } from '../util/time-format.ts';

/**
 * Joules to what the fold keeps (hundredths): a short range's few hundredths read as such, not as
 * "0.0 J"; a tenth is enough from 1 J.
 */
export function formatJoules(j: number): string {
  if (j >= 1000) return `${(j / 1000).toFixed(1)} kJ`;
  return j > 0 && j < 1 ? `${j.toFixed(2)} J` : `${j.toFixed(1)} J`;
}

/** A rate of energy, as the Radio energy card and the range panel write it. */
export const formatJoulesPerDay = (j: number) => `${formatJoules(j)}/day`;

export const formatPercent = (x: number) => `${(x * 100).toFixed(1)}%`;

/** A span that can be a fraction of a second (a radio promotion): tenths under 10 s, else a duration. */
export const formatSpan = (sec: number) => (sec > 0 && sec < 10 ? `${(Math.round(sec * 10) / 10).toFixed(1)} s` : formatDuration(sec));

/**
 * A card value's pieces that stay whole, split where a line may break when its row is short of
 * room. Only durations break, the widest values: two ("58 min 46 s / 1 h 3 min") after the "/", one
 * to a line; one ("3 h 56 min") between its parts. Counts ("0 / 7 / 0", "24 of 24"), percentages and
 * energies stay on one line.
 */
export function valuePieces(value: string): string[] {
  if (!/\d (s|min|h)\b/.test(value)) return [value];
  const figures = value.includes(' / ');
  const out: string[] = [];
  for (const word of value.split(' ')) {
    const last = out.at(-1);
    const breaks = last !== undefined && (figures ? last.endsWith('/') : /^\d/.test(word));
    if (last === undefined || breaks) out.push(word);
    else out[out.length - 1] = `${last} ${word}`;
  }
  return out;
}
