// A recorded session as a player source: the whole file is folded once on open (with checkpoints),
// then play, pause, speed, seek, step and jump move a cursor over it. Folds only append; a seek
// backwards (or far forwards) restores the nearest checkpoint and folds at most CHECKPOINT_EVERY
// events, so a seek in a 1,000,000-event session stays under 100 ms in Node (p95, `npm run bench`).
import type { LifelineEvent } from '../log/events.ts';
import type { Scenario } from '../scenario/scenario.ts';
import { growFrom, prefixOf, restore } from './checkpoint.ts';
import { Folds } from './folds.ts';
import { RecordedFolds, type FoldsCheckpoint } from './recorded-folds.ts';
import { countBefore, countUpTo, JUMP_KINDS, nextMoment, type JumpKind, type Player, type PlayerState, type SourceKind, type Ticker, REPLAY_SPEEDS } from './player.ts';
import { SourcePlayer } from './source-player.ts';

/** Playback advances the cursor this often: about 30 updates a second, like a live run's batches. */
const TICK_MS = 33;

export interface RecordedSource {
  sourceId: string;
  name: string;
  scenario: Scenario | null;
  events: readonly LifelineEvent[];
  /** The events already folded (with checkpoints) while the session loaded, if they were. */
  folded?: RecordedFolds;
}

/** What a recorded source is besides its events: its kind, and what went wrong reading it. */
export interface RecordedOptions {
  kind?: SourceKind;
  problems?: readonly string[];
  checkpointEvery?: number;
}

export class RecordedPlayer extends SourcePlayer implements Player {
  private readonly events: readonly LifelineEvent[];
  private readonly full: Folds;
  private readonly checkpoints: readonly FoldsCheckpoint[];
  /** The checkpoint the player's own folds were last restored from (folded on after it). */
  private restoredFrom: FoldsCheckpoint | undefined;
  private stopTicker: (() => void) | null = null;
  private lastWall = 0;

  private readonly every: number;

  constructor(
    src: RecordedSource,
    private readonly ticker: Ticker,
    { kind = 'session', problems = [], checkpointEvery }: RecordedOptions = {},
  ) {
    let folded = src.folded;
    if (!folded || folded.full.events.length !== src.events.length || (checkpointEvery && checkpointEvery !== folded.every)) {
      folded = new RecordedFolds(checkpointEvery);
      for (const e of src.events) folded.push(e);
    }
    const startMs = src.events[0]?.t ?? 0;
    const endMs = src.events.at(-1)?.t ?? 0;
    // Opened at its end, on the full folds: a session shows what the live run showed when it finished.
    super(
      {
        sourceId: src.sourceId,
        kind,
        name: src.name,
        status: 'done',
        progress: null,
        problems,
        nowMs: endMs,
        startMs,
        endMs,
        speed: 60,
        capabilities: ['pause', 'seek', 'speed'],
        seekSeq: 0,
        index: src.events.length,
        total: src.events.length,
        scenario: src.scenario,
      },
      folded.full,
    );
    this.events = src.events;
    this.every = folded.every;
    this.checkpoints = folded.checkpoints;
    this.full = folded.full;
  }

  get current(): { state: PlayerState; folds: Folds } {
    return { state: this.state, folds: this.folds };
  }

  play(): void {
    if (this.stopTicker) return;
    if (this.state.index >= this.events.length) this.moveTo(0, this.state.startMs);
    this.lastWall = this.ticker.now();
    this.stopTicker = this.ticker.every(TICK_MS, () => this.tick());
    this.emit({ status: 'running' });
  }

  pause(): void {
    this.halt();
    this.emit({ status: this.state.index >= this.events.length ? 'done' : 'paused' });
  }

  private halt(): void {
    this.stopTicker?.();
    this.stopTicker = null;
  }

  override close(): void {
    this.halt();
    super.close();
  }

  setSpeed(x: number): void {
    const speed = Math.min(REPLAY_SPEEDS.at(-1)!, Math.max(REPLAY_SPEEDS[0], x));
    this.emit({ speed });
  }

  /** Advances virtual time by the wall time since the last tick × speed. */
  tick(): void {
    const wall = this.ticker.now();
    const dt = (wall - this.lastWall) * this.state.speed;
    this.lastWall = wall;
    const end = this.state.endMs ?? this.state.nowMs;
    const now = Math.min(end, this.state.nowMs + dt);
    const done = now >= end;
    if (done) this.halt();
    this.moveTo(countUpTo(this.events, now), now, done ? { status: 'done' } : {});
  }

  seek(ms: number): void {
    const now = Math.min(this.state.endMs ?? ms, Math.max(this.state.startMs, ms));
    this.moveTo(countUpTo(this.events, now), now);
  }

  step(dir: 1 | -1): void {
    // By instant, not by line: the views cannot show half of the events of one instant.
    if (dir === 1) {
      const e = this.events[this.state.index];
      if (e) this.moveTo(countUpTo(this.events, e.t), e.t);
      return;
    }
    const before = countBefore(this.events, this.state.nowMs);
    const t = before > 0 ? this.events[before - 1]!.t : this.state.startMs;
    this.moveTo(before > 0 ? before : 0, t);
  }

  jumpTarget(kind: JumpKind, dir: 1 | -1): number | null {
    const now = this.state.nowMs;
    return nextMoment(JUMP_KINDS[kind].moments(this.full), now, this.state.index < countUpTo(this.events, now), dir);
  }

  jump(kind: JumpKind, dir: 1 | -1): boolean {
    const t = this.jumpTarget(kind, dir);
    if (t === null) return false;
    this.moveTo(countUpTo(this.events, t), t);
    return true;
  }

  /** Puts the cursor after `index` events, at virtual time `now`. */
  private moveTo(index: number, now: number, extra: Partial<PlayerState> = {}): void {
    const have = this.folds.events.length;
    const status = extra.status ?? (this.stopTicker ? 'running' : index >= this.events.length ? 'done' : 'paused');
    if (index >= have && this.folds !== this.full && index - have <= this.every) {
      // Playing on: append.
      for (let i = have; i < index; i++) this.folds.push(this.events[i]!);
      this.emit({ ...extra, status, index, nowMs: now });
      return;
    }
    if (index === have && this.folds === this.full) return this.emit({ ...extra, status, nowMs: now });
    this.folds = this.rebuild(index);
    this.emit({ ...extra, status, index, nowMs: now, seekSeq: this.state.seekSeq + 1 });
  }

  /**
   * Folds holding the first `index` events: the nearest checkpoint, then fewer than `every` events.
   * The player's own folds are reused (cut or extended in place); the full folds are never touched.
   */
  private rebuild(index: number): Folds {
    const cp = this.checkpoints[Math.min(this.checkpoints.length - 1, Math.floor(index / this.every))];
    if (!cp) return new Folds();
    const reuse = this.folds !== this.full ? this.folds : undefined;
    const events = reuse ? reuse.events : prefixOf(this.events, cp.index);
    if (events.length > cp.index) events.length = cp.index;
    growFrom(events, this.events, cp.index);
    const dirty = reuse ? this.restoredFrom : undefined;
    const folds = new Folds(events, restore(cp.summary, this.full.summary, reuse?.summary, dirty?.summary), restore(cp.series, this.full.series, reuse?.series, dirty?.series));
    this.restoredFrom = cp;
    for (let i = cp.index; i < index; i++) folds.push(this.events[i]!);
    return folds;
  }
}
