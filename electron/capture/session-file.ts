// Session files on disk, written as events happen so a killed run leaves a readable file, and off
// the simulation's hot path: recording an event appends a line to a buffer; the buffer goes to
// disk on libuv's thread pool, one write at a time, once it holds FLUSH_BYTES or has waited
// FLUSH_MS. A slow or busy disk never blocks the clock (docs/design.md "Session format").
import fs from 'node:fs';
import type { LifelineEvent } from '../../shared/log/events.ts';
import type { Scenario } from '../../shared/scenario/scenario.ts';
import { sessionHeader } from '../../shared/session/session-format.ts';

/** A buffer this full is written at once: a fast run writes in blocks, not once per clock step. */
export const FLUSH_BYTES = 64 * 1024;
/** Lines wait at most this long (wall time) before their write starts: what a kill can lose. */
export const FLUSH_MS = 100;

export interface SessionWriterOptions {
  /** Most bytes the file may hold: past this `onFull` is called once (the run is then stopped). */
  maxBytes?: number;
  /** The file cannot grow: over `maxBytes`, or a write failed (a full disk). Called once. */
  onFull?: (why: string) => void;
  /** Permissions of a file this creates (the data folder's are owner-only). */
  mode?: number;
}

export class SessionWriter {
  private fd: number;
  private buf = '';
  private timer: NodeJS.Timeout | null = null;
  private writing = false;
  private closing: Promise<void> | null = null;
  private drained: (() => void) | null = null;
  /** Characters written or buffered: bytes for the ASCII the engine records, a lower bound otherwise. */
  private size: number;
  private full = false;

  constructor(
    readonly path: string,
    scenario: Scenario,
    createdBy: string,
    private readonly opts: SessionWriterOptions = {},
  ) {
    this.fd = fs.openSync(path, 'w', opts.mode ?? 0o666);
    const header = JSON.stringify(sessionHeader(scenario, createdBy)) + '\n';
    fs.writeSync(this.fd, header);
    this.size = header.length;
  }

  /** Appends an event: a string append here; the disk is written by the thread pool. */
  write(e: LifelineEvent): void {
    if (this.closing || this.fd < 0) return;
    const line = JSON.stringify(e) + '\n';
    this.buf += line;
    this.size += line.length;
    if (this.buf.length >= FLUSH_BYTES) this.flush();
    else this.timer ??= setTimeout(this.flush, FLUSH_MS);
    const max = this.opts.maxBytes;
    if (max !== undefined && this.size > max) this.stopGrowing(`the session file reached its size limit of ${formatBytes(max)}`);
  }

  /** Bytes in the file once everything buffered is written. */
  get bytes(): number {
    return this.size;
  }

  /** Starts writing what is buffered, unless a write is under way (its completion starts the next). */
  flush = (): void => {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.writing || this.fd < 0) return;
    if (this.buf.length === 0) return this.drained?.();
    const chunk = this.buf;
    this.buf = '';
    this.writing = true;
    fs.write(this.fd, chunk, null, 'utf8', (err) => {
      this.writing = false;
      if (err) {
        this.buf = '';
        this.stopGrowing(`cannot write the session file (${err.code ?? err.message})`);
        return this.drained?.();
      }
      // What came in meanwhile goes now when closing or when a block is full, else on its timer.
      if (this.closing || this.buf.length >= FLUSH_BYTES) this.flush();
      else if (this.buf.length) this.timer ??= setTimeout(this.flush, FLUSH_MS);
    });
  };

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

export function formatBytes(n: number): string {
  return n >= 1 << 20 ? `${+(n / (1 << 20)).toFixed(1)} MB` : `${Math.round(n / 1024)} KB`;
}
