// The fast driver: a discrete-event loop that jumps to the next timer as soon as the traffic
// ledger says every hop is quiescent. Real bytes still cross real sockets; only idle waiting is
// skipped.
import { performance } from 'node:perf_hooks';
import { BaseClock, type ClockDriver } from './clock.ts';

/** Wall time the system may stay busy without any progress before the run is declared stalled. */
export const STALL_MS = 10_000;

export class FastClock extends BaseClock implements ClockDriver {
  readonly mode = 'fast' as const;
  private t = 0;
  private scheduled = false;
  private holding = false;
  private watchdog: NodeJS.Timeout | null = null;
  /** Set when the run stalled: what the ledger was still waiting for. */
  stalled: string | null = null;

  constructor(
    private readonly isBusy: () => boolean,
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
      this.stalled = `fast clock stalled at t=${this.t} ms for ${this.stallMs} ms of wall time, waiting for: ${this.describeBusy()}`;
      this.stop();
    }, Math.max(50, this.stallMs / 4));
  }

  override run(endMs: number): Promise<void> {
    this.startWatchdog();
    return super.run(endMs);
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

  private step = (): void => {
    this.scheduled = false;
    this.lastStep = performance.now();
    if (this.stopped || this.holding || this.isBusy()) return;
    const next = this.queue.peek();
    if (!next || next.at > this.endMs) {
      this.t = Math.max(this.t, Math.min(this.endMs, next?.at ?? this.endMs));
      this.stop();
      return;
    }
    this.queue.pop();
    this.t = next.at;
    next.fn();
    this.armed();
  };

  pause(): void {
    this.holding = true;
  }

  resume(): void {
    this.holding = false;
    this.armed();
  }

  setSpeed(): void {
    // Fast mode has no speed: it runs as fast as the sockets allow.
  }
}
