// A recorded session while it loads: its folds grow chunk by chunk (open-file.ts), and the views
// draw what has arrived, like a live run in fast mode, so the first chart is up long before a
// million events are in. It cannot play or seek yet; once loaded, a RecordedPlayer takes over the
// same folds (store.openHostSession).
import type { Folds } from '../../../shared/player/folds.ts';
import type { Player, PlayerListener, PlayerState } from '../../../shared/player/player.ts';
import type { Scenario } from '../../../shared/scenario/scenario.ts';

export class LoadingPlayer implements Player {
  private listener: PlayerListener | null = null;
  private state: PlayerState;

  constructor(
    readonly sourceId: string,
    name: string,
    scenario: Scenario,
    private readonly folds: Folds,
  ) {
    this.state = { sourceId, name, status: 'running', nowMs: 0, startMs: 0, endMs: null, speed: 1, capabilities: [], seekSeq: 0, index: 0, total: 0, scenario };
  }

  /** The folds grew: `total` lines of the file in all. */
  grew(total: number): void {
    const events = this.folds.events;
    this.state = { ...this.state, startMs: events[0]?.t ?? 0, nowMs: events.at(-1)?.t ?? 0, index: events.length, total };
    this.listener?.(this.state, this.folds);
  }

  setListener(fn: PlayerListener): void {
    this.listener = fn;
    fn(this.state, this.folds);
  }

  play(): void {}
  pause(): void {}
  close(): void {
    this.listener = null;
  }
}
