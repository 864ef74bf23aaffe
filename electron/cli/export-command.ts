// `lifeline export <session.jsonl> --FORMAT OUT…`: the formats are a table (export-formats.ts),
// one flag each; several in one call are fine. OUT `-` is standard output (one format at a time);
// binary pcapng is refused there while it is a terminal.
import { parseArgs, str, UsageError } from './args.ts';
import { cannotWrite } from './cannot-write.ts';
import { EXPORT } from './command-specs.ts';
import { VERSION } from './version.ts';
import { EXPORT_FORMATS, STDOUT } from './export-formats.ts';
import { openSession } from './open-session.ts';
import { refuseClobbering } from './refuse-clobbering.ts';

export async function runExport(argv: string[]): Promise<number> {
  const names = Object.keys(EXPORT_FORMATS);
  const args = parseArgs(argv, EXPORT);
  const file = args.positional[0];
  if (!file || args.positional.length > 1) throw new UsageError('export needs exactly one session file');
  const chosen = names.filter((n) => args.flags.has(n));
  if (chosen.length === 0) throw new UsageError(`export needs an output: ${names.map((n) => `--${n} OUT`).join(', ')}`);
  const outs = chosen.map((n) => [n, str(args, n)!] as const);
  refuseClobbering('the session file', [file], outs);
  for (const [n, out] of outs)
    if (out === STDOUT && EXPORT_FORMATS[n]!.binary && process.stdout.isTTY) throw new UsageError(`--${n} -: ${n} is binary and standard output is a terminal; redirect it (> out.${n}, | tshark -r -) or name a file`);
  const session = openSession(file);
  for (const [n, out] of outs) {
    try {
      console.error(await EXPORT_FORMATS[n]!.write(session, out, `lifeline ${VERSION}`));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code) throw cannotWrite(n, out, e);
      throw e;
    }
  }
  return 0;
}
