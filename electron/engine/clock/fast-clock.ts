// The fast driver: a discrete-event loop that jumps to the next timer as soon as the traffic
// ledger says every hop is quiescent. Real bytes still cross real sockets; only idle waiting is
// skipped. The realtime driver is this loop with a wait before each step (realtime-clock.ts).
import { performance } from 'node:perf_hooks';
import { BaseClock, type ClockDriver } from './clock.ts';

/** Wall time the system may stay busy without any progress before the run is declared stalled. */
export const STALL_MS = 10_000;

/**
 * Timers fired in one turn of the event loop while the system stays quiescent: a timer that set
 * nothing in flight (a wake window ending) leaves nothing for I/O callbacks to do, so the next one
 * fires at once instead of a turn later. Bounded, so other work in the process (another client)
 * still gets its turn.
 */
const STEPS_PER_TURN = 16;

export class FastClock extends BaseClock implements ClockDriver {
  readonly mode: 'fast' | 'realtime' = 'fast';
  /** Virtual time of the last thing that happened: a timer fired, or a live action pinned. */
  protected t = 0;
  private scheduled = false;
  protected holding = false;
  private watchdog: NodeJS.Timeout | null = null;
  stalled: string | null = null;

  constructor(
    protected readonly isBusy: () => boolean,
    private readonly describeBusy: () => string = () => 'unknown',
    private readonly stallMs = STALL_MS,
  ) {
    super();
  }

  /**
   * Every loop ends by itself: if bytes or closes the ledger waits for never arrive (a bug, or a
   * peer that hangs), the run stops with a report instead of waiting forever. Steps only stamp
   * the time; one interval timer checks it.
   */
  private lastStep = 0;

  private startWatchdog(): void {
    this.lastStep = performance.now();
    this.watchdog = setInterval(() => {
      if (this.holding || !this.isBusy()) {
        this.lastStep = performance.now();
        return;
      }
      if (performance.now() - this.lastStep < this.stallMs) return;
      this.stalled = `${this.mode} clock stalled at t=${Math.round(this.now())} ms for ${this.stallMs} ms of wall time, waiting for: ${this.describeBusy()}`;
      this.stop();
    }, Math.max(50, this.stallMs / 4));
  }

  /** A run stopped before it began (a client stopped it while its sockets were opening) starts no watchdog. */
  override run(endMs: number): Promise<void> {
    const done = super.run(endMs);
    // A clock stopped before it ran has nothing to watch: a watchdog started anyway would never be
    // cleared (stop() already ran) and would keep the process, and its Simulation, alive.
    if (!this.stopped) this.startWatchdog();
    return done;
  }

  override stop(): void {
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = null;
    super.stop();
  }

  now(): number {
    return this.t;
  }

  get paused(): boolean {
    return this.holding;
  }

  /** Fast mode has no flowing time between timers: an action lands at the present. */
  pin(_atMs?: number): number {
    return this.t;
  }

  /** The ledger calls this when the system may have become quiescent. */
  kick(): void {
    this.armed();
  }

  protected armed(): void {
    if (this.scheduled || this.stopped || this.holding || !this.finish) return;
    this.scheduled = true;
    // One turn of the event loop between timers lets any I/O callbacks already due run first.
    setImmediate(this.step);
  }

  /** The system is quiescent. Realtime: virtual time may flow again. */
  protected settled(): void {}

  /** Wall milliseconds to wait before virtual time reaches `target`; 0 in fast mode. */
  protected waitFor(_target: number): number {
    return 0;
  }

  /** Realtime: sleep `ms` of wall time, then step again. */
  protected sleep(_ms: number): void {
    throw new Error('Invariant: the fast clock never sleeps');
  }

  /** A timer due at `at` is about to fire. */
  protected firing(at: number): void {
    this.t = at;
  }

  private step = (): void => {
    this.scheduled = false;
    this.lastStep = performance.now();
    for (let k = 0; k < STEPS_PER_TURN; k++) {
      if (this.stopped || this.holding || this.isBusy()) return;
      this.settled();
      const next = this.queue.peek();
      const last = !next || next.at > this.endMs;
      const target = last ? this.endMs : next.at;
      const wait = this.waitFor(target);
      if (wait > 0) return this.sleep(wait);
      if (last) {
        this.t = Math.max(this.t, Math.min(this.endMs, next?.at ?? this.endMs));
        this.stop();
        return;
      }
      this.queue.pop();
      this.firing(next.at);
      next.fn();
    }
    this.armed();
  };

  pause(): void {
    this.holding = true;
  }

  resume(): void {
    this.holding = false;
    this.armed();
  }

  setSpeed(_speed: number): void {
    // Fast mode has no speed: it runs as fast as the sockets allow.
  }
}
