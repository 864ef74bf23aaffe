// The time axis's ticks, chosen from how wide their labels are: the inspector's chart (page and
// projector type) and the SVG export ask the same question. A fixed "one tick per 90 px" let
// projector labels (20 px type, "0:55:00" ≈ 77 px) meet, and the last one, pulled in from the
// chart's edge, ran into its neighbour (issue 17 §5).
import { formatTime, timeTicks } from '../util/time-format.ts';
import { textWidthPx } from './text-width.ts';

/** A time's character width in ems, a little over (digits are ≈ 0.55 em, colons less): an estimate that errs wide. */
const TIME_CHAR_EM = 0.62;
/** Clear space between two labels, in ems: they read as separate times (at page type, about the 90 px a tick the axis always had). */
const GAP_EM = 2;

/** A tick label's estimated width in pixels. */
export const tickLabelPx = (text: string, fontPx: number): number => textWidthPx(text, fontPx, TIME_CHAR_EM);

/** Ticks show hours once the window reaches an hour, so every tick of the axis reads alike. */
export const tickHours = (t1: number): boolean => t1 >= 3_600_000;

/**
 * Round ticks for `t0`..`t1` over a plot `plotPx` wide whose labels, in `fontPx` type, never meet.
 * `rightRoomPx`: the room past the plot's end for the last label; a label wider than twice that is
 * pulled in to end at the edge (HeartbeatChart's TimeTick), so the last gap must take that shift too.
 * The widest label is the window's end (times only lengthen).
 */
export function axisTicks(t0: number, t1: number, plotPx: number, fontPx: number, rightRoomPx: number): number[] {
  const label = tickLabelPx(formatTime(t1, tickHours(t1)), fontPx);
  const pulledIn = Math.max(0, label / 2 - rightRoomPx);
  const pitch = label + GAP_EM * fontPx + pulledIn;
  return timeTicks(t0, t1, Math.max(1, Math.floor(plotPx / pitch)));
}
