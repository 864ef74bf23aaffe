// `lifeline export <session.jsonl> --FORMAT OUT`. A table of formats, one flag each (declared in
// EXPORT's options), so formats are added as rows.
import fs from 'node:fs';
import { readSessionFile } from '../capture/session-reader.ts';
import { exportPcapng } from '../capture/export-pcapng.ts';
import type { ParsedSession } from '../../shared/session-format.ts';
import { parseArgs, str, UsageError } from './args.ts';
import { EXPORT, VERSION } from './command-specs.ts';

type Exporter = (session: ParsedSession, out: string) => string;

const FORMATS: Record<string, Exporter> = {
  pcapng: (s, out) => {
    const r = exportPcapng(s.events, out, `lifeline ${VERSION}`);
    return `${out}: pcapng, ${r.packets} packets, ${r.comments} event comments`;
  },
};

export function runExport(argv: string[]): number {
  const names = Object.keys(FORMATS);
  const args = parseArgs(argv, EXPORT);
  const file = args.positional[0];
  if (!file || args.positional.length > 1) throw new UsageError('export needs exactly one session file');
  const chosen = names.filter((n) => args.flags.has(n));
  if (chosen.length === 0) throw new UsageError(`export needs an output: ${names.map((n) => `--${n} OUT`).join(', ')}`);
  if (!fs.existsSync(file)) throw new UsageError(`${file}: no such file`);
  const session = readSessionFile(file);
  for (const n of chosen) {
    const out = str(args, n)!;
    try {
      console.error(FORMATS[n]!(session, out));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code) throw new UsageError(`--${n} ${out}: cannot write (${code})`);
      throw e;
    }
  }
  return 0;
}
