// Files named on the command line or picked in a dialog, looked at before any is read: does each
// exist, is it a capture. Apart from the session store, so that Electron's main process checks
// its command line without loading the store (which runs in the host thread).
import fs from 'node:fs';
import { echo } from '../../shared/util/one-line.ts';
import { captureFormatOf } from '../../shared/capture/capture-blocks.ts';

/**
 * Why files named on the command line (`serve`, `npm start --`) cannot be opened, or null: each
 * must exist, a name that says capture must be one, and a capture opens alone (two sessions are
 * compared, a capture is not).
 */
export function startupFilesProblem(files: readonly string[]): string | null {
  for (const f of files) {
    if (!fs.existsSync(f)) return `${echo(f)}: no such file`;
    if (/\.(pcap|pcapng|cap)$/i.test(f) && !isCaptureFile(f)) return `${echo(f)}: byte 0: not a pcap or pcapng file`;
  }
  if (files.length > 2) return 'at most two sessions open at once (two are compared)';
  if (files.length > 1 && files.some(isCaptureFile)) return 'a capture opens alone; two session files are compared';
  return null;
}

/** A pcap or pcapng by its first bytes (an unreadable file is not one: the session path reports it). */
export function isCaptureFile(file: string): boolean {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const head = Buffer.alloc(4);
      return fs.readSync(fd, head, 0, 4, 0) === 4 && captureFormatOf(head) !== null;
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return false;
  }
}
