// The folds every view of a source is drawn from: the events themselves, the summary and the chart
// series, all appended to one event at a time (never recomputed on a batch). A seek refolds from a
// checkpoint instead of undoing (see player/recorded-player.ts).
import type { LifelineEvent } from '../log/events.ts';
import { SeriesFold } from '../folds/series.ts';
import { SummaryFold } from '../folds/summary.ts';

export class Folds {
  constructor(
    readonly events: LifelineEvent[] = [],
    readonly summary = new SummaryFold(),
    readonly series = new SeriesFold(),
  ) {}

  push(e: LifelineEvent): void {
    this.events.push(e);
    this.summary.push(e);
    this.series.push(e, this.summary);
  }

  pushAll(events: Iterable<LifelineEvent>): this {
    for (const e of events) this.push(e);
    return this;
  }
}
