// One virtual clock for every timer in a run (docs/design.md "The clock"), with two drivers: fast
// (jump to the next timer as soon as the system is quiescent) and realtime (the same, paced to the wall).
import { TimerQueue, type Timer } from './timer-queue.ts';
import type { ClockMode } from '../../../shared/log/events.ts';

export type { Timer };

export interface Clock {
  readonly mode: ClockMode;
  /** Virtual milliseconds since the run started. */
  now(): number;
  after(delayMs: number, fn: () => void): Timer;
  cancel(t: Timer | null | undefined): void;
}

export interface ClockDriver extends Clock {
  /** Runs until `endMs` of virtual time (timers due exactly at `endMs` run), or until stop(). */
  run(endMs: number): Promise<void>;
  stop(): void;
  pause(): void;
  resume(): void;
  setSpeed(speed: number): void;
  /**
   * Something outside the timer queue (a live action) is about to happen: pin virtual time so
   * that it happens at `atMs` when given (the time the user saw), never before the last thing
   * that already happened, and never after the present. Returns the pinned time.
   */
  pin(atMs?: number): number;
  readonly paused: boolean;
  /** Set when a run stalled: what the system was still waiting for. */
  readonly stalled: string | null;
}

/** Shared timer bookkeeping; drivers decide when time moves. */
export abstract class BaseClock {
  protected queue = new TimerQueue();
  protected endMs = Infinity;
  protected stopped = false;
  protected finish: (() => void) | null = null;

  abstract now(): number;
  protected abstract armed(): void;

  after(delayMs: number, fn: () => void): Timer {
    if (!(delayMs >= 0)) throw new Error(`Invariant: timer delay must be >= 0, got ${delayMs}`);
    const t = this.queue.add(this.now() + delayMs, fn);
    this.armed();
    return t;
  }

  cancel(t: Timer | null | undefined): void {
    if (t) this.queue.cancel(t);
  }

  run(endMs: number): Promise<void> {
    this.endMs = endMs;
    // Stopped before it started (Ctrl-C while the sockets were being set up): nothing to run.
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      this.finish = resolve;
      this.armed();
    });
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.finish?.();
  }
}
