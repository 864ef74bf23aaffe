// `lifeline run`, `presets`, `validate` and `schema`: the commands that load scenarios (zod, the
// engine). commands.ts imports this file only when one of them runs, so `--version` and `analyze`
// start without them.
import { Simulation } from '../engine/simulation.ts';
import { SessionWriter, type SessionWriterOptions } from '../capture/session-file.ts';
import { PRESETS } from '../../shared/scenario/presets.ts';
import { scenarioJsonSchema, type Scenario } from '../../shared/scenario/scenario.ts';
import { checkOwnServer, OWN_SERVER_TIME, ServerUrlError, type OwnServerSpec } from '../../shared/scenario/own-server.ts';
import { MAX_SPEED } from '../../shared/contract/contract.ts';
import { echo } from '../../shared/util/one-line.ts';
import { parseArgs, num, oneOf, str, UsageError } from './args.ts';
import { cannotWrite } from './cannot-write.ts';
import { PRESETS_CMD, RUN, SCHEMA, VALIDATE } from './command-specs.ts';
import { VERSION } from './version.ts';
import { loadScenario } from './load-scenario.ts';
import { refuseClobbering } from './refuse-clobbering.ts';
import { formatSummary } from './format-summary.ts';
import { ProgressBar, runningCounts } from './progress.ts';

export function schema(argv: string[]): number {
  parseArgs(argv, SCHEMA);
  console.log(JSON.stringify(scenarioJsonSchema(), null, 2));
  return 0;
}

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, RUN);
  const file = args.positional[0];
  if (!file || args.positional.length > 1) throw new UsageError('run needs exactly one scenario file or preset name');
  const serverUrl = str(args, 'server');
  // A run against your own server is realtime by default, and only at 1×.
  const mode = oneOf(args, 'mode', ['fast', 'realtime'] as const) ?? (serverUrl ? 'realtime' : 'fast');
  const speed = num(args, 'speed', { min: 1, max: MAX_SPEED }) ?? 1;
  if (args.flags.has('speed') && mode !== 'realtime') throw new UsageError('--speed applies to --mode realtime only');
  if (serverUrl && (mode !== 'realtime' || speed !== 1)) throw new UsageError(`--server: ${OWN_SERVER_TIME}`);
  if (!serverUrl && args.flags.has('push-url')) throw new UsageError('--push-url: only with --server ws://…');
  const scenario = loadScenario(file);
  const server = serverUrl ? ownServer(scenario, file, serverUrl, str(args, 'push-url')) : undefined;
  const out = str(args, 'out');
  refuseClobbering('the scenario file', [file], [['out', out]]);
  // A file that cannot grow (a full disk) stops the run: what it holds is kept, whole.
  const writer = out ? openWriter(out, scenario, { onFull: (why) => sim.halt(why), server: server?.url.display }) : null;
  const sim: Simulation = new Simulation(scenario, { mode, speed, onEvent: writer ? (e) => writer.write(e) : undefined, ...(server ? { server } : {}) });
  const bar = new ProgressBar(scenario.name);
  const tick = mode === 'realtime' ? setInterval(() => bar.update(sim.clock.now() / 1000, scenario.durationSec, runningCounts(sim)), 200) : null;
  let interrupted = false;
  const stop = () => sim.stop();
  const interrupt = () => ((interrupted = true), sim.stop());
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', stop);
  // Said once the handlers are in place: whoever reads this line may press Ctrl-C at once.
  if (mode === 'realtime') console.error(`${scenario.name}: realtime at ${speed}×${server ? ` against ${server.url.display} (a real server keeps wall-clock time)` : ''}; Ctrl-C stops and prints the summary so far`);
  try {
    // A fast run's lines mostly reach the disk in close(), after the run: the file is closed before
    // anything is said.
    const summary = await endRun(sim.run(), writer);
    bar.done();
    if (args.flags.has('json')) console.log(JSON.stringify(interrupted ? { ...summary, interrupted: true } : summary));
    else console.log((interrupted ? `interrupted at ${summary.simulatedSec} of ${scenario.durationSec} s: the summary so far\n` : '') + formatSummary(summary));
    if (out) console.error(`session written to ${out}`);
    // 128 + SIGINT, as shells report a command stopped by Ctrl-C.
    return interrupted ? 130 : 0;
  } finally {
    // A failed run too: the bar's timer would keep the process alive.
    if (tick) clearInterval(tick);
    await writer?.close();
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', stop);
  }
}

/** `--server` (and `--push-url`) checked against the scenario; what the server will not follow is said on stderr. */
function ownServer(scenario: Scenario, file: string, url: string, pushUrl: string | undefined): OwnServerSpec {
  try {
    const { spec, notes } = checkOwnServer(scenario, file, url, pushUrl);
    for (const n of notes) console.error(`lifeline: note: ${n}`);
    return spec;
  } catch (e) {
    if (e instanceof ServerUrlError) throw new UsageError(e.message);
    throw e;
  }
}

function openWriter(path: string, scenario: Scenario, opts: SessionWriterOptions): SessionWriter {
  try {
    return new SessionWriter(path, scenario, `lifeline ${VERSION}`, opts);
  } catch (e) {
    throw cannotWrite('out', path, e);
  }
}

/**
 * The run's result once its session file is closed. A file not written whole is the error (exit 2),
 * as is a run it halted; a run that failed on its own keeps its error and exit code, the file's told
 * after it (closing the file in a `finally` let the file's error replace the run's).
 */
async function endRun<T>(run: Promise<T>, writer: SessionWriter | null): Promise<T> {
  let result: T;
  try {
    result = await run;
  } catch (e) {
    if (!writer) throw e;
    try {
      await closeSession(writer);
    } catch (closing) {
      // The run rejects with an Error; one the file halted failed for the file's reason, which its error tells whole.
      const failed = e as Error;
      if (failed.message === writer.stopped) throw closing;
      failed.message += `; ${(closing as Error).message}`;
    }
    throw e;
  }
  if (writer) await closeSession(writer);
  return result;
}

/** Writes the rest of the session and closes it; a file that stopped growing is bad output (exit 2), named with the cause. */
async function closeSession(writer: SessionWriter): Promise<void> {
  await writer.close();
  if (writer.stopped) throw new UsageError(`--out ${writer.path}: ${writer.stopped}; it keeps the run up to its last whole line`);
}

export function presets(argv: string[]): number {
  const args = parseArgs(argv, PRESETS_CMD);
  if (args.flags.has('json')) {
    console.log(JSON.stringify(PRESETS.map((p) => ({ name: p.name, lesson: p.lesson }))));
    return 0;
  }
  const w = Math.max(...PRESETS.map((p) => p.name.length));
  for (const p of PRESETS) console.log(`${p.name.padEnd(w)}  ${p.lesson ?? ''}`);
  return 0;
}

export function validate(argv: string[]): number {
  const args = parseArgs(argv, VALIDATE);
  const file = args.positional[0];
  if (!file || args.positional.length > 1) throw new UsageError('validate needs exactly one scenario file or preset name');
  const s = loadScenario(file);
  console.log(`${echo(file, 200)}: ok (${echo(s.name)}, ${s.durationSec} s, iOS ${s.ios})`);
  return 0;
}
