// A session opened for `session.read`: handed out in chunks read from disk as they are asked for,
// never held whole. Each chunk starts where the last one ended (its byte position is kept), so a
// 300 MB session costs one pass over the file, a block at a time, and the host stays free for
// other clients between blocks. Lines are checked by the same parser as the page's, in file order,
// as they are handed out: a bad line is an error in the chunk that holds it.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { SESSION_CHUNK, SESSION_CHUNK_CHARS, type SessionChunk } from '../../shared/contract/contract.ts';
import { isWholeLine, SessionParser, type SessionHeader } from '../../shared/session/session-format.ts';
import { ScenarioError } from '../../shared/scenario/scenario.ts';
import { readLines } from './file-lines.ts';

/** How a file is opened: library files refuse a symlink (O_NOFOLLOW); files the user named follow it. */
export type OpenFlags = number | 'r';

export class OpenSession {
  private parser: SessionParser;
  /** Event lines checked so far, and the byte position after them. */
  private checked = 0;
  private checkedPos: number;
  /** Byte position of each chunk start handed out (by event-line offset). */
  private starts = new Map<number, number>();
  private total: number | null = null;
  private warnings: string[] | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly file: string,
    readonly name: string,
    readonly stamp: string,
    private readonly flags: OpenFlags,
    private readonly size: number,
    readonly header: SessionHeader,
    private readonly headerEnd: number,
  ) {
    this.parser = new SessionParser(file, { header, lineNo: 1, lastT: 0 });
    this.checkedPos = headerEnd;
    this.starts.set(0, headerEnd);
  }

  /** Reads and checks the header line (a cut-off or empty file is refused here). */
  static async open(file: string, name: string, flags: OpenFlags): Promise<OpenSession> {
    return withFile(file, flags, async (fh, size, stamp) => {
      const parser = new SessionParser(file);
      const r = await readLines(fh, file, 0, 1, (line, n) => n === 1 && (parser.check(line), true));
      if (!parser.headerRead) parser.end(r.tail); // throws: an empty file or a cut-off header
      return new OpenSession(file, name, stamp, flags, size, parser.headerRead!, r.pos);
    });
  }

  /** The chunk of event lines from `offset` (one at a time per session: requests queue up). */
  chunk(offset: number): Promise<SessionChunk> {
    const next = this.queue.then(() => this.read(offset));
    this.queue = next.catch(() => {});
    return next;
  }

  private async read(offset: number): Promise<SessionChunk> {
    return withFile(this.file, this.flags, async (fh) => {
      // Lines before the chunk are checked first (the page asks in order, so normally none are).
      if (offset > this.checked) await this.scan(fh, this.checked, this.checkedPos, offset - this.checked, null);
      const pos = this.starts.get(offset) ?? (offset === this.checked ? this.checkedPos : null);
      if (pos === null) throw new ScenarioError(this.name, [`line ${offset + 2}: no chunk starts there (ask for offset 0 or a chunk's next)`]);
      const lines: string[] = [];
      const r = await this.scan(fh, offset, pos, SESSION_CHUNK, lines);
      const next = r.eof ? null : offset + lines.length;
      if (next !== null) this.starts.set(next, r.pos);
      return {
        name: this.name,
        scenario: this.header.scenario,
        lines: lines.join('\n'),
        firstLine: offset + 2,
        next,
        total: this.total ?? this.estimateTotal(),
        warnings: next === null ? (this.warnings ?? []) : [],
      };
    });
  }

  /**
   * Reads up to `count` lines from `pos` (event line `offset`), checking those not checked yet;
   * `out` collects them (null: only checking). The end of the file fixes the total and the warnings.
   */
  private async scan(fh: fsp.FileHandle, offset: number, pos: number, count: number, out: string[] | null): Promise<{ pos: number; eof: boolean }> {
    let n = 0;
    let chars = 0;
    const r = await readLines(fh, this.file, pos, offset + 2, (line) => {
      if (n === count || (out && n > 0 && chars + line.length > SESSION_CHUNK_CHARS)) return false;
      if (offset + n === this.checked) {
        this.parser.check(line);
        this.checked++;
        this.checkedPos += Buffer.byteLength(line) + 1;
      }
      out?.push(line);
      chars += line.length + 1;
      n++;
      return true;
    });
    let tail = r.tail;
    if (r.eof && isWholeLine(tail)) {
      // A whole last line without its '\n' is a line like the others (run.end and its wallMs): in
      // this chunk if it has room, else it is the next chunk (a full chunk had dropped it).
      if (n === count || (out && n > 0 && chars + tail.length > SESSION_CHUNK_CHARS)) return { pos: r.pos, eof: false };
      if (offset + n === this.checked) {
        this.parser.check(tail);
        this.checked++;
        this.checkedPos += Buffer.byteLength(tail);
      }
      out?.push(tail);
      n++;
      tail = '';
    }
    if (r.eof) {
      this.total = offset + n;
      this.warnings ??= this.parser.end(tail).warnings;
    }
    return r;
  }

  private estimateTotal(): number {
    if (this.checked === 0) return 0;
    const perLine = (this.checkedPos - this.headerEnd) / this.checked;
    return Math.max(this.checked, Math.round((this.size - this.headerEnd) / perLine));
  }
}

/**
 * Opens `file` for one read: a handle is not held between requests, so a client that leaves holds no
 * fd. Anything but a regular file (a FIFO, a device, a directory) is refused at once, naming the file.
 */
export async function withFile<T>(file: string, flags: OpenFlags, fn: (fh: fsp.FileHandle, size: number, stamp: string) => Promise<T>): Promise<T> {
  let fh: fsp.FileHandle;
  try {
    // O_NONBLOCK: opening a FIFO to read waits for a writer, holding one of libuv's few threads (a
    // few such requests starve every page's file I/O); with it the open returns at once and the
    // fstat below refuses the FIFO. A regular file reads the same either way.
    fh = await fsp.open(file, (flags === 'r' ? fs.constants.O_RDONLY : flags) | fs.constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ScenarioError(file, [code === 'ELOOP' ? 'a symbolic link, which the data folder does not follow' : code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? String(e)})`]);
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw new ScenarioError(file, ['not a regular file']);
    return await fn(fh, st.size, stampOf(st));
  } finally {
    await fh.close();
  }
}

/** What identifies one version of a file: its size and modification time. */
export function stampOf(st: { size: number; mtimeMs: number }): string {
  return `${st.size}:${st.mtimeMs}`;
}
