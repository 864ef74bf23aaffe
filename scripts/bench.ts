// npm run bench — speed is part of the spec (docs/design.md "Performance"). Prints figures; asserts nothing.
//  1. engine: 24 h of a VoIP app kept alive by a server heartbeat every 30 s (2,880 heartbeats
//     over real sockets), fast mode; target ≥ 100,000× real time (< 864 ms).
//  2. baseline: a raw PING/PONG loop, 2,880 round trips over the same NAT-box proxy path.
//  3. fleet: how many such devices one process simulates for 24 h in 60 s.
//  4. sweep: 20 runs of 24 h (server heartbeat 30..600 s) on every core in worker threads, against
//     the same 20 one at a time, so the speed-up from parallelism shows; target < 3 s.
//  5. renderer (when built and Chromium exists): see scripts/bench-renderer.ts.
//  6. CLI start-up (--version, analyze on a one-packet file) beside tshark's, then capture analysis
//     vs tshark on generated 100 MB and 1 GB captures (time, peak memory): scripts/bench-capture.ts.
//  7. player: open, seek and replay a 1,000,000-event session: see scripts/bench-player.ts.
//  8. a 400,000-packet capture in the page (open, NAT timeout re-derive, longest main-thread task):
//     scripts/bench-capture-page.ts.
import net from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Simulation } from '../electron/engine/simulation.ts';
import { SessionWriter } from '../electron/capture/session-file.ts';
import { NatBox } from '../electron/engine/net/nat-box.ts';
import { OpenWire } from '../electron/engine/net/traffic-ledger.ts';
import { RealtimeClock } from '../electron/engine/clock/realtime-clock.ts';
import { Recorder } from '../electron/engine/recorder.ts';
import { validateScenario } from '../shared/scenario/scenario.ts';
import { benchCapture } from './bench-capture.ts';
import { applyValues, combinations, parseSetSpec } from '../shared/scenario/sweep.ts';
import { runSweep, sweepPlan } from '../electron/engine/sweep/run-sweep.ts';

const HEARTBEATS = 2880;
/** The engine with its session file, against the raw loop on the same path (issue 16). */
const FILE_RATIO_GOAL = 1.25;
const DAY_SEC = 86_400;

export const benchScenario = validateScenario({
  name: 'bench-24h-voip-server-heartbeat-30s',
  durationSec: DAY_SEC,
  seed: 1,
  ios: 9,
  app: { voipSocket: true, voipBackgroundMode: true, clientHeartbeatSec: null, keepAliveTimeoutSec: null, backgroundTask: 'none', reconnect: { initialSec: 2, maxSec: 120 } },
  server: { heartbeatSec: 30, pushEverySec: null },
  nat: { idleTimeoutSec: 300, onExpiry: 'drop', refreshOn: 'both' },
  timeline: [{ atSec: 1, action: 'background' }],
});

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** CPU milliseconds the process (every thread: the file's writes on the thread pool too) spent since `from`. */
export const cpuMs = (from: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(from);
  return (u.user + u.system) / 1000;
};

/** A session writer as the bench drives it (scripts/bench-writer.ts also runs an earlier commit's). */
export type BenchWriter = Pick<SessionWriter, 'write' | 'close'>;
export const sessionWriter = (file: string): BenchWriter => new SessionWriter(file, benchScenario, 'bench');

/**
 * One run's wall time, and the CPU time it took: on a machine other work shares, wall time swings
 * with the load, CPU time much less. With a session file (`open`) it also counts the wait, once
 * the run is over, for the last block to reach the disk: the file is whole when the figure ends.
 */
export async function engineRun(open?: (file: string) => BenchWriter): Promise<{ wallMs: number; cpuMs: number; heartbeats: number; connectedRatio: number }> {
  const file = path.join(os.tmpdir(), `lifeline-bench-${process.pid}.jsonl`);
  const w = open?.(file) ?? null;
  const cpu = process.cpuUsage();
  const s = await new Simulation(benchScenario, { mode: 'fast', onEvent: w ? (e) => w.write(e) : undefined }).run();
  const t0 = performance.now();
  await w?.close();
  const closeMs = w ? performance.now() - t0 : 0;
  const used = cpuMs(cpu);
  if (w) fs.rmSync(file);
  return { wallMs: s.wallMs + closeMs, cpuMs: used, heartbeats: s.heartbeats.server, connectedRatio: s.connectedRatio };
}

/** 2,880 PING/PONG round trips: client → NAT box → bare echo server, no clock, no model. */
export async function rawLoop(): Promise<{ wallMs: number; cpuMs: number }> {
  const server = net.createServer({ noDelay: true }, (s) => s.on('data', (d) => s.write(d.toString('latin1').replace(/PING/g, 'PONG'))));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const clock = new RealtimeClock(1);
  const nat = new NatBox(
    { listenHost: '127.0.0.1', listenPort: 0, targetHost: '127.0.0.1', targetPort: (server.address() as net.AddressInfo).port, idleTimeoutSec: 300, onExpiry: 'reset-inside', refreshOn: 'both' },
    clock, new OpenWire(), new Recorder(clock),
  );
  await nat.start();
  const running = clock.run(Infinity);
  const c = net.connect({ port: nat.port, host: '127.0.0.1', noDelay: true });
  await new Promise<void>((r) => c.once('connect', () => r()));
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  await new Promise<void>((resolve) => {
    let n = 0;
    c.on('data', () => {
      if (++n === HEARTBEATS) return resolve();
      c.write(`PING ${n}\n`);
    });
    c.write('PING 0\n');
  });
  const ms = performance.now() - t0;
  const used = cpuMs(cpu);
  c.destroy();
  clock.stop();
  await running;
  await nat.stop();
  server.close();
  return { wallMs: ms, cpuMs: used };
}

async function fleet(devices: number): Promise<number> {
  const t0 = performance.now();
  await Promise.all(Array.from({ length: devices }, () => new Simulation(benchScenario, { mode: 'fast' }).run()));
  return performance.now() - t0;
}

async function sweep(): Promise<void> {
  const base = validateScenario({ ...benchScenario, name: 'bench-sweep', server: { ...benchScenario.server, pushEverySec: 900 } });
  const scenarios = combinations([parseSetSpec('server.heartbeatSec=30..600:30')]).map((v) => applyValues(base, v));
  const time = async (parallel: 'workers' | 'in-process' | 'auto', concurrency?: number) => {
    const t0 = performance.now();
    await runSweep(scenarios, { parallel, concurrency });
    return performance.now() - t0;
  };
  const one = await time('in-process', 1);
  const auto = await time('auto');
  const par = await time('workers');
  console.log(`sweep: ${scenarios.length} runs × 24 h (server heartbeat 30..600 s), fast mode:`);
  console.log(`  as the CLI runs it (${sweepPlan(scenarios)})  ${auto.toFixed(0)} ms   (target < 3000 ms; ${(one / auto).toFixed(2)}× one thread)`);
  console.log(`  on ${os.availableParallelism()} cores (worker threads)  ${par.toFixed(0)} ms   (${(one / par).toFixed(2)}× one thread)`);
  console.log(`  one at a time, one thread       ${one.toFixed(0)} ms   (${(one / scenarios.length).toFixed(0)} ms a run)`);
  // Seven-day runs: long enough for worker threads to repay their start.
  const week = scenarios.map((s) => ({ ...s, durationSec: 7 * DAY_SEC }));
  const t1 = performance.now();
  await runSweep(week, { parallel: 'in-process', concurrency: 1 });
  const weekOne = performance.now() - t1;
  const t2 = performance.now();
  await runSweep(week, { parallel: 'auto' });
  const weekAuto = performance.now() - t2;
  console.log(`  the same × 7 days: as the CLI runs it (${sweepPlan(week)}) ${weekAuto.toFixed(0)} ms, one thread ${weekOne.toFixed(0)} ms (speed-up ${(weekOne / weekAuto).toFixed(2)}×)`);
}

async function main(): Promise<void> {
  const runs = Number(process.env.BENCH_RUNS ?? 5);
  console.log(`lifeline bench — node ${process.version}, ${os.cpus().length} cores, ${runs} runs each (median)`);
  await engineRun(); // warm-up
  await rawLoop();
  const engine: number[] = [];
  const recorded: number[] = [];
  const raw: number[] = [];
  const cpu = { engine: [] as number[], recorded: [] as number[], raw: [] as number[] };
  let check = { heartbeats: 0, connectedRatio: 0 };
  // The three take turns in a rotating order, so that none always runs first after another (a
  // loaded machine favours no position) and the ratios come from runs side by side.
  const measures = [
    async () => {
      const e = await engineRun();
      check = e;
      engine.push(e.wallMs);
      cpu.engine.push(e.cpuMs);
    },
    async () => {
      const e = await engineRun(sessionWriter);
      recorded.push(e.wallMs);
      cpu.recorded.push(e.cpuMs);
    },
    async () => {
      const e = await rawLoop();
      raw.push(e.wallMs);
      cpu.raw.push(e.cpuMs);
    },
  ];
  for (let i = 0; i < runs * measures.length; i++) await measures[(i + Math.floor(i / measures.length)) % measures.length]!();
  const e = median(engine);
  const rec = median(recorded);
  const r = median(raw);
  console.log(`\nengine, 24 h VoIP + server heartbeat 30 s (${check.heartbeats} heartbeats, connected ${(check.connectedRatio * 100).toFixed(1)}%):`);
  console.log(`  run wallMs            ${e.toFixed(0)} ms   = ${Math.round((DAY_SEC * 1000) / e).toLocaleString('en')}× real time   (target ≥ 100,000×, < 864 ms)`);
  console.log(`  with session file     ${rec.toFixed(0)} ms   = ${Math.round((DAY_SEC * 1000) / rec).toLocaleString('en')}× real time`);
  console.log(`raw PING/PONG loop, ${HEARTBEATS} round trips through the same NAT box:`);
  console.log(`  wall                  ${r.toFixed(0)} ms`);
  console.log(`  ratio engine / raw    ${(e / r).toFixed(2)}×   (target ≤ 2×)`);
  console.log(`  with session file     ${(rec / r).toFixed(2)}×   (goal ≤ ${FILE_RATIO_GOAL}×: ${rec / r <= FILE_RATIO_GOAL ? 'met' : 'NOT met'}; the file costs ${(rec / e).toFixed(2)}× the run without it)`);
  const [ce, crec, cr] = [median(cpu.engine), median(cpu.recorded), median(cpu.raw)];
  console.log(`  CPU time (steadier under load): engine ${ce.toFixed(0)} ms, with session file ${crec.toFixed(0)} ms, raw ${cr.toFixed(0)} ms = ${(ce / cr).toFixed(2)}× and ${(crec / cr).toFixed(2)}× raw (the file ${(crec / ce).toFixed(2)}×)`);
  if (process.env.BENCH_SKIP_FLEET !== '1') {
    const n = Number(process.env.BENCH_FLEET ?? 16);
    const f = await fleet(n);
    console.log(`fleet: ${n} devices × 24 h concurrently in one process: ${f.toFixed(0)} ms`);
    console.log(`  ⇒ about ${Math.floor((n * 60_000) / f)} devices simulated for 24 h per 60 s (extrapolated from this batch)`);
  }
  if (process.env.BENCH_SKIP_SWEEP !== '1') await sweep();
  if (process.env.BENCH_SKIP_CAPTURE !== '1') await benchCapture();
  if (process.env.BENCH_SKIP_RENDERER !== '1') {
    // A computed specifier: the renderer bench runs page code (DOM types), checked by tsconfig.e2e.json.
    const renderer = './bench-renderer.ts';
    const { benchRenderer } = (await import(renderer)) as { benchRenderer: () => Promise<void> };
    await benchRenderer();
  }
  if (process.env.BENCH_SKIP_PLAYER !== '1') {
    const player = './bench-player.ts';
    const { benchPlayer } = (await import(player)) as { benchPlayer: () => Promise<void> };
    await benchPlayer();
  }
  if (process.env.BENCH_SKIP_CAPTURE_PAGE !== '1') {
    const capturePage = './bench-capture-page.ts';
    const { benchCapturePage } = (await import(capturePage)) as { benchCapturePage: () => Promise<void> };
    await benchCapturePage();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
