// The `lifeline` entry point: bad input is one line on stderr and exit 2, never a stack trace.
import { runCommand } from './commands.ts';
import { HelpRequest, UsageError } from './args.ts';
import { commandHelp } from './command-spec.ts';
import { ScenarioError } from '../../shared/scenario/scenario-error.ts';
import { oneLine } from '../../shared/util/one-line.ts';

export async function main(argv: string[]): Promise<number> {
  try {
    return await runCommand(argv);
  } catch (e) {
    if (e instanceof HelpRequest) {
      console.log(commandHelp(e.spec));
      return 0;
    }
    if (e instanceof UsageError || e instanceof ScenarioError) {
      console.error(oneLine(`lifeline: ${e.message}`));
      return 2;
    }
    console.error(oneLine(`lifeline: run failed: ${e instanceof Error ? e.message : String(e)}`));
    return 1;
  }
}

// A reader that stops early (`lifeline export s.jsonl --csv - | head`) closes the pipe: that ends
// the output, as for any Unix filter, quietly and without a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
  process.exit(process.exitCode ?? 0);
});

process.exitCode = await main(process.argv.slice(2));
