// The fast driver: a discrete-event loop that jumps to the next timer as soon as the traffic
// ledger says every hop is quiescent. Real bytes still cross real sockets; only idle waiting is
// skipped.
import { BaseClock, type ClockDriver } from './clock.ts';

export class FastClock extends BaseClock implements ClockDriver {
  readonly mode = 'fast' as const;
  private t = 0;
  private scheduled = false;
  private holding = false;

  constructor(private readonly isBusy: () => boolean) {
    super();
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
