// Every component reports through the recorder; it stamps virtual time and fans events out to
// the session file, the summary fold and any live listener. It is also the run's backstop: a run
// that records more than its budget, or piles events into one virtual millisecond, is stopped
// (docs/design.md "Bounded runs"), whatever a scenario or a live client asked for.
import type { Clock } from './clock/clock.ts';
import type { LifelineEvent } from '../../shared/log/events.ts';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type EventBody = DistributiveOmit<LifelineEvent, 't'>;
export type EventSink = (e: LifelineEvent) => void;

export interface RecordLimits {
  /** Most events in the run. */
  maxEvents: number;
  /** Most events stamped with one virtual millisecond: more means virtual time has stopped moving. */
  maxPerMs: number;
  /** Called once, with the limit crossed and the latest events (oldest first; at a per-ms hit, that millisecond's), then nothing more is recorded. */
  onLimit: (hit: LimitHit) => void;
}

export interface LimitHit {
  limit: 'events' | 'per-ms';
  count: number;
  t: number;
  recent: LifelineEvent[];
}

/** How many of the latest events a limit hit carries, to tell what drove the run. */
const RECENT = 2048;

export class Recorder {
  private sinks: EventSink[] = [];
  /** While muted nothing is recorded: tearing the sockets down after the end is not part of the run. */
  muted = false;
  private count = 0;
  private msT = -1;
  private msCount = 0;
  /**
   * Only the events a limit hit would carry are kept: this millisecond's (the latest RECENT of
   * them, a ring once past that), and the latest ones once the run is within RECENT of its budget.
   * A ring of every run's latest events kept each one alive through the next young-generation GC,
   * which then copied them all (≈ 5 % of a 24 h run's CPU, docs/performance.md "Simulation").
   */
  private msEvents: LifelineEvent[] = [];
  private readonly budgetTail: LifelineEvent[] = [];

  constructor(
    private readonly clock: Pick<Clock, 'now'>,
    private readonly limits: RecordLimits | null = null,
  ) {}

  addSink(sink: EventSink): void {
    this.sinks.push(sink);
  }

  /** Records the run's last event; nothing after it is recorded (sockets still closing). */
  last(body: EventBody): void {
    this.muted = false;
    this.record(body);
    this.muted = true;
  }

  record(body: EventBody): void {
    if (this.muted) return;
    const e = { t: Math.round(this.clock.now()), ...body } as LifelineEvent;
    for (const s of this.sinks) s(e);
    if (this.limits) this.check(e, this.limits);
  }

  /** Counting is a few compares per event; what is kept for a limit hit is read only when one happens. */
  private check(e: LifelineEvent, l: RecordLimits): void {
    this.count++;
    if (e.t === this.msT) this.msCount++;
    else {
      this.msT = e.t;
      this.msCount = 1;
      this.msEvents = [];
    }
    if (this.msCount <= RECENT) this.msEvents.push(e);
    else this.msEvents[(this.msCount - 1) % RECENT] = e;
    if (this.count > l.maxEvents - RECENT) this.budgetTail.push(e);
    const limit = this.count >= l.maxEvents ? 'events' : this.msCount >= l.maxPerMs ? 'per-ms' : null;
    if (!limit || e.kind === 'run.end') return;
    this.muted = true;
    // Virtual time never goes back: the latest events at a per-ms hit are this millisecond's.
    const ms = this.msEvents;
    const from = this.msCount > RECENT ? this.msCount % RECENT : 0;
    const recent = limit === 'events' ? this.budgetTail.slice(-RECENT) : [...ms.slice(from), ...ms.slice(0, from)];
    l.onLimit({ limit, count: limit === 'events' ? this.count : this.msCount, t: e.t, recent });
  }
}
