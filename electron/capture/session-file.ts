// Session files on disk, written as events happen so a killed run leaves a readable file, and off
// the simulation's hot path: recording an event writes its line's bytes into a block in memory
// (json-line-bytes.ts: no string, no encoding pass), no more. A full block, or lines that have
// waited FLUSH_MS, go to disk on libuv's thread pool, one write at a time. A slow or busy disk
// never blocks the clock (docs/design.md "Session format").
import fs from 'node:fs';
import type { LifelineEvent } from '../../shared/log/events.ts';
import type { Scenario } from '../../shared/scenario/scenario.ts';
import { sessionHeader } from '../../shared/session/session-format.ts';
import { formatBytes } from '../../shared/util/format-bytes.ts';
import { NO_ROOM, writeJsonLine } from './json-line-bytes.ts';
import { writeAllSync } from './write-all.ts';

/**
 * Bytes of lines gathered before they are written: a fast run writes in blocks this size (a 24 h
 * run about ten), as each write is a round trip to the thread pool. What a kill can lose is
 * bounded by FLUSH_MS, not by this.
 */
export const BLOCK_BYTES = 256 * 1024;
/** Lines wait at most this long (wall time) before their write starts: what a kill can lose. */
export const FLUSH_MS = 100;

export interface SessionWriterOptions {
  /** Most bytes the file may hold: past this `onFull` is called once (the run is then stopped). */
  maxBytes?: number;
  /** The file cannot grow: over `maxBytes` (`overCap`), or a write failed (a full disk). Called once. */
  onFull?: (why: string, overCap: boolean) => void;
  /** Permissions of a file this creates (the data folder's are owner-only). */
  mode?: number;
  /** Your own server's URL, already without its password, for the header. */
  server?: string;
}

export class SessionWriter {
  private fd: number;
  /** The block lines are written into: bytes before `start` are queued or written, `start`..`pos` not yet. */
  private block = Buffer.allocUnsafe(BLOCK_BYTES);
  private start = 0;
  private pos = 0;
  /** Sealed parts of blocks waiting for the write under way (never written into again). */
  private queue: Buffer[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing = false;
  private closing: Promise<void> | null = null;
  private drained: (() => void) | null = null;
  /** Bytes sealed: written or waiting to be (the lines from `start` to `pos` not counted yet). */
  private size: number;
  /** Bytes on disk: every queued block written before the one under way (a line ends there). */
  private written: number;
  private fullWhy: string | null = null;
  /** A write failed: later lines would follow a gap in the story, so none is taken. */
  private broken = false;

  constructor(
    readonly path: string,
    scenario: Scenario,
    createdBy: string,
    private readonly opts: SessionWriterOptions = {},
  ) {
    this.fd = fs.openSync(path, 'w', opts.mode ?? 0o666);
    try {
      this.size = this.written = writeAllSync(this.fd, Buffer.from(JSON.stringify(sessionHeader(scenario, createdBy, opts.server)) + '\n', 'utf8'));
    } catch (e) {
      // Not even the header fits (a full disk): no file is left behind, and no descriptor.
      fs.closeSync(this.fd);
      fs.rmSync(path, { force: true });
      throw e;
    }
  }

  /** Why the file stopped growing (its size limit, or a write that failed), or null while it holds every line. */
  get stopped(): string | null {
    return this.fullWhy;
  }

  /** A write failed: the file holds fewer lines than it was given (at its cap it holds each it took). */
  get writeFailed(): boolean {
    return this.broken;
  }

  /** Appends an event's line; the disk waits for a full block, or FLUSH_MS. */
  write(e: LifelineEvent): void {
    if (this.closing || this.fd < 0 || this.broken) return;
    let end = writeJsonLine(this.block, this.pos, e);
    if (end === NO_ROOM) {
      // The block is full: seal what it holds and write the line into a new one.
      this.seal();
      this.block = Buffer.allocUnsafe(BLOCK_BYTES);
      this.start = this.pos = 0;
      end = writeJsonLine(this.block, 0, e);
    }
    if (end < 0) {
      // A line longer than a block, or a value the byte writer leaves to JSON.stringify: its own line, encoded.
      this.seal();
      this.enqueue(Buffer.from(JSON.stringify(e) + '\n', 'utf8'));
    } else this.pos = end;
    const max = this.opts.maxBytes;
    if (max !== undefined && this.bytes > max) this.capped(max);
    this.timer ??= setTimeout(this.flush, FLUSH_MS);
  }

  /** Bytes in the file once everything buffered is written. */
  get bytes(): number {
    return this.size + this.pos - this.start;
  }

  /** Starts writing what is buffered, unless a write is under way. */
  flush = (): void => {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.seal();
    this.next();
  };

  /** The lines written into the block since the last seal join the queue (the block goes on from after them). */
  private seal(): void {
    if (this.pos === this.start) return;
    const lines = this.block.subarray(this.start, this.pos);
    this.start = this.pos;
    this.enqueue(lines);
  }

  private enqueue(chunk: Buffer): void {
    this.queue.push(chunk);
    this.size += chunk.length;
    this.next();
  }

  private capped(max: number): void {
    this.stopGrowing(`the session file reached its size limit of ${formatBytes(max)}`, true);
  }

  /** Writes the oldest queued block; its completion writes the next, or says the queue is drained. */
  private next(): void {
    if (this.writing || this.fd < 0) return;
    const chunk = this.queue.shift();
    if (!chunk) return this.drained?.();
    this.writing = true;
    this.writeFrom(chunk, 0);
  }

  /**
   * Writes `chunk` from `done` on. A short write (a disk filling up takes what fits) is followed by
   * one for the rest, which says why it cannot be written (ENOSPC); each pass writes a byte or more.
   */
  private writeFrom(chunk: Buffer, done: number): void {
    fs.write(this.fd, chunk, done, chunk.length - done, null, (err, n) => {
      if (!err && n > 0 && done + n < chunk.length) return this.writeFrom(chunk, done + n);
      this.writing = false;
      if (err || n <= 0) return this.failed(chunk.subarray(0, done), err);
      this.written += chunk.length;
      this.next();
    });
  }

  /** A write failed with `wrote` of its block on disk: the file is cut back to its last whole line and grows no more. */
  private failed(wrote: Buffer, err: NodeJS.ErrnoException | null): void {
    try {
      fs.ftruncateSync(this.fd, this.written + wrote.lastIndexOf(0x0a) + 1);
    } catch {
      // The reader reads a file cut mid-line up to its last whole line: the cut is tidier, not needed.
    }
    this.broken = true;
    this.queue = [];
    this.start = this.pos;
    this.stopGrowing(`cannot write the session file (${err ? (err.code ?? err.message) : 'the disk took no more bytes'})`);
    this.drained?.();
  }

  private stopGrowing(why: string, overCap = false): void {
    if (this.fullWhy !== null) return;
    this.fullWhy = why;
    this.opts.onFull?.(why, overCap);
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
