// Session files on disk, written as events happen so a killed run leaves a readable file, and off
// the simulation's hot path: recording an event costs its JSON.stringify and a string append, no
// more. Lines gather in one string; a block's worth, or lines that have waited FLUSH_MS, are
// encoded in one call (not one call per line) and go to disk on libuv's thread pool, one write at
// a time. A slow or busy disk never blocks the clock (docs/design.md "Session format").
import fs from 'node:fs';
import type { LifelineEvent } from '../../shared/log/events.ts';
import type { Scenario } from '../../shared/scenario/scenario.ts';
import { sessionHeader } from '../../shared/session/session-format.ts';
import { formatBytes } from '../../shared/util/format-bytes.ts';

/**
 * Characters of lines gathered before they are encoded and written: a fast run writes in blocks
 * this size (a 24 h run about ten), as each write is a round trip to the thread pool. What a kill
 * can lose is bounded by FLUSH_MS, not by this.
 */
export const FLUSH_CHARS = 256 * 1024;
/** Lines wait at most this long (wall time) before their write starts: what a kill can lose. */
export const FLUSH_MS = 100;

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
  /** Lines not yet encoded, each ending in '\n' (appending builds a rope; encoding flattens it once). */
  private text = '';
  /** Encoded blocks waiting for the write under way. */
  private queue: Buffer[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing = false;
  private closing: Promise<void> | null = null;
  private drained: (() => void) | null = null;
  /** Bytes of the encoded blocks, written or waiting to be (the lines in `text` not counted yet). */
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

  /** Appends an event's line; encoding and the disk wait for a block's worth, or FLUSH_MS. */
  write(e: LifelineEvent): void {
    if (this.closing || this.fd < 0) return;
    this.text += JSON.stringify(e) + '\n';
    // Characters are a lower bound on UTF-8 bytes: over the cap by them is over it in bytes. The
    // exact count comes when the block is encoded (grew).
    const max = this.opts.maxBytes;
    if (max !== undefined && this.size + this.text.length > max) this.capped(max);
    if (this.text.length >= FLUSH_CHARS) this.seal();
    else this.timer ??= setTimeout(this.flush, FLUSH_MS);
  }

  /** Bytes in the file once everything buffered is written. */
  get bytes(): number {
    return this.size + Buffer.byteLength(this.text);
  }

  /** Starts writing what is buffered, unless a write is under way. */
  flush = (): void => {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.seal();
    this.next();
  };

  /** The lines gathered so far are encoded, in one call, and join the queue. */
  private seal(): void {
    if (this.text === '') return;
    const block = Buffer.from(this.text, 'utf8');
    this.text = '';
    this.queue.push(block);
    this.size += block.length;
    const max = this.opts.maxBytes;
    if (max !== undefined && this.size > max) this.capped(max);
    this.next();
  }

  private capped(max: number): void {
    this.stopGrowing(`the session file reached its size limit of ${formatBytes(max)}`);
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
        this.text = '';
        this.stopGrowing(`cannot write the session file (${err ? (err.code ?? err.message) : 'short write'})`);
        return this.drained?.();
      }
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
