// What every player does the same way (docs/design.md "The player"): it owns its PlayerState, hands
// it and its folds to one listener, and carries its load progress and its problems in that state, so
// a view shows them with the source and the store keeps no copy of them.
import type { Folds } from './folds.ts';
import type { LoadProgress, PlayerListener, PlayerState } from './player.ts';

export abstract class SourcePlayer {
  private listener: PlayerListener | null = null;

  constructor(
    protected state: PlayerState,
    protected folds: Folds,
  ) {}

  get sourceId(): string {
    return this.state.sourceId;
  }

  setListener(fn: PlayerListener): void {
    this.listener = fn;
    fn(this.state, this.folds);
  }

  protected emit(patch: Partial<PlayerState>): void {
    this.state = { ...this.state, ...patch };
    this.listener?.(this.state, this.folds);
  }

  setProgress(progress: LoadProgress | null): void {
    const p = this.state.progress;
    if (p === progress || (p && progress && p.label === progress.label && p.fraction === progress.fraction)) return;
    this.emit({ progress });
  }

  report(problem: string): void {
    this.emit({ problems: [...this.state.problems, problem] });
  }

  dismissProblems(): void {
    if (this.state.problems.length > 0) this.emit({ problems: [] });
  }

  close(): void {
    this.listener = null;
  }
}
