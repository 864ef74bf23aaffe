// Counts this thread's opens of chosen files through fs.promises.open, the one way the session
// store reads a session: a test of "read once" or "never read here" counts them.
import type fs from 'node:fs';
import fsp from 'node:fs/promises';

export function countOpens(counts: (file: string) => boolean): { count: () => number; restore: () => void } {
  const open = fsp.open;
  let n = 0;
  fsp.open = ((file: fs.PathLike, ...rest: unknown[]) => {
    if (counts(String(file))) n++;
    return (open as (...a: unknown[]) => Promise<fsp.FileHandle>)(file, ...rest);
  }) as typeof fsp.open;
  return { count: () => n, restore: () => void (fsp.open = open) };
}
