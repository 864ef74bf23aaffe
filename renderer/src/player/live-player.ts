// The live source: a run in the engine (RunHost), through the contract. Events arrive in batches
// and are appended to the folds; pause, speed and live actions go back to the engine. It cannot
// seek: the future has not happened yet.
import { api } from '../bridge/index.ts';
import { Folds } from '../../../shared/player/folds.ts';
import type { Player } from '../../../shared/player/player.ts';
import { SourcePlayer } from '../../../shared/player/source-player.ts';
import type { Scenario } from '../../../shared/scenario/scenario.ts';
import type { TimelineActionName } from '../../../shared/log/events.ts';
import type { Result } from '../../../shared/contract/contract.ts';

export class LivePlayer extends SourcePlayer implements Player {
  private readonly offs: (() => void)[];

  constructor(
    readonly runId: number,
    scenario: Scenario,
    speed: number,
    /** Against your own server: no pause, no speed (its time is the wall clock's). */
    ownServer = false,
  ) {
    super(
      {
        sourceId: `live-${runId}`,
        kind: 'live',
        name: scenario.name,
        status: 'running',
        progress: null,
        problems: [],
        nowMs: 0,
        startMs: 0,
        endMs: null,
        speed,
        capabilities: ownServer ? ['act'] : ['act', 'pause', 'speed'],
        seekSeq: 0,
        index: 0,
        total: 0,
        scenario,
      },
      new Folds(),
    );
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
        // An ended run ends at its last event: the engine's clock runs on while its sockets close,
        // and the chart, the lanes and the cards stop where the record does.
        const end = over ? (this.folds.events.at(-1)?.t ?? m.virtualMs) : m.virtualMs;
        this.emit({ status: m.status, nowMs: end, ...(over ? { endMs: end } : {}), ...(m.error ? { error: m.error } : {}) });
        // A run that ended whole may still say something went wrong beside it (its session file cut short).
        if (m.status === 'done' && m.error) this.report(m.error);
      }),
    ];
  }

  // Every control goes to the engine and its answer comes back: a refusal ("no run in progress")
  // is one of this source's problems, shown with it, never dropped.
  play(): Promise<Result<null>> {
    return this.heard('resume', api.invoke('run.resume', null));
  }

  pause(): Promise<Result<null>> {
    return this.heard('pause', api.invoke('run.pause', null));
  }

  stop(): Promise<Result<null>> {
    return this.heard('stop', api.invoke('run.stop', null));
  }

  async setSpeed(speed: number): Promise<Result<null>> {
    const r = await this.heard('speed', api.invoke('run.speed', { speed }));
    if (r.ok) this.emit({ speed });
    return r;
  }

  /** The action lands at the virtual time this player last reported (what is on screen, realtime). */
  act(action: TimelineActionName): Promise<Result<null>> {
    return this.heard(action, api.invoke('run.act', { action, atMs: this.state.nowMs }));
  }

  /** The engine's answer to a control: a refusal is reported as this source's problem. */
  private async heard(what: string, answer: Promise<Result<null>>): Promise<Result<null>> {
    const r = await answer;
    if (!r.ok) this.report(`${what}: ${r.error}`);
    return r;
  }

  override close(): void {
    for (const off of this.offs) off();
    super.close();
  }
}
