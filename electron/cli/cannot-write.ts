// An output option's file that could not be written (a directory, a full disk, no permission):
// one usage error that names the option, the file and the cause, the same for every command.
import fs from 'node:fs';
import { UsageError } from './args.ts';

export function cannotWrite(flag: string, file: string, e: unknown): UsageError {
  return new UsageError(`--${flag} ${file}: cannot write (${(e as NodeJS.ErrnoException).code ?? String(e)})`, { cause: e });
}

/** Writes an output option's file whole, or fails with `cannotWrite`. */
export function writeOutputFile(flag: string, file: string, text: string): void {
  try {
    fs.writeFileSync(file, text);
  } catch (e) {
    throw cannotWrite(flag, file, e);
  }
}
