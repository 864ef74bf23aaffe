// One sweep worker: runs the scenarios it is sent, one at a time, and answers with summaries.
import { parentPort } from 'node:worker_threads';
import { Simulation } from '../simulation.ts';
import type { Scenario } from '../../../shared/scenario/scenario.ts';
import type { WorkerReply } from './run-sweep.ts';

const port = parentPort;
if (!port) throw new Error('Invariant: sweep-worker runs in a worker thread');
port.on('message', ({ i, scenario }: { i: number; scenario: Scenario }) => {
  new Simulation(scenario, { mode: 'fast' }).run().then(
    (summary) => port.postMessage({ i, summary } satisfies WorkerReply),
    (e: Error) => port.postMessage({ i, error: e.message } satisfies WorkerReply),
  );
});
port.postMessage({ ready: true } satisfies WorkerReply);
