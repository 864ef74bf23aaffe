// The `lifeline` commands. Exit codes (docs/design.md "CLI exit codes"): 0 ok, 1 run failed, 2 bad input.
// Each command's code is imported when that command runs: the heavy parts (zod, the engine, ws)
// then load only for the commands that use them, and `--version` or `analyze` start at once
// (tests/integration/cli-start.test.ts checks which modules analyze loads).
import { echo } from '../../shared/util/one-line.ts';
import { UsageError } from './args.ts';
import { topLevelHelp } from './command-specs.ts';
import { VERSION } from './version.ts';

export async function runCommand(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(topLevelHelp());
      return 0;
    case '--version':
      console.log(VERSION);
      return 0;
    case 'run':
      return (await import('./scenario-commands.ts')).run(rest);
    case 'presets':
      return (await import('./scenario-commands.ts')).presets(rest);
    case 'validate':
      return (await import('./scenario-commands.ts')).validate(rest);
    case 'schema':
      return (await import('./scenario-commands.ts')).schema(rest);
    case 'test':
      return (await import('./test-command.ts')).runTests(rest);
    case 'server':
      return (await import('./standalone.ts')).runServer(rest);
    case 'nat':
      return (await import('./standalone.ts')).runNat(rest);
    case 'analyze':
      return (await import('./analyze-command.ts')).runAnalyze(rest);
    case 'export':
      return (await import('./export-command.ts')).runExport(rest);
    case 'probe':
      return (await import('./probe-command.ts')).runProbe(rest);
    case 'sweep':
      return (await import('./sweep-command.ts')).runSweepCommand(rest);
    case 'replay':
      return (await import('./replay-command.ts')).runReplay(rest);
    case 'serve':
      return (await import('../web/serve-command.ts')).runServe(rest);
    default:
      throw new UsageError(`unknown command "${echo(cmd)}" (see lifeline --help)`);
  }
}
