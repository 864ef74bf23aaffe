// Lines of a file read asynchronously from any byte position, in blocks, so that a host serving
// several clients never blocks on a big file and never holds more of it than a block and one line.
// Lines are cut at '\n' bytes (never part of a multi-byte UTF-8 character) and decoded one by one,
// so every line's byte position is known: a reader can stop and later resume where it stopped.
import type { FileHandle } from 'node:fs/promises';
import { ScenarioError } from '../../shared/scenario/scenario.ts';
import { lineTooLong, maxLineLength } from '../../shared/session/session-format.ts';

const BLOCK = 1 << 20;

export interface LinesRead {
  /** Byte position after the last whole line handed out. */
  pos: number;
  /** Line number of the next line. */
  lineNo: number;
  /** The end of the file was reached; `tail` is what followed the last '\n' (a cut-off write). */
  eof: boolean;
  tail: string;
}

/**
 * Reads whole lines from byte `pos`, `lineNo` being the first one's number, and hands each to
 * `onLine` until it returns false (that line is then not consumed) or the file ends. A line longer
 * than its limit (shared/session/session-format.ts) stops the read with its number.
 */
export async function readLines(fh: FileHandle, source: string, pos: number, lineNo: number, onLine: (line: string, lineNo: number) => boolean): Promise<LinesRead> {
  let carry: Buffer | null = null;
  const block = Buffer.allocUnsafe(BLOCK);
  for (;;) {
    const { bytesRead } = await fh.read(block, 0, BLOCK, pos + (carry?.length ?? 0));
    if (bytesRead === 0) {
      const tail = carry ? carry.toString('utf8') : '';
      return { pos, lineNo, eof: true, tail };
    }
    const buf: Buffer = carry ? Buffer.concat([carry, block.subarray(0, bytesRead)]) : block.subarray(0, bytesRead);
    let from = 0;
    for (let nl = buf.indexOf(10); nl >= 0; nl = buf.indexOf(10, from)) {
      if (nl - from > maxLineLength(lineNo) + 1) throw tooLong(source, lineNo);
      if (!onLine(buf.toString('utf8', from, nl), lineNo)) return { pos, lineNo, eof: false, tail: '' };
      pos += nl + 1 - from;
      lineNo++;
      from = nl + 1;
    }
    // What follows the last '\n' waits for the next block; a line may not grow past its limit.
    if (buf.length - from > maxLineLength(lineNo) + 1) throw tooLong(source, lineNo);
    carry = Buffer.from(buf.subarray(from));
  }
}

function tooLong(source: string, lineNo: number): ScenarioError {
  return new ScenarioError(source, [`line ${lineNo}: ${lineTooLong(lineNo)}`]);
}
