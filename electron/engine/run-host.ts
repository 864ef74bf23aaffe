// The engine side of the contract, shared by the Electron main process and browser mode: one live
// run at a time, requests validated on arrival, events sent in batches (≤ 30 a second).
import { Simulation } from './simulation.ts';
import { checkRequest, EVENT_BATCH_MS, type InvokeChannels, type PushChannel, type PushChannels, type Result, type RunStatus } from '../../shared/contract.ts';
import { PRESETS } from '../../shared/presets.ts';
import { ScenarioError, validateScenario, type Scenario } from '../../shared/scenario.ts';
import type { LifelineEvent } from '../../shared/events.ts';
import { applyValues, combinations, parseSetSpec, recommend, SweepError, type SweepResult } from '../../shared/sweep.ts';
import { runSweep } from './sweep/run-sweep.ts';

export type Push = <C extends PushChannel>(channel: C, message: PushChannels[C]) => void;

const ok = <T>(value: T): Result<T> => ({ ok: true, value });
const fail = (error: string): Result<never> => ({ ok: false, error });

export class RunHost {
  private sim: Simulation | null = null;
  private runId = 0;
  private pending: LifelineEvent[] = [];
  private flushTimer: NodeJS.Timeout | null = null;
  private status: RunStatus = 'idle';

  constructor(private readonly push: Push) {}

  /** Handles one request from an untrusted sender. Never throws. */
  async handle(channel: unknown, payload: unknown): Promise<unknown> {
    try {
      const c = checkRequest(channel, payload);
      if (!c.ok) return fail(c.error);
      return await this.dispatch(c.value.channel, c.value.req);
    } catch (e) {
      return fail(e instanceof Error ? e.message : String(e));
    }
  }

  private async dispatch(channel: keyof InvokeChannels, req: unknown): Promise<unknown> {
    switch (channel) {
      case 'presets.list':
        return PRESETS;
      case 'scenario.validate':
        return this.validate((req as InvokeChannels['scenario.validate']['req']).scenario);
      case 'run.start':
        return this.start(req as InvokeChannels['run.start']['req']);
      case 'run.pause':
        return this.withSim((s) => s.pause());
      case 'run.resume':
        return this.withSim((s) => s.resume());
      case 'run.stop':
        return this.withSim((s) => s.stop());
      case 'run.speed': {
        const { speed } = req as InvokeChannels['run.speed']['req'];
        return this.withSim((s) => s.clock.setSpeed(speed));
      }
      case 'run.act': {
        const { action, atMs } = req as InvokeChannels['run.act']['req'];
        return this.withSim((s) => s.act(action, 'live', atMs));
      }
      case 'sweep.run':
        return this.sweep(req as InvokeChannels['sweep.run']['req']);
    }
  }

  /**
   * One field over a range, every value a fast run. In this process, two at a time: a bundled
   * Electron main process has no worker file to start, and the runs mostly wait on loopback I/O.
   */
  private async sweep(req: InvokeChannels['sweep.run']['req']): Promise<Result<SweepResult>> {
    const v = this.validate(req.scenario);
    if (!v.ok) return v;
    let scenarios: Scenario[];
    let combos;
    try {
      combos = combinations([parseSetSpec(`${req.field}=${req.from}..${req.to}:${req.step}`)]);
      scenarios = combos.map((values) => applyValues(v.value, values));
    } catch (e) {
      if (e instanceof SweepError) return fail(e.message);
      throw e;
    }
    const summaries = await runSweep(scenarios, { parallel: 'in-process', concurrency: 2, onProgress: (done, total) => this.push('sweep.progress', { done, total }) });
    const rows = combos.map((values, i) => ({ values, summary: summaries[i]! }));
    return ok({ fields: [req.field], rows, recommended: recommend(rows) });
  }

  private validate(value: unknown): Result<Scenario> {
    try {
      return ok(validateScenario(value, 'scenario'));
    } catch (e) {
      if (e instanceof ScenarioError) return fail(e.message);
      throw e;
    }
  }

  /** `fn` may refuse with a reason the user sees. */
  private withSim(fn: (s: Simulation) => string | null | void): Result<null> {
    const s = this.sim;
    if (!s || (s.status !== 'running' && s.status !== 'paused')) return fail('no run in progress');
    const refused = fn(s);
    if (refused) return fail(refused);
    this.sendStatus();
    return ok(null);
  }

  private start(req: InvokeChannels['run.start']['req']): Result<{ runId: number }> {
    const v = this.validate(req.scenario);
    if (!v.ok) return v;
    this.sim?.stop();
    this.flush();
    const runId = ++this.runId;
    // The old run keeps recording while it shuts down (its run.end): those events are its own and
    // must never reach the new run's stream.
    const sim = new Simulation(v.value, { mode: req.mode, speed: req.speed, onEvent: (e) => {
      if (runId === this.runId) this.pending.push(e);
    } });
    this.sim = sim;
    this.status = 'running';
    this.flushTimer ??= setInterval(() => this.flush(), EVENT_BATCH_MS);
    sim.run().then(
      (summary) => this.finish(runId, 'done', summary),
      (e: Error) => this.finish(runId, 'failed', undefined, e.message),
    );
    return ok({ runId });
  }

  private finish(runId: number, status: RunStatus, summary?: PushChannels['run.status']['summary'], error?: string): void {
    if (runId !== this.runId) return;
    this.flush();
    this.status = status;
    this.push('run.status', { runId, status, virtualMs: this.sim?.clock.now() ?? 0, ...(summary ? { summary } : {}), ...(error ? { error } : {}) });
    if (this.flushTimer) clearInterval(this.flushTimer);
    this.flushTimer = null;
  }

  /** One message per tick at most: the events (which carry the clock), or else a status. */
  private flush(): void {
    if (this.pending.length) {
      const events = this.pending;
      this.pending = [];
      this.push('run.events', { runId: this.runId, events, virtualMs: this.sim?.clock.now() ?? 0 });
    } else if (this.status === 'running' || this.status === 'paused') this.sendStatus();
  }

  /** Progress while a run goes on; only finish() says 'done', with the summary. */
  private sendStatus(): void {
    const s = this.sim;
    if (!s || s.status === 'done') return;
    this.status = s.status === 'paused' ? 'paused' : 'running';
    this.push('run.status', { runId: this.runId, status: this.status, virtualMs: s.clock.now() });
  }

  dispose(): void {
    this.sim?.stop();
    if (this.flushTimer) clearInterval(this.flushTimer);
    this.flushTimer = null;
  }
}
