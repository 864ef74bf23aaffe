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
  /** Called once, with the limit crossed and the latest events (oldest first), then nothing more is recorded. */
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
  private readonly recent: LifelineEvent[] = [];

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

  /** Counting is a few compares per event; the ring of recent events is read only when a limit is hit. */
  private check(e: LifelineEvent, l: RecordLimits): void {
    this.recent[this.count % RECENT] = e;
    this.count++;
    if (e.t === this.msT) this.msCount++;
    else {
      this.msT = e.t;
      this.msCount = 1;
    }
    const limit = this.count >= l.maxEvents ? 'events' : this.msCount >= l.maxPerMs ? 'per-ms' : null;
    if (!limit || e.kind === 'run.end') return;
    this.muted = true;
    const n = Math.min(this.count, RECENT);
    const recent = Array.from({ length: n }, (_, i) => this.recent[(this.count - n + i) % RECENT]!);
    l.onLimit({ limit, count: limit === 'events' ? this.count : this.msCount, t: e.t, recent });
  }
}
