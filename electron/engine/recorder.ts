// Every component reports through the recorder; it stamps virtual time and fans events out to
// the session file, the summary fold and any live listener.
import type { Clock } from './clock/clock.ts';
import type { LifelineEvent } from '../../shared/log/events.ts';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type EventBody = DistributiveOmit<LifelineEvent, 't'>;
export type EventSink = (e: LifelineEvent) => void;

export class Recorder {
  private sinks: EventSink[] = [];
  /** While muted nothing is recorded: tearing the sockets down after the end is not part of the run. */
  muted = false;

  constructor(private readonly clock: Pick<Clock, 'now'>) {}

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
  }
}
