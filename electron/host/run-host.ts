// The engine side of the contract, shared by the Electron main process and browser mode: one live
// run at a time, requests validated on arrival, events sent in batches (≤ 30 a second). One host
// per client (a window, a WebSocket): what it runs belongs to that client, within the client's
// limits (client-limits.ts), and dispose() stops all of it when the client goes.
import { Simulation } from '../engine/simulation.ts';
import { checkRequest, EVENT_BATCH_MS, type InvokeChannel, type InvokeChannels, type InvokeHandlers, type InvokeReq, type InvokeRes, type PushChannel, type PushChannels, type Result, type RunStatus } from '../../shared/contract/contract.ts';
import { PRESETS } from '../../shared/scenario/presets.ts';
import { ScenarioError, validateScenario, type Scenario } from '../../shared/scenario/scenario.ts';
import { checkOwnServer, OWN_SERVER_TIME, ServerUrlError, type OwnServerSpec } from '../../shared/scenario/own-server.ts';
import type { LifelineEvent } from '../../shared/log/events.ts';
import { applyValues, combinations, parseSetSpec, recommend, SweepError, type SweepResult } from '../../shared/scenario/sweep.ts';
import { runSweep, SWEEP_CANCELLED } from '../engine/sweep/run-sweep.ts';
import { SessionStore } from '../capture/session-store.ts';
import type { SessionWriter } from '../capture/session-file.ts';
import { CaptureHost } from '../capture/capture-host.ts';
import { ClientQuota } from './client-limits.ts';

export type Push = <C extends PushChannel>(channel: C, message: PushChannels[C]) => void;

const ok = <T>(value: T): Result<T> => ({ ok: true, value });
const fail = (error: string): Result<never> => ({ ok: false, error });

export class RunHost {
  private sim: Simulation | null = null;
  private runId = 0;
  private pending: LifelineEvent[] = [];
  private flushTimer: NodeJS.Timeout | null = null;
  private status: RunStatus = 'idle';

  /** Captures among the files named on the command line or opened in the native dialog. */
  private readonly captures: CaptureHost;

  /** Simulations of this client still going: the live one and any winding down, each with its end. */
  private readonly running = new Map<Simulation, Promise<void>>();
  /** The client's sweep, to cancel, and its end. */
  private sweepAbort: AbortController | null = null;
  private sweeping: Promise<unknown> = Promise.resolve();

  /**
   * `sessions`: files named on the command line and the data folder runs are recorded into.
   * `quota`: what this client may have going at once (one object per client).
   */
  constructor(
    private readonly push: Push,
    private readonly sessions = new SessionStore(),
    readonly quota = new ClientQuota(),
  ) {
    let lastPush = 0;
    // Progress at most ~30 times a second, like every other push.
    this.captures = new CaptureHost((id) => sessions.captureFile(id), (id, fraction) => {
      const now = Date.now();
      if (fraction < 1 && now - lastPush < EVENT_BATCH_MS) return;
      lastPush = now;
      push('capture.progress', { id, fraction });
    });
  }

  /** The contract's engine side: one handler per channel; a wrong response type fails the typecheck. */
  private readonly handlers: InvokeHandlers = {
    'presets.list': async () => PRESETS,
    'scenario.validate': async ({ scenario }) => this.validate(scenario),
    'run.start': async (req) => this.start(req),
    'run.pause': async () => this.withSim((s) => s.pause()),
    'run.resume': async () => this.withSim((s) => s.resume()),
    'run.stop': async () => this.withSim((s) => s.stop()),
    'run.speed': async ({ speed }) => this.withSim((s) => s.setSpeed(speed)),
    'run.act': async ({ action, atMs }) => this.withSim((s) => s.act(action, 'live', atMs)),
    'session.startup': async () => this.sessions.startup(),
    'session.read': async ({ id, offset }) => this.sessions.read(id, offset),
    'capture.scan': async ({ id }) => this.captures.scan(id),
    'capture.packets': async ({ id, conn, offset }) => this.captures.packets(id, conn, offset),
    'capture.nat': async ({ id, conn }) => this.captures.nat(id, conn),
    'session.list': async () => this.sessions.list(),
    'session.delete': async ({ id }) => this.sessions.delete(id),
    'session.rename': async ({ id, name }) => this.sessions.rename(id, name),
    'sweep.run': async (req) => this.sweep(req),
    'sweep.cancel': async () => (this.sweepAbort ? (this.sweepAbort.abort(), ok(null)) : fail('no sweep in progress')),
  };

  /** Handles one request from an untrusted sender. Never throws. */
  async handle(channel: unknown, payload: unknown): Promise<unknown> {
    try {
      const c = checkRequest(channel, payload);
      if (!c.ok) return fail(c.error);
      return await this.invoke(c.value.channel, c.value.req as InvokeReq<typeof c.value.channel>);
    } catch (e) {
      return fail(e instanceof Error ? e.message : String(e));
    }
  }

  /** The typed entry (tests and in-process callers); `handle` validates first, then comes here. */
  invoke<C extends InvokeChannel>(channel: C, req: InvokeReq<C>): Promise<InvokeRes<C>> {
    // Own keys only (checkRequest already refused the rest): `handlers[channel]` is this channel's handler.
    const h = this.handlers[channel] as (req: InvokeReq<C>) => Promise<InvokeRes<C>>;
    return h(req);
  }

  /**
   * One field over a range, every value a fast run. In this thread (the host thread, in both
   * Electron and browser mode), two at a time: the bundle emits no sweep worker to start, and the
   * runs mostly wait on loopback I/O.
   */
  private async sweep(req: InvokeChannels['sweep.run']['req']): Promise<Result<SweepResult>> {
    // The slot first: a refusal costs nothing, so a flood of requests cannot keep the host busy
    // (expanding and checking up to MAX_SWEEP_RUNS scenarios is the costly part).
    const slot = this.quota.take('sweeps');
    if ('refused' in slot) return fail(`sweep.run: ${slot.refused}`);
    const abort = new AbortController();
    this.sweepAbort = abort;
    try {
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
      const running = runSweep(scenarios, { parallel: 'in-process', concurrency: 2, signal: abort.signal, onProgress: (done, total) => this.push('sweep.progress', { done, total }) });
      this.sweeping = running.catch(() => {});
      const summaries = await running;
      const rows = combos.map((values, i) => ({ values, summary: summaries[i]! }));
      return ok({ fields: [req.field], rows, recommended: recommend(rows) });
    } catch (e) {
      if (abort.signal.aborted) return fail(SWEEP_CANCELLED);
      throw e;
    } finally {
      slot.release();
      if (this.sweepAbort === abort) this.sweepAbort = null;
    }
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

  /** The form's server checked against the scenario, as the CLI checks --server. */
  private ownServer(scenario: Scenario, req: InvokeChannels['run.start']['req']): Result<OwnServerSpec | undefined> {
    if (!req.server) return ok(undefined);
    if (req.mode !== 'realtime' || req.speed !== 1) return fail(`server: ${OWN_SERVER_TIME}`);
    try {
      return ok(checkOwnServer(scenario, 'scenario', req.server.url, req.server.pushUrl, { url: 'server.url', push: 'server.pushUrl' }).spec);
    } catch (e) {
      if (e instanceof ServerUrlError || e instanceof ScenarioError) return fail(e.message);
      throw e;
    }
  }

  private start(req: InvokeChannels['run.start']['req']): Result<{ runId: number }> {
    const v = this.validate(req.scenario);
    if (!v.ok) return v;
    const own = this.ownServer(v.value, req);
    if (!own.ok) return own;
    const server = own.value;
    const slot = this.quota.take('runs');
    if ('refused' in slot) return fail(`run.start: ${slot.refused}`);
    // Every run started in the inspector is also recorded to its own session file, capped in
    // size, so it can be replayed and compared later. A file that cannot even be opened (a full
    // disk) refuses the run before anything else changes, and gives its slot back.
    const scenario = v.value;
    const cap = this.quota.limits.sessionBytes;
    let writer: SessionWriter | null;
    try {
      writer = this.sessions.record(scenario, 'lifeline inspector', {
        maxBytes: cap,
        server: server?.url.display,
        // Only the cap is the client's limit to name; a full disk is the machine's.
        onFull: (why, overCap) => sim.halt(`${why}${overCap ? ', the cap on runs started by a client (lifeline serve --max-session-mb)' : ''}; the session file keeps the run up to here`),
      });
    } catch (e) {
      slot.release();
      return fail(`run.start: cannot write the session file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
    this.sim?.stop();
    this.flush();
    const runId = ++this.runId;
    // The old run keeps recording while it shuts down (its run.end): those events are its own and
    // must never reach the new run's stream.
    let events = 0;
    let wallClock = new Date().toISOString();
    const sim: Simulation = new Simulation(scenario, { mode: req.mode, speed: req.speed, ...(server ? { server } : {}), onEvent: (e) => {
      if (runId === this.runId) this.pending.push(e);
      if (e.kind === 'run.start') wallClock = e.wallClock;
      events++;
      writer?.write(e);
    } });
    this.sim = sim;
    this.status = 'running';
    this.flushTimer ??= setInterval(() => this.flush(), EVENT_BATCH_MS);
    // The file is whole and listed (from the run's own summary) before the client hears the end.
    const ended = async (status: RunStatus, summary?: PushChannels['run.status']['summary'], error?: string) => {
      if (writer) {
        await writer.close();
        this.sessions.finished(writer, scenario, wallClock, summary ?? sim.summary.result(), events);
        // A fast run's lines reach the disk after it ended: a disk that filled up then cut the
        // file, though the run itself is whole. The client hears it with the end.
        if (writer.writeFailed && !error) error = `${writer.stopped}; the session file keeps the run up to its last whole line`;
      }
      this.finish(runId, sim, status, summary, error);
    };
    const done = sim.run().then(
      (summary) => ended('done', summary),
      (e: Error) => ended('failed', undefined, e.message),
    ).finally(() => {
      slot.release();
      this.running.delete(sim);
    });
    this.running.set(sim, done);
    return ok({ runId });
  }

  private finish(runId: number, sim: Simulation, status: RunStatus, summary?: PushChannels['run.status']['summary'], error?: string): void {
    const final = { runId, status, virtualMs: sim.clock.now(), ...(summary ? { summary } : {}), ...(error ? { error } : {}) };
    // A run superseded by a newer one still ends for its client: its player leaves 'running'.
    if (runId !== this.runId) return this.push('run.status', final);
    this.flush();
    this.status = status;
    this.push('run.status', final);
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

  /**
   * The client is gone: its runs and its sweep stop, their files are closed. Resolves once they
   * have wound down (each run's teardown is bounded: sockets on loopback).
   */
  async dispose(): Promise<void> {
    this.sweepAbort?.abort();
    for (const sim of this.running.keys()) sim.stop();
    if (this.flushTimer) clearInterval(this.flushTimer);
    this.flushTimer = null;
    await Promise.all([...this.running.values(), this.sweeping]);
  }
}
