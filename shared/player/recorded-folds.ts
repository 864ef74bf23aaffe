// A recorded session's full folds and their checkpoints, built one event at a time: the inspector
// folds a big session while it loads (chunk by chunk, between frames), and the player then opens
// on these folds instead of folding a million events again.
import type { LifelineEvent } from '../log/events.ts';
import { checkpoint, type FoldCheckpoint } from './checkpoint.ts';
import { Folds } from './folds.ts';

/**
 * A seek refolds at most this many events from its checkpoint: at 8,192 that refold was a quarter
 * of a page seek in a million-event session; at 2,048 the checkpoints (the folds' small state and
 * array lengths, some hundreds of them) stay a few MB of that session's heap.
 */
export const CHECKPOINT_EVERY = 2048;

export interface FoldsCheckpoint {
  index: number;
  summary: FoldCheckpoint;
  series: FoldCheckpoint;
}

export class RecordedFolds {
  readonly full = new Folds();
  /** One every `every` events, the first before event 0. */
  readonly checkpoints: FoldsCheckpoint[] = [];

  constructor(readonly every = CHECKPOINT_EVERY) {}

  push(e: LifelineEvent): void {
    const index = this.full.events.length;
    if (index % this.every === 0) this.checkpoints.push({ index, summary: checkpoint(this.full.summary), series: checkpoint(this.full.series) });
    this.full.push(e);
  }
}
