// The realtime driver: fast mode paced to the wall clock (docs/design.md "The clock"). Virtual time
// flows at speed × wall time only while the system is quiescent; it stands still from the moment a
// timer fires (or a live action lands) until every byte and close it caused has been seen, and
// every timer runs at its due virtual time. So a realtime run with no live action tells exactly
// the fast run's story, at any speed, on a machine of any speed.
import { performance } from 'node:perf_hooks';
import { FastClock } from './fast-clock.ts';
import { MAX_SPEED } from '../../../shared/contract/contract.ts';


/**
 * How far behind the wall clock virtual time may fall and still catch up (a late setTimeout, a
 * busy event loop): beyond this the lag is dropped, so a stalled moment never turns into a burst
 * of unpaced timers.
 */
const MAX_CATCH_UP_MS = 50;

export class RealtimeClock extends FastClock {
  override readonly mode = 'realtime' as const;
  /** Wall time at which virtual time was `t` (only meaningful while time flows). */
  private wallAtT: number;
  /** Time stands still: a timer fired or an action landed, and the system is not quiescent yet. */
  private frozen = false;
  private frozenSince = 0;
  private started = false;
  private handle: NodeJS.Timeout | null = null;

  constructor(
    private speed = 1,
    isBusy: () => boolean = () => false,
    describeBusy?: () => string,
    /** Wall milliseconds; a test passes its own to step time without depending on machine speed. */
    private readonly wall: () => number = () => performance.now(),
  ) {
    super(isBusy, describeBusy);
    checkSpeed(speed);
    this.wallAtT = wall();
    // Virtual time stands still until run(): setting up sockets is not part of the scenario.
    this.holding = true;
  }

  override now(): number {
    if (this.holding || this.frozen) return this.t;
    const flowing = this.t + (this.wall() - this.wallAtT) * this.speed;
    // Time never passes a timer that has not fired yet, nor the end of the run.
    return Math.min(flowing, this.queue.peek()?.at ?? Infinity, this.endMs);
  }

  get currentSpeed(): number {
    return this.speed;
  }

  override pin(atMs?: number): number {
    const present = this.now();
    // Nothing happened between `t` (the last timer or action) and the present, so an action the
    // user asked for at any moment in between can land exactly there.
    const at = atMs === undefined ? present : Math.min(present, Math.max(this.t, atMs));
    // While time flows, `at` is paired with this wall instant, so time flows on from where the
    // action landed. Left paired with the wall time of the old `t`, the catch-up in settled() would
    // move time ahead by up to MAX_CATCH_UP_MS × speed at once (180 s at 3600×). Frozen or paused,
    // time already stands at `t`.
    if (!this.frozen && !this.holding) this.wallAtT = this.wall();
    this.t = at;
    this.freeze();
    this.armed();
    return at;
  }

  protected override firing(at: number): void {
    // The wall time at which `at` was due: a late wake-up is caught up (within bounds) once the
    // system settles, instead of slowing the run down.
    this.wallAtT += (at - this.t) / this.speed;
    this.t = at;
    this.freeze();
  }

  private freeze(): void {
    if (!this.frozen) this.frozenSince = this.wall();
    this.frozen = true;
  }

  protected override settled(): void {
    if (!this.frozen) return;
    const wall = this.wall();
    this.wallAtT = Math.max(this.wallAtT + (wall - this.frozenSince), wall - MAX_CATCH_UP_MS);
    this.frozen = false;
  }

  protected override waitFor(target: number): number {
    const v = this.now();
    return v >= target ? 0 : Math.min((target - v) / this.speed, 2 ** 31 - 1);
  }

  protected override sleep(ms: number): void {
    this.disarm();
    this.handle = setTimeout(() => {
      this.handle = null;
      this.armed();
    }, ms);
  }

  protected override armed(): void {
    // A new timer may be due before the one being slept for.
    this.disarm();
    super.armed();
  }

  private disarm(): void {
    if (this.handle) clearTimeout(this.handle);
    this.handle = null;
  }

  override setSpeed(speed: number): void {
    checkSpeed(speed);
    if (!this.holding && !this.frozen) {
      this.t = this.now();
      this.wallAtT = this.wall();
    }
    this.speed = speed;
    this.armed();
  }

  override pause(): void {
    if (this.holding) return;
    this.t = this.now();
    this.holding = true;
    this.disarm();
  }

  override resume(): void {
    if (!this.holding || !this.started) return;
    this.wallAtT = this.wall();
    if (this.frozen) this.frozenSince = this.wallAtT;
    super.resume();
  }

  override run(endMs: number): Promise<void> {
    // Stopped before it ran: time stays where stop() left it.
    if (!this.started && !this.stopped) {
      this.started = true;
      this.wallAtT = this.wall();
      // What the launch set in motion (connects, the first lines) happens at t = 0, as in fast mode.
      this.frozen = false;
      this.freeze();
      this.holding = false;
    }
    return super.run(endMs);
  }

  /** Time stops with the run: shutting sockets down is not part of the scenario either. */
  override stop(): void {
    this.disarm();
    if (!this.holding) {
      this.t = Math.min(this.now(), this.endMs);
      this.holding = true;
    }
    super.stop();
  }
}

function checkSpeed(speed: number): void {
  if (!(speed >= 1 && speed <= MAX_SPEED)) throw new Error(`speed must be between 1 and ${MAX_SPEED}, got ${speed}`);
}
