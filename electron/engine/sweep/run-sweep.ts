// Runs a sweep's scenarios in fast mode: across CPU cores in worker threads (the CLI), or
// several at a time in this process (the inspector's host, where a bundled main process has no
// worker file to start). Every run is independent, so the result does not depend on the order.
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { Simulation } from '../simulation.ts';
import { estimateEvents, type Scenario } from '../../../shared/scenario/scenario.ts';
import type { Summary } from '../../../shared/folds/summary.ts';

export interface SweepRunOptions {
  /**
   * 'workers': one worker thread per core; 'in-process': `concurrency` simulations at once here;
   * 'auto' (the CLI): workers for a sweep long enough to repay their start, else in-process.
   */
  parallel: 'workers' | 'in-process' | 'auto';
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
  /** Aborting stops the sweep at once: running simulations halt, workers end, runSweep rejects. */
  signal?: AbortSignal;
}

/** The error a cancelled sweep rejects with. */
export const SWEEP_CANCELLED = 'sweep cancelled';

/** A worker says `ready` once its modules have loaded, then answers each run it is sent. */
export type WorkerReply = { ready: true } | { i: number; summary: Summary } | { i: number; error: string };

/**
 * A worker thread spends about half a second of CPU loading the engine through tsx, and this
 * engine folds roughly 350 estimated events a millisecond: below this many a sweep is over before
 * a worker could help (20 × 24 h with a 30..600 s heartbeat: ≈ 100,000, 0.3 s in one thread, and
 * slower with workers), so it runs here, a few simulations interleaved on their sockets.
 */
export const WORKERS_FROM_EVENTS = 500_000;
const IN_PROCESS_LANES = 4;

/** How a sweep runs under 'auto'. */
export function sweepPlan(scenarios: readonly Scenario[]): 'workers' | 'in-process' {
  const events = scenarios.reduce((sum, s) => sum + estimateEvents(s), 0);
  return events >= WORKERS_FROM_EVENTS ? 'workers' : 'in-process';
}

export async function runSweep(scenarios: readonly Scenario[], opts: SweepRunOptions): Promise<Summary[]> {
  const plan = opts.parallel === 'auto' ? sweepPlan(scenarios) : opts.parallel;
  const lanes = opts.concurrency ?? (plan === 'workers' || opts.parallel !== 'auto' ? os.availableParallelism() : IN_PROCESS_LANES);
  const n = Math.max(1, Math.min(scenarios.length, lanes));
  if (opts.signal?.aborted) throw new Error(SWEEP_CANCELLED);
  return plan === 'workers' ? inWorkers(scenarios, n, opts.onProgress, opts.signal) : inProcess(scenarios, n, opts.onProgress, opts.signal);
}

/** A queue of runs that lanes (this thread, worker threads) take from until it is empty. */
class Jobs {
  private next = 0;
  private done = 0;
  readonly out: Summary[];
  /** Simulations running in this thread, halted on abort. */
  readonly running = new Set<Simulation>();

  constructor(
    readonly scenarios: readonly Scenario[],
    private readonly onProgress?: (done: number, total: number) => void,
    readonly signal?: AbortSignal,
  ) {
    this.out = new Array(scenarios.length);
    signal?.addEventListener('abort', () => {
      for (const sim of this.running) sim.halt(SWEEP_CANCELLED);
    }, { once: true });
  }

  take(): number | null {
    return this.next < this.scenarios.length && !this.signal?.aborted ? this.next++ : null;
  }

  finish(i: number, s: Summary): boolean {
    this.out[i] = s;
    this.done++;
    this.onProgress?.(this.done, this.scenarios.length);
    return this.complete;
  }

  get complete(): boolean {
    return this.done === this.scenarios.length;
  }
}

async function localLane(jobs: Jobs): Promise<void> {
  for (let i = jobs.take(); i !== null; i = jobs.take()) {
    const sim = new Simulation(jobs.scenarios[i]!, { mode: 'fast' });
    jobs.running.add(sim);
    try {
      jobs.finish(i, await sim.run());
    } finally {
      jobs.running.delete(sim);
    }
  }
  if (jobs.signal?.aborted) throw new Error(SWEEP_CANCELLED);
}

async function inProcess(scenarios: readonly Scenario[], n: number, onProgress?: (done: number, total: number) => void, signal?: AbortSignal): Promise<Summary[]> {
  const jobs = new Jobs(scenarios, onProgress, signal);
  await Promise.all(Array.from({ length: n }, () => localLane(jobs)));
  return jobs.out;
}

/**
 * n lanes: this thread from the first instant, and n − 1 worker threads that join once they have
 * loaded (a few hundred ms each through tsx). A worker takes its first run only when it says it is
 * ready: taken at 'online', before its modules load, a run waited there while this thread finished
 * every other one, and a short sweep took longer than one thread alone.
 */
function inWorkers(scenarios: readonly Scenario[], n: number, onProgress?: (done: number, total: number) => void, signal?: AbortSignal): Promise<Summary[]> {
  const jobs = new Jobs(scenarios, onProgress, signal);
  const workers: Worker[] = [];
  return new Promise<Summary[]>((resolve, reject) => {
    let over = false;
    signal?.addEventListener('abort', () => finish(new Error(SWEEP_CANCELLED)), { once: true });
    const finish = (err?: Error) => {
      if (over) return;
      over = true;
      for (const w of workers) void w.terminate();
      if (err) reject(err);
      else resolve(jobs.out);
    };
    const feed = (w: Worker) => {
      const i = jobs.take();
      if (i !== null) w.postMessage({ i, scenario: scenarios[i] });
    };
    for (let k = 1; k < n; k++) {
      const w = new Worker(new URL('./sweep-worker-entry.js', import.meta.url));
      workers.push(w);
      w.on('message', (m: WorkerReply) => {
        if ('ready' in m) return feed(w);
        if ('error' in m) return finish(new Error(`run ${m.i + 1}: ${m.error}`));
        if (jobs.finish(m.i, m.summary)) return finish();
        feed(w);
      });
      w.on('error', (e) => finish(e));
      // A worker that stops without a word would leave its run unfinished for ever.
      w.on('exit', (code) => finish(new Error(`a sweep worker stopped (exit code ${code})`)));
    }
    localLane(jobs).then(
      () => {
        // This thread is out of work: done, or the last runs are still in workers.
        if (jobs.complete) finish();
      },
      (e: Error) => finish(e),
    );
  });
}
