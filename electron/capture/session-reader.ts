// Reads a session file from disk in chunks (a 1,000,000-event session is ~100 MB: never one string),
// through the same line splitter and parser as everywhere else, so a line over its limit stops
// the read with its line number before it is held whole. UTF-8 split across chunks is decoded whole.
import fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { LineSplitter, SessionParser, type ParsedSession } from '../../shared/session/session-format.ts';
import type { LifelineEvent } from '../../shared/log/events.ts';
import { ScenarioError } from '../../shared/scenario/scenario.ts';

const CHUNK = 1 << 20;

export interface ReadOptions {
  onProgress?: (bytesRead: number, size: number) => void;
  /** Each event as it is read; with it the result's `events` stay empty (memory stays flat). */
  onEvent?: (e: LifelineEvent) => void;
}

export function readSessionFile(file: string, opts: ReadOptions['onProgress'] | ReadOptions = {}): ParsedSession {
  const { onProgress, onEvent } = typeof opts === 'function' ? { onProgress: opts, onEvent: undefined } : opts;
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ScenarioError(file, [code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? String(e)})`]);
  }
  try {
    const size = fs.fstatSync(fd).size;
    const parser = new SessionParser(file);
    const keep = (l: string) => parser.line(l);
    const pass = (l: string) => {
      const e = parser.check(l);
      if (e) onEvent!(e);
    };
    const lines = new LineSplitter(file, onEvent ? pass : keep);
    const decoder = new StringDecoder('utf8');
    const buf = Buffer.allocUnsafe(CHUNK);
    let total = 0;
    for (;;) {
      let n: number;
      try {
        n = fs.readSync(fd, buf, 0, CHUNK, null);
      } catch (e) {
        throw new ScenarioError(file, [`cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`]);
      }
      if (n === 0) break;
      total += n;
      lines.push(decoder.write(buf.subarray(0, n)));
      onProgress?.(total, size);
    }
    lines.push(decoder.end());
    return parser.end(lines.end());
  } finally {
    fs.closeSync(fd);
  }
}
