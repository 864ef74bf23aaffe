// A real full disk for tests of what a failed write does: a 16 KB tmpfs. /dev/full fails every
// write, even the first; only a disk that fills up mid-file gives the short write, then ENOSPC.
// Mounting needs root (or CAP_SYS_ADMIN) on Linux; elsewhere the test says it is skipped and why.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';

/**
 * Runs `fn` with a fresh 16 KB tmpfs mounted at a new directory, unmounted after; or marks the
 * test skipped, with the reason, where one cannot be mounted.
 */
export async function withSmallDisk(t: TestContext, fn: (dir: string) => void | Promise<void>): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-small-disk-'));
  const m = process.platform === 'linux' ? spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', dir], { encoding: 'utf8' }) : null;
  if (m?.status !== 0) {
    fs.rmdirSync(dir);
    // CI runs as root: there a mount that fails is a failure, never a skip.
    if (process.env.CI) throw new Error(`cannot mount a small tmpfs to fill: ${m?.stderr.trim() || m?.error?.message || process.platform}`);
    t.skip(`cannot mount a small tmpfs to fill (${m ? m.stderr.trim() || m.error?.message || `mount exited ${m.status}` : process.platform}): needs root on Linux`);
    return;
  }
  try {
    await fn(dir);
  } finally {
    // A file still open on it makes a plain unmount fail (EBUSY): then detach it lazily, so no
    // mount outlives the test; and a failed cleanup never hides the test's own error.
    if (spawnSync('umount', [dir]).status !== 0) spawnSync('umount', ['-l', dir]);
    try {
      fs.rmdirSync(dir);
    } catch {
      // Still busy: an empty directory in the temp folder is all that is left.
    }
  }
}

/** Fills `dir`'s disk to its last byte with a file named `name`. */
export function fillDisk(dir: string, name = '.filler'): void {
  const fd = fs.openSync(path.join(dir, name), 'w');
  try {
    // 64 KB is four times the disk: the loop ends with ENOSPC.
    for (let k = 0; k < 64; k++) fs.writeSync(fd, Buffer.alloc(1024, 0x20));
    throw new Error('Invariant: the small disk took 64 KB');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
  } finally {
    fs.closeSync(fd);
  }
}
