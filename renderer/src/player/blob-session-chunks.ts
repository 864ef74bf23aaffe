// A session file the user picked or dropped, handed out as the host hands out one it knows
// (`session.read`, electron/capture/session-chunks.ts): chunks of SESSION_CHUNK event lines read
// from the file a block at a time, each line checked in file order by the same SessionParser, the
// total estimated from the bytes read until the end of the file fixes it. It runs in the page's
// file reader (a Web Worker), so the page folds a picked session as it comes, as it does a host's,
// and never holds the whole file as one string.
import { SESSION_CHUNK, SESSION_CHUNK_CHARS, type SessionChunk } from '../../../shared/contract/contract.ts';
import { isWholeLine, LineSplitter, SessionParser, type SessionHeader } from '../../../shared/session/session-format.ts';
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
  private eof = false;
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
    // Bounded: each block moves `pos` forward until the end of the file.
    while (!this.eof && this.queued.length < SESSION_CHUNK && (this.queued.length === 0 || this.queuedChars() < SESSION_CHUNK_CHARS)) await this.readBlock();
    const lines = this.cut();
    this.handed += lines.length;
    const header = this.parser.headerRead;
    if (!header) throw new Error('Invariant: a chunk handed out before the header');
    const last = this.eof && this.queued.length === 0;
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

  /** The session's header once its first line is read (it is read with the first chunk). */
  get header(): SessionHeader | null {
    return this.parser.headerRead;
  }

  /** Line `lineNo` of the file: the header, or an event line (blank ones too, as the host counts them). */
  private take(line: string, lineNo: number): void {
    this.parser.check(line);
    if (lineNo > 1) this.queued.push(line);
  }

  private async readBlock(): Promise<void> {
    const bytes = new Uint8Array(await this.blob.slice(this.pos, this.pos + this.blockBytes).arrayBuffer());
    this.pos += bytes.length;
    if (bytes.length > 0) return this.splitter.push(this.decoder.decode(bytes, { stream: true }));
    this.eof = true;
    this.splitter.push(this.decoder.decode());
    let tail = this.splitter.end();
    if (isWholeLine(tail)) {
      // A whole last line without its '\n' is a line like the others (run.end and its wallMs).
      this.take(tail, this.splitter.lines + 1);
      tail = '';
    }
    // A cut-off last line is a warning; an empty file or a cut-off header throws, naming the file.
    this.warnings = this.parser.end(tail).warnings;
  }

  /** Up to SESSION_CHUNK lines, fewer when they pass SESSION_CHUNK_CHARS (at least one). */
  private cut(): string[] {
    let n = 0;
    let chars = 0;
    while (n < this.queued.length && n < SESSION_CHUNK && (n === 0 || chars + this.queued[n]!.length <= SESSION_CHUNK_CHARS)) chars += this.queued[n++]!.length + 1;
    return this.queued.splice(0, n);
  }

  private queuedChars(): number {
    let chars = 0;
    for (const l of this.queued) chars += l.length + 1;
    return chars;
  }

  private estimateTotal(): number {
    const seen = this.handed + this.queued.length;
    return Math.max(seen, Math.round((seen * this.blob.size) / Math.max(1, this.pos)));
  }
}
