// Times and durations as a person reads them: clock-style times on the chart axis and in the
// event table, round ticks, and rounded durations ("54 min 14 s") on the cards and in the CLI.

/** `withHours`: always show hours, so every tick of an axis that reaches an hour reads alike. */
export function formatTime(ms: number, withHours = false): string {
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return h > 0 || withHours ? `${h}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}` : `${m}:${String(sec).padStart(2, '0')}`;
}

/** To the millisecond, always with hours, for the event table: "1:23:45.678". */
export function formatTimeMs(ms: number): string {
  const whole = Math.floor(ms);
  const s = Math.floor(whole / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${h}:${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}.${String(whole % 1000).padStart(3, '0')}`;
}

/** Tick steps a person reads at a glance: seconds, minutes, then round hours and days. */
const TICK_STEPS_SEC = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800];

/** Ticks on round values (whole hours at long spans), at most about `most` across the window. */
export function timeTicks(t0: number, t1: number, most: number): number[] {
  const span = t1 - t0;
  if (!(span > 0) || most < 1) return [];
  const stepSec = TICK_STEPS_SEC.find((s) => (span / 1000) / s <= most) ?? Math.ceil(span / 1000 / most / 86400) * 86400;
  const step = stepSec * 1000;
  const out: number[] = [];
  for (let t = Math.ceil(t0 / step) * step; t <= t1; t += step) out.push(t);
  return out;
}

/**
 * A duration in seconds, rounded to what a reader (or a room) takes in: "4 s", "54 min 14 s",
 * "3 h 2 min". The exact number stays in the summary JSON.
 */
export function formatDuration(sec: number): string {
  const s = Math.round(sec);
  if (s < 60) return `${s} s`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (h > 0) return m > 0 ? `${h} h ${m} min` : `${h} h`;
  const rest = s % 60;
  return rest > 0 ? `${m} min ${rest} s` : `${m} min`;
}

/** Seconds as a reader needs them from a capture: to the millisecond (20.028, not 20.028485). */
export const roundMs = (sec: number): number => Math.round(sec * 1000) / 1000;

/** A span of a capture, to the millisecond; one shorter than half a millisecond but not nil is said to be. */
export const formatSecMs = (sec: number): string => (sec > 0 && roundMs(sec) === 0 ? '< 0.001 s' : `${roundMs(sec)} s`);
