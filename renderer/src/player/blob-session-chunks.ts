// A session file the user picked or dropped, handed out as the host hands out one it knows
// (`session.read`, electron/capture/session-chunks.ts): chunks of SESSION_CHUNK event lines read
// from the file a block at a time, each line checked in file order by the same SessionParser, the
// total estimated from the bytes read until the end of the file fixes it. It runs in the page's
// file reader (a Web Worker), so the page folds a picked session as it comes, as it does a host's,
// and never holds the whole file as one string.
import { SESSION_CHUNK, SESSION_CHUNK_CHARS, type SessionChunk } from '../../../shared/contract/contract.ts';
import { isWholeLine, LineSplitter, SessionParser } from '../../../shared/session/session-format.ts';
import { ScenarioError } from '../../../shared/scenario/scenario.ts';

/** Bytes read from the file at a time. */
const BLOCK_BYTES = 1 << 20;

/** Where a session file is read from: a File, or any Blob (the tests read one in small blocks). */
export interface BlobSource {
  blob: Blob;
  name: string;
  blockBytes?: number;
}

export class BlobSessionChunks {
  private readonly parser: SessionParser;
  private readonly splitter: LineSplitter;
  private readonly decoder = new TextDecoder();
  /** Bytes of the file read so far. */
  private pos = 0;
  /** Event lines read and checked, not yet handed out. */
  private queued: string[] = [];
  /** Event lines handed out: the offset the next chunk starts at. */
  private handed = 0;
  /** The file is read to its end, or to the first thing wrong in it. */
  private done = false;
  /** What was wrong, thrown by the chunk that holds it (the lines before it are handed out first). */
  private failed: unknown = null;
  private warnings: string[] = [];

  private readonly blob: Blob;
  private readonly name: string;
  private readonly blockBytes: number;

  constructor(from: BlobSource) {
    this.blob = from.blob;
    this.name = from.name;
    this.blockBytes = from.blockBytes ?? BLOCK_BYTES;
    this.parser = new SessionParser(this.name);
    this.splitter = new LineSplitter(this.name, (line) => this.take(line, this.splitter.lines));
  }

  /** The chunk from `offset`, which must be where the last one ended: the page reads in order. */
  async chunk(offset: number): Promise<SessionChunk> {
    if (offset !== this.handed) throw new ScenarioError(this.name, [`line ${offset + 2}: no chunk starts there (ask for offset 0 or a chunk's next)`]);
    // Until a line is left over after the chunk, so a chunk knows whether it is the last (a chunk
    // of exactly SESSION_CHUNK_CHARS had been followed by an empty one). Bounded: each block moves
    // forward in the file until its end.
    while (!this.done && this.cut() === this.queued.length) await this.readBlock();
    const n = this.cut();
    // As the host: a chunk that would hold the bad line is that line's error.
    if (this.failed !== null && n === this.queued.length && n < SESSION_CHUNK) throw this.failed;
    const lines = this.queued.splice(0, n);
    this.handed += n;
    const header = this.parser.headerRead;
    if (!header) throw new Error('Invariant: a chunk handed out before the header');
    const last = this.done && this.failed === null && this.queued.length === 0;
    return {
      name: this.name,
      scenario: header.scenario,
      lines: lines.join('\n'),
      firstLine: offset + 2,
      next: last ? null : this.handed,
      total: last ? this.handed : this.estimateTotal(),
      warnings: last ? this.warnings : [],
    };
  }

  /** Line `lineNo` of the file: the header, or an event line (blank ones too, as the host counts them). */
  private take(line: string, lineNo: number): void {
    this.parser.check(line);
    if (lineNo === 1) return;
    this.queued.push(line);
  }

  private async readBlock(): Promise<void> {
    const bytes = new Uint8Array(await this.blob.slice(this.pos, this.pos + this.blockBytes).arrayBuffer());
    this.pos += bytes.length;
    try {
      if (bytes.length > 0) return this.splitter.push(this.decoder.decode(bytes, { stream: true }));
      this.done = true;
      this.splitter.push(this.decoder.decode());
      let tail = this.splitter.end();
      if (isWholeLine(tail)) {
        // A whole last line without its '\n' is a line like the others (run.end and its wallMs).
        this.take(tail, this.splitter.lines + 1);
        tail = '';
      }
      // A cut-off last line is a warning; an empty file or a cut-off header throws, naming the file.
      this.warnings = this.parser.end(tail).warnings;
    } catch (e) {
      // A bad line (or one too long) ends the reading; the lines checked before it are kept.
      this.done = true;
      this.failed = e;
      if (!this.parser.headerRead) throw e;
    }
  }

  /** How many queued lines the next chunk takes: up to SESSION_CHUNK, fewer past SESSION_CHUNK_CHARS (at least one). */
  private cut(): number {
    let n = 0;
    let chars = 0;
    while (n < this.queued.length && n < SESSION_CHUNK && (n === 0 || chars + this.queued[n]!.length <= SESSION_CHUNK_CHARS)) chars += this.queued[n++]!.length + 1;
    return n;
  }

  private estimateTotal(): number {
    const seen = this.handed + this.queued.length;
    return Math.max(seen, Math.round((seen * this.blob.size) / Math.max(1, this.pos)));
  }
}
