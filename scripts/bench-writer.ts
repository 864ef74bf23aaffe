// node --import tsx scripts/bench-writer.ts [REV] — the session writer against an earlier
// commit's (REV, by default the last one before lines were written as bytes), side by side in one
// process: on a shared 2-core machine only figures taken in turns in one run can be compared.
//  1. The bench's 24 h run (scripts/bench.ts) alone, with REV's writer, with this writer, and the
//     raw PING/PONG loop, in a rotating order; medians of wall and CPU time, and the time spent
//     inside write() (what the file costs the simulation's hot path).
//  2. The writers alone: one run's events, as the recorder made them, written and the file closed,
//     the two writers in turns (CPU time: every thread, the thread pool's writes included).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { Simulation } from '../electron/engine/simulation.ts';
import type { LifelineEvent } from '../shared/log/events.ts';
import type { Scenario } from '../shared/scenario/scenario.ts';
import { benchScenario, cpuMs, engineRun, median, rawLoop, sessionWriter, type BenchWriter } from './bench.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WRITER = 'electron/capture/session-file.ts';
/** The last commit whose writer built each line with JSON.stringify and encoded a block at a time. */
const BEFORE_BYTES = '002de9d';

type WriterClass = new (file: string, scenario: Scenario, createdBy: string) => BenchWriter;

/** REV's session-file.ts, its relative imports pointed at this checkout, loaded from a temp file. */
async function writerAt(rev: string): Promise<WriterClass> {
  const src = execFileSync('git', ['show', `${rev}:${WRITER}`], { cwd: ROOT, encoding: 'utf8' });
  const dir = path.join(ROOT, path.dirname(WRITER));
  const text = src.replace(/from '(\.{1,2}\/[^']+)'/g, (_, spec: string) => `from '${path.resolve(dir, spec)}'`);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-writer-')), 'session-file.ts');
  fs.writeFileSync(file, text);
  return ((await import(pathToFileURL(file).href)) as { SessionWriter: WriterClass }).SessionWriter;
}

/** Wraps a writer to add up the time spent inside its write(). */
function timed(open: (file: string) => BenchWriter, spent: number[]): (file: string) => BenchWriter {
  return (file) => {
    const w = open(file);
    let ms = 0;
    return {
      write: (e) => {
        const t0 = performance.now();
        w.write(e);
        ms += performance.now() - t0;
      },
      close: () => (spent.push(ms), w.close()),
    };
  };
}

async function main(): Promise<void> {
  const rev = process.argv[2] ?? BEFORE_BYTES;
  const runs = Number(process.env.BENCH_RUNS ?? 15);
  const Before = await writerAt(rev);
  const before = (file: string) => new Before(file, benchScenario, 'bench');
  const load = os.loadavg()[0]!;
  const hot = { before: [] as number[], now: [] as number[] };
  const figures = ['engine alone', `writer at ${rev}`, 'this writer', 'raw loop'];
  const measures = [() => engineRun(), () => engineRun(timed(before, hot.before)), () => engineRun(timed(sessionWriter, hot.now)), rawLoop];
  for (const m of measures) await m(); // warm-up
  const wall = measures.map(() => [] as number[]);
  const cpu = measures.map(() => [] as number[]);
  for (let i = 0; i < runs * measures.length; i++) {
    const k = (i + Math.floor(i / measures.length)) % measures.length;
    const r = await measures[k]!();
    wall[k]!.push(r.wallMs);
    cpu[k]!.push(r.cpuMs);
  }
  const [rawWall, rawCpu] = [median(wall[3]!), median(cpu[3]!)];
  console.log(`session writer, ${rev} vs this checkout — node ${process.version}, ${os.cpus().length} cores, ${runs} runs each in turns (median); load average ${load.toFixed(1)} → ${os.loadavg()[0]!.toFixed(1)}`);
  figures.forEach((name, k) => {
    const [w, c] = [median(wall[k]!), median(cpu[k]!)];
    console.log(`  ${name.padEnd(20)} wall ${w.toFixed(0).padStart(5)} ms = ${(w / rawWall).toFixed(2)}× raw   CPU ${c.toFixed(0).padStart(5)} ms = ${(c / rawCpu).toFixed(2)}× raw`);
  });
  const [hb, hn] = [median(hot.before), median(hot.now)];
  console.log(`  inside write() a run (the hot path): ${rev} ${hb.toFixed(1)} ms, this writer ${hn.toFixed(1)} ms (${(hb / hn).toFixed(2)}×)`);

  const events: LifelineEvent[] = [];
  await new Simulation(benchScenario, { mode: 'fast', onEvent: (e) => events.push(e) }).run();
  const alone = { before: [] as number[], now: [] as number[] };
  for (let i = 0; i < 2 * Math.max(runs, 10); i++) {
    const which = i % 2 === 0 ? 'before' : 'now';
    const file = path.join(os.tmpdir(), `lifeline-bench-writer-${process.pid}.jsonl`);
    const c = process.cpuUsage();
    const w = which === 'before' ? before(file) : sessionWriter(file);
    for (const e of events) w.write(e);
    await w.close();
    alone[which].push(cpuMs(c));
    fs.rmSync(file);
  }
  const [ab, an] = [median(alone.before), median(alone.now)];
  console.log(`  the writers alone, ${events.length.toLocaleString('en')} events written and the file closed: CPU ${rev} ${ab.toFixed(1)} ms, this writer ${an.toFixed(1)} ms (${(ab / an).toFixed(2)}×); load average ${os.loadavg()[0]!.toFixed(1)}`);
}

await main();
