// Output options checked against the command's own input: an output that is an input (by any name:
// a relative path, a symlink, a hard link), or two outputs into one file, would destroy what the
// command reads or writes. Refused as bad input (exit 2) before anything is opened for writing.
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from './args.ts';
import { STDOUT } from './export-formats.ts';

/**
 * `what` names the inputs in the message ("the session file"); an input that is no file (a preset's
 * name) has nothing to lose. `outs`: [flag, OUT] pairs, an option not given as undefined.
 */
export function refuseClobbering(what: string, inputs: readonly string[], outs: readonly (readonly [string, string | undefined])[]): void {
  const seen = new Map<string, string>();
  for (const input of inputs) {
    const id = fileId(input);
    if (!id.startsWith('path:')) seen.set(id, what);
  }
  for (const [flag, out] of outs) {
    if (out === undefined) continue;
    const id = fileId(out);
    const before = seen.get(id);
    if (before) throw new UsageError(`--${flag} ${out}: that is ${before}; choose another output file`);
    seen.set(id, `the output of --${flag}`);
  }
}

/** The same for every name of one file: its device and inode, or (not there yet) its absolute path. */
function fileId(f: string): string {
  if (f === STDOUT) return 'stdout';
  try {
    const st = fs.statSync(f);
    return `${st.dev}:${st.ino}`;
  } catch {
    return `path:${path.resolve(f)}`;
  }
}
