// Reads a session file from disk in chunks (a 1,000,000-event session is ~100 MB: never one string),
// through the same line parser as everywhere else. UTF-8 split across chunks is decoded whole.
import fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { SessionParser, type ParsedSession } from '../../shared/session/session-format.ts';
import { ScenarioError } from '../../shared/scenario/scenario.ts';

const CHUNK = 1 << 20;

export function readSessionFile(file: string, onProgress?: (bytesRead: number, size: number) => void): ParsedSession {
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
    const decoder = new StringDecoder('utf8');
    const buf = Buffer.allocUnsafe(CHUNK);
    let rest = '';
    let total = 0;
    for (;;) {
      const n = fs.readSync(fd, buf, 0, CHUNK, null);
      if (n === 0) break;
      total += n;
      const text = rest + decoder.write(buf.subarray(0, n));
      let from = 0;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
        parser.line(text.slice(from, nl));
        from = nl + 1;
      }
      rest = text.slice(from);
      onProgress?.(total, size);
    }
    return parser.end(rest + decoder.end());
  } finally {
    fs.closeSync(fd);
  }
}
