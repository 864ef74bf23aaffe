// Runs a sweep's scenarios in fast mode: across CPU cores in worker threads (the CLI), or
// several at a time in this process (the inspector's host, where a bundled main process has no
// worker file to start). Every run is independent, so the result does not depend on the order.
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { Simulation } from '../simulation.ts';
import type { Scenario } from '../../../shared/scenario.ts';
import type { Summary } from '../../../shared/summary.ts';

export interface SweepRunOptions {
  /** 'workers': one worker thread per core; 'in-process': `concurrency` simulations at once here. */
  parallel: 'workers' | 'in-process';
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
}

export type WorkerReply = { i: number; summary: Summary } | { i: number; error: string };

export async function runSweep(scenarios: readonly Scenario[], opts: SweepRunOptions): Promise<Summary[]> {
  const n = Math.max(1, Math.min(scenarios.length, opts.concurrency ?? os.availableParallelism()));
  return opts.parallel === 'workers' ? inWorkers(scenarios, n, opts.onProgress) : inProcess(scenarios, n, opts.onProgress);
}

async function inProcess(scenarios: readonly Scenario[], n: number, onProgress?: (done: number, total: number) => void): Promise<Summary[]> {
  const out: Summary[] = new Array(scenarios.length);
  let next = 0;
  let done = 0;
  const lane = async () => {
    while (next < scenarios.length) {
      const i = next++;
      out[i] = await new Simulation(scenarios[i]!, { mode: 'fast' }).run();
      onProgress?.(++done, scenarios.length);
    }
  };
  await Promise.all(Array.from({ length: n }, lane));
  return out;
}

function inWorkers(scenarios: readonly Scenario[], n: number, onProgress?: (done: number, total: number) => void): Promise<Summary[]> {
  const out: Summary[] = new Array(scenarios.length);
  let next = 0;
  let done = 0;
  const workers: Worker[] = [];
  return new Promise<Summary[]>((resolve, reject) => {
    const finish = (err?: Error) => {
      for (const w of workers) void w.terminate();
      if (err) reject(err);
      else resolve(out);
    };
    const feed = (w: Worker) => {
      if (next < scenarios.length) {
        const i = next++;
        w.postMessage({ i, scenario: scenarios[i] });
      }
    };
    for (let k = 0; k < n; k++) {
      const w = new Worker(new URL('./sweep-worker-entry.js', import.meta.url));
      workers.push(w);
      w.on('message', (m: WorkerReply) => {
        if ('error' in m) return finish(new Error(`run ${m.i + 1}: ${m.error}`));
        out[m.i] = m.summary;
        onProgress?.(++done, scenarios.length);
        if (done === scenarios.length) return finish();
        feed(w);
      });
      w.on('error', (e) => finish(e));
      feed(w);
    }
  });
}
