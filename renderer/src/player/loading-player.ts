// A source while it opens: a recorded session whose folds grow chunk by chunk (open-file.ts) — the
// views draw what has arrived, like a live run in fast mode, so the first chart is up long before a
// million events are in — or a capture being scanned, or a compare's runs being made. Its progress
// is in its state. It cannot play or seek yet; once loaded, a RecordedPlayer takes over (the same
// folds for a session: store.openHostSession).
import { Folds } from '../../../shared/player/folds.ts';
import type { LoadProgress, Player, SourceKind } from '../../../shared/player/player.ts';
import { SourcePlayer } from '../../../shared/player/source-player.ts';
import type { Scenario } from '../../../shared/scenario/scenario.ts';

export class LoadingPlayer extends SourcePlayer implements Player {
  constructor(sourceId: string, kind: SourceKind, name: string, progress: LoadProgress, scenario: Scenario | null = null, folds = new Folds()) {
    super({ sourceId, kind, name, status: 'running', progress, problems: [], nowMs: 0, startMs: 0, endMs: null, speed: 1, capabilities: [], seekSeq: 0, index: 0, total: 0, scenario }, folds);
  }

  /** The folds grew: `total` lines of the file in all. */
  grew(total: number): void {
    const events = this.folds.events;
    this.emit({ startMs: events[0]?.t ?? 0, nowMs: events.at(-1)?.t ?? 0, index: events.length, total });
  }

  play(): void {}
  pause(): void {}
}
