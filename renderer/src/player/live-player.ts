// The live source: a run in the engine (RunHost), through the contract. Events arrive in batches
// and are appended to the folds; pause, speed and live actions go back to the engine. It cannot
// seek: the future has not happened yet.
import { api } from '../bridge/index.ts';
import { Folds } from '../../../shared/player/folds.ts';
import type { Player, PlayerListener, PlayerState } from '../../../shared/player/player.ts';
import type { Scenario } from '../../../shared/scenario/scenario.ts';
import type { TimelineActionName } from '../../../shared/log/events.ts';
import type { Result } from '../../../shared/contract/contract.ts';

export class LivePlayer implements Player {
  readonly sourceId: string;
  private readonly folds = new Folds();
  private listener: PlayerListener | null = null;
  private state: PlayerState;
  private readonly offs: (() => void)[];

  constructor(
    readonly runId: number,
    scenario: Scenario,
    speed: number,
    /** Against your own server: no pause, no speed (its time is the wall clock's). */
    ownServer = false,
  ) {
    this.sourceId = `live-${runId}`;
    this.state = {
      sourceId: this.sourceId,
      name: scenario.name,
      status: 'running',
      nowMs: 0,
      startMs: 0,
      endMs: null,
      speed,
      capabilities: ownServer ? ['act'] : ['act', 'pause', 'speed'],
      seekSeq: 0,
      index: 0,
      total: 0,
      scenario,
    };
    this.offs = [
      api.on('run.events', (m) => {
        if (m.runId !== runId) return;
        this.folds.pushAll(m.events);
        const n = this.folds.events.length;
        this.emit({ nowMs: m.virtualMs, index: n, total: n });
      }),
      api.on('run.status', (m) => {
        if (m.runId !== runId) return;
        const over = m.status === 'done' || m.status === 'failed';
        this.emit({ status: m.status, nowMs: m.virtualMs, ...(over ? { endMs: m.virtualMs } : {}), ...(m.error ? { error: m.error } : {}) });
      }),
    ];
  }

  private emit(patch: Partial<PlayerState>): void {
    this.state = { ...this.state, ...patch };
    this.listener?.(this.state, this.folds);
  }

  setListener(fn: PlayerListener): void {
    this.listener = fn;
    fn(this.state, this.folds);
  }

  // Every control goes to the engine and its answer comes back: a refusal ("no run in progress")
  // is the caller's to show, never dropped.
  play(): Promise<Result<null>> {
    return api.invoke('run.resume', null);
  }

  pause(): Promise<Result<null>> {
    return api.invoke('run.pause', null);
  }

  stop(): Promise<Result<null>> {
    return api.invoke('run.stop', null);
  }

  async setSpeed(speed: number): Promise<Result<null>> {
    const r = await api.invoke('run.speed', { speed });
    if (r.ok) this.emit({ speed });
    return r;
  }

  /** The action lands at the virtual time this player last reported (what is on screen, realtime). */
  act(action: TimelineActionName): Promise<Result<null>> {
    return api.invoke('run.act', { action, atMs: this.state.nowMs });
  }

  close(): void {
    for (const off of this.offs) off();
    this.listener = null;
  }
}
