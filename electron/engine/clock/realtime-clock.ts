// The realtime driver: virtual time = wall time × speed (1–3600), for live demos and for the
// standalone server and NAT that real devices connect to.
import { performance } from 'node:perf_hooks';
import { BaseClock, type ClockDriver } from './clock.ts';

export const MAX_SPEED = 3600;

export class RealtimeClock extends BaseClock implements ClockDriver {
  readonly mode = 'realtime' as const;
  private base = 0;
  private wallAtBase = performance.now();
  /** Virtual time stands still until run(): setting up sockets is not part of the scenario. */
  private holding = true;
  private started = false;
  private handle: NodeJS.Timeout | null = null;

  constructor(private speed = 1) {
    super();
    checkSpeed(speed);
  }

  now(): number {
    return this.holding ? this.base : this.base + (performance.now() - this.wallAtBase) * this.speed;
  }

  get paused(): boolean {
    return this.holding;
  }

  get currentSpeed(): number {
    return this.speed;
  }

  private rebase(): void {
    this.base = this.now();
    this.wallAtBase = performance.now();
  }

  setSpeed(speed: number): void {
    checkSpeed(speed);
    this.rebase();
    this.speed = speed;
    this.armed();
  }

  pause(): void {
    if (this.holding) return;
    this.rebase();
    this.holding = true;
    this.disarm();
  }

  resume(): void {
    if (!this.holding || !this.started) return;
    this.wallAtBase = performance.now();
    this.holding = false;
    this.armed();
  }

  override run(endMs: number): Promise<void> {
    if (!this.started) {
      this.started = true;
      this.wallAtBase = performance.now();
      this.holding = false;
    }
    return super.run(endMs);
  }

  /** Time stops with the run: shutting sockets down is not part of the scenario either. */
  override stop(): void {
    this.disarm();
    if (!this.holding) {
      this.base = Math.min(this.now(), this.endMs);
      this.holding = true;
    }
    super.stop();
  }

  private disarm(): void {
    if (this.handle) clearTimeout(this.handle);
    this.handle = null;
  }

  protected armed(): void {
    if (this.stopped || this.holding || !this.finish) return;
    this.disarm();
    const next = this.queue.peek();
    const target = Math.min(next?.at ?? Infinity, this.endMs);
    // setTimeout cannot wait longer than ~24.8 days; re-arm in steps.
    const delay = Math.min(Math.max(0, (target - this.now()) / this.speed), 2 ** 31 - 1);
    this.handle = setTimeout(this.fire, delay);
  }

  private fire = (): void => {
    this.handle = null;
    const now = this.now();
    for (let next = this.queue.peek(); next && next.at <= now && next.at <= this.endMs; next = this.queue.peek()) {
      this.queue.pop();
      next.fn();
      if (this.stopped) return;
    }
    if (now >= this.endMs) return this.stop();
    this.armed();
  };
}

function checkSpeed(speed: number): void {
  if (!(speed >= 1 && speed <= MAX_SPEED)) throw new Error(`speed must be between 1 and ${MAX_SPEED}, got ${speed}`);
}
