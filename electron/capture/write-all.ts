// A buffer written whole or not at all said: write(2) may take less than it is given (a disk that
// fills up takes what fits) and says why only when asked for the rest, so the rest is asked for.
import fs from 'node:fs';

/** Writes all of `buf` at the file's position, or throws the cause (ENOSPC, EFBIG, EIO…). Returns its length. */
export function writeAllSync(fd: number, buf: Uint8Array): number {
  for (let done = 0; done < buf.length; ) {
    const n = fs.writeSync(fd, buf, done);
    // Each pass writes a byte or more, or throws: bounded by the buffer's length.
    if (n <= 0) throw new Error(`wrote ${done} of ${buf.length} bytes, then nothing`);
    done += n;
  }
  return buf.length;
}
