// The `lifeline` commands. Exit codes (docs/design.md "CLI exit codes"): 0 ok, 1 run failed, 2 bad input.
import fs from 'node:fs';
import { Simulation } from '../engine/simulation.ts';
import { SessionWriter } from '../capture/session-file.ts';
import { PRESETS } from '../../shared/presets.ts';
import { scenarioJsonSchema } from '../../shared/scenario.ts';
import { MAX_SPEED } from '../../shared/contract.ts';
import { parseArgs, num, oneOf, str, UsageError } from './args.ts';
import { loadScenario } from './load-scenario.ts';
import { formatSummary } from './format-summary.ts';
import { ProgressBar } from './progress.ts';
import { runServer, runNat } from './standalone.ts';

export const VERSION = '0.1.0';

export const HELP = `lifeline ${VERSION} — keep an iOS app's TCP connection alive in the background, and see why it dies

Usage:
  lifeline run <scenario.json|preset> [--mode fast|realtime] [--speed N] [--out session.jsonl] [--json]
  lifeline presets [--json]                 the preset library and what each preset teaches
  lifeline validate <scenario.json>         check a scenario file
  lifeline schema                           print the scenario JSON Schema (for editors)
  lifeline server [--host H] [--port N] [--heartbeat SEC] [--push-every SEC] [--log FILE]
  lifeline nat --listen [HOST:]PORT --target HOST:PORT --idle-timeout SEC
               [--on-expiry silent-drop|reset] [--refresh-on both|outbound] [--log FILE]
  lifeline serve [--port N] [--host H]      the inspector in a browser (browser mode)

Exit status: 0 ok, 1 run failed, 2 bad input.`;

export async function runCommand(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(HELP);
      return 0;
    case '--version':
      console.log(VERSION);
      return 0;
    case 'run':
      return run(rest);
    case 'presets':
      return presets(rest);
    case 'validate':
      return validate(rest);
    case 'schema':
      console.log(JSON.stringify(scenarioJsonSchema(), null, 2));
      return 0;
    case 'server':
      return runServer(rest);
    case 'nat':
      return runNat(rest);
    case 'serve': {
      const { runServe } = await import('../web/serve-command.ts');
      return runServe(rest);
    }
    default:
      throw new UsageError(`unknown command "${cmd}" (see lifeline --help)`);
  }
}

async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { values: ['mode', 'speed', 'out'], booleans: ['json'] });
  const file = args.positional[0];
  if (!file || args.positional.length > 1) throw new UsageError('run needs exactly one scenario file or preset name');
  const mode = oneOf(args, 'mode', ['fast', 'realtime'] as const) ?? 'fast';
  const speed = num(args, 'speed', { min: 1, max: MAX_SPEED }) ?? 1;
  if (args.flags.has('speed') && mode !== 'realtime') throw new UsageError('--speed applies to --mode realtime only');
  const scenario = loadScenario(file);
  const out = str(args, 'out');
  const writer = out ? openWriter(out, scenario) : null;
  const sim = new Simulation(scenario, { mode, speed, onEvent: writer ? (e) => writer.write(e) : undefined });
  const bar = new ProgressBar(scenario.name);
  const tick = mode === 'realtime' ? setInterval(() => bar.update(sim.clock.now() / 1000, scenario.durationSec, `${Math.round(sim.clock.now() / 1000)}/${scenario.durationSec} s`), 200) : null;
  const stop = () => sim.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const summary = await sim.run();
    if (tick) clearInterval(tick);
    bar.done();
    console.log(args.flags.has('json') ? JSON.stringify(summary) : formatSummary(summary));
    if (out) console.error(`session written to ${out}`);
    return 0;
  } finally {
    writer?.close();
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

function openWriter(path: string, scenario: ReturnType<typeof loadScenario>): SessionWriter {
  try {
    return new SessionWriter(path, scenario, `lifeline ${VERSION}`);
  } catch (e) {
    throw new UsageError(`--out ${path}: cannot write (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
}

function presets(argv: string[]): number {
  const args = parseArgs(argv, { values: [], booleans: ['json'] });
  if (args.flags.has('json')) {
    console.log(JSON.stringify(PRESETS.map((p) => ({ name: p.name, lesson: p.lesson }))));
    return 0;
  }
  const w = Math.max(...PRESETS.map((p) => p.name.length));
  for (const p of PRESETS) console.log(`${p.name.padEnd(w)}  ${p.lesson ?? ''}`);
  return 0;
}

function validate(argv: string[]): number {
  const args = parseArgs(argv, { values: [], booleans: [] });
  const file = args.positional[0];
  if (!file || args.positional.length > 1) throw new UsageError('validate needs exactly one file');
  if (!fs.existsSync(file)) throw new UsageError(`${file}: no such file`);
  const s = loadScenario(file);
  console.log(`${file}: ok (${s.name}, ${s.durationSec} s, iOS ${s.ios})`);
  return 0;
}
