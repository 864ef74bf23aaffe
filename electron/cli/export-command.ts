// `lifeline export <session.jsonl> --FORMAT OUT…`: the formats are a table (export-formats.ts),
// one flag each; several in one call are fine.
import { parseArgs, str, UsageError } from './args.ts';
import { EXPORT, VERSION } from './command-specs.ts';
import { EXPORT_FORMATS } from './export-formats.ts';
import { openSession } from './open-session.ts';

export function runExport(argv: string[]): number {
  const names = Object.keys(EXPORT_FORMATS);
  const args = parseArgs(argv, EXPORT);
  const file = args.positional[0];
  if (!file || args.positional.length > 1) throw new UsageError('export needs exactly one session file');
  const chosen = names.filter((n) => args.flags.has(n));
  if (chosen.length === 0) throw new UsageError(`export needs an output: ${names.map((n) => `--${n} OUT`).join(', ')}`);
  const session = openSession(file);
  for (const n of chosen) {
    const out = str(args, n)!;
    try {
      console.error(EXPORT_FORMATS[n]!.write(session, out, `lifeline ${VERSION}`));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code) throw new UsageError(`--${n} ${out}: cannot write (${code})`, { cause: e });
      throw e;
    }
  }
  return 0;
}
