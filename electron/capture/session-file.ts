// Session files on disk, written as events happen so a killed run leaves a readable file, and off
// the simulation's hot path: recording an event encodes its line straight into a block of bytes
// (no string building, nothing copied again later); a full block, or one that has waited FLUSH_MS,
// goes to disk on libuv's thread pool, one write at a time, and comes back to be filled again.
// A slow or busy disk never blocks the clock (docs/design.md "Session format").
import fs from 'node:fs';
import type { LifelineEvent } from '../../shared/log/events.ts';
import type { Scenario } from '../../shared/scenario/scenario.ts';
import { sessionHeader } from '../../shared/session/session-format.ts';
import { formatBytes } from '../../shared/util/format-bytes.ts';

/** Bytes of one block: a fast run writes in blocks this size, not once per clock step. */
export const FLUSH_BYTES = 64 * 1024;
/** Lines wait at most this long (wall time) before their write starts: what a kill can lose. */
export const FLUSH_MS = 100;
/** Blocks kept for reuse: one filling, one being written, one spare. */
const SPARE_BLOCKS = 2;

export interface SessionWriterOptions {
  /** Most bytes the file may hold: past this `onFull` is called once (the run is then stopped). */
  maxBytes?: number;
  /** The file cannot grow: over `maxBytes`, or a write failed (a full disk). Called once. */
  onFull?: (why: string) => void;
  /** Permissions of a file this creates (the data folder's are owner-only). */
  mode?: number;
  /** Your own server's URL, already without its password, for the header. */
  server?: string;
}

export class SessionWriter {
  private fd: number;
  /** The block being filled, and how many of its bytes hold lines. */
  private block: Buffer = Buffer.allocUnsafe(FLUSH_BYTES);
  private used = 0;
  /** Filled blocks (or their filled part) waiting for the write under way. */
  private queue: Buffer[] = [];
  private spare: Buffer[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing = false;
  private closing: Promise<void> | null = null;
  private drained: (() => void) | null = null;
  /** Bytes written or waiting to be. */
  private size: number;
  private full = false;

  constructor(
    readonly path: string,
    scenario: Scenario,
    createdBy: string,
    private readonly opts: SessionWriterOptions = {},
  ) {
    this.fd = fs.openSync(path, 'w', opts.mode ?? 0o666);
    this.size = fs.writeSync(this.fd, JSON.stringify(sessionHeader(scenario, createdBy, opts.server)) + '\n');
  }

  /** Appends an event: its line is encoded into the current block; the disk is written by the thread pool. */
  write(e: LifelineEvent): void {
    if (this.closing || this.fd < 0) return;
    const json = JSON.stringify(e);
    // UTF-8 takes at most 3 bytes per UTF-16 unit: a line that might not fit starts a new block.
    const most = json.length * 3 + 1;
    if (most > FLUSH_BYTES - this.used) {
      this.seal();
      if (most > FLUSH_BYTES) return this.enqueue(Buffer.from(json + '\n'));
    }
    const start = this.used;
    this.used += this.block.write(json, this.used);
    this.block[this.used++] = 10;
    this.grew(this.used - start);
    this.timer ??= setTimeout(this.flush, FLUSH_MS);
  }

  /** Bytes in the file once everything buffered is written. */
  get bytes(): number {
    return this.size;
  }

  /** Starts writing what is buffered (the current block too), unless a write is under way. */
  flush = (): void => {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.seal();
    this.next();
  };

  /** The block being filled joins the queue; a spare one takes its place. */
  private seal(): void {
    if (this.used === 0) return;
    this.queue.push(this.block.subarray(0, this.used));
    this.block = this.spare.pop() ?? Buffer.allocUnsafe(FLUSH_BYTES);
    this.used = 0;
    this.next();
  }

  private enqueue(line: Buffer): void {
    this.queue.push(line);
    this.grew(line.length);
    this.next();
  }

  private grew(n: number): void {
    this.size += n;
    const max = this.opts.maxBytes;
    if (max !== undefined && this.size > max) this.stopGrowing(`the session file reached its size limit of ${formatBytes(max)}`);
  }

  /** Writes the oldest queued block; its completion writes the next, or says the queue is drained. */
  private next(): void {
    if (this.writing || this.fd < 0) return;
    const chunk = this.queue.shift();
    if (!chunk) return this.drained?.();
    this.writing = true;
    fs.write(this.fd, chunk, 0, chunk.length, null, (err, written) => {
      this.writing = false;
      if (err || written < chunk.length) {
        this.queue = [];
        this.used = 0;
        this.stopGrowing(`cannot write the session file (${err ? (err.code ?? err.message) : 'short write'})`);
        return this.drained?.();
      }
      if (chunk.buffer.byteLength === FLUSH_BYTES && this.spare.length < SPARE_BLOCKS) this.spare.push(Buffer.from(chunk.buffer, chunk.byteOffset, FLUSH_BYTES));
      this.next();
    });
  }

  private stopGrowing(why: string): void {
    if (this.full) return;
    this.full = true;
    this.opts.onFull?.(why);
  }

  /** Writes what is left and closes the file; resolves once every line is on disk. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      this.drained = () => {
        this.drained = null;
        if (this.fd >= 0) fs.closeSync(this.fd);
        this.fd = -1;
        resolve();
      };
      this.flush();
    });
    return this.closing;
  }
}
