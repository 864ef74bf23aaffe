// A recorded session's full folds and their checkpoints, built one event at a time: the inspector
// folds a big session while it loads (chunk by chunk, between frames), and the player then opens
// on these folds instead of folding a million events again.
import type { LifelineEvent } from '../log/events.ts';
import { checkpoint, type FoldCheckpoint } from './checkpoint.ts';
import { Folds } from './folds.ts';

/**
 * A seek refolds at most this many events from its checkpoint. Tried at 2,048: a page seek's refold
 * went from about a fifth to an eighth of its CPU, but its p95 did not move, and folding a
 * million-event session with its checkpoints took 1.5–1.9× as long (docs/performance.md).
 */
export const CHECKPOINT_EVERY = 8192;

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
