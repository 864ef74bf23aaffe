// What the Sessions list shows of each file in the data folder, cached by the file's size and
// modification time in a hidden index file beside them (`.lifeline-index.json`), so listing reads
// a directory and an index, never the sessions. A run recorded here is entered when it ends (its
// summary is at hand); a file that arrived otherwise is summarised in the background, one at a
// time, a block at a time, folded as it is read: listing stays bounded in time and memory
// whatever the folder holds, and the host stays free for other clients meanwhile.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { SessionInfo } from '../../shared/session/session-library.ts';
import { SessionParser } from '../../shared/session/session-format.ts';
import { SummaryFold, type Summary } from '../../shared/folds/summary.ts';
import { ScenarioError, type Scenario } from '../../shared/scenario/scenario.ts';
import { readLines } from './file-lines.ts';
import { stampOf } from './session-chunks.ts';

export const INDEX_FILE = '.lifeline-index.json';
/** An index bigger than this is not ours (an entry is a few hundred bytes): it is rebuilt. */
const MAX_INDEX_BYTES = 16 << 20;

/** A session's listing without its id (the id follows the name). */
export type Listing = Omit<SessionInfo, 'id' | 'pending'>;

interface Entry {
  stamp: string;
  /** The listing, or why the file cannot be read (then it is not listed, and not read again until it changes). */
  listing?: Listing;
  broken?: string;
}

/** A run that ended before its scenario's duration (stopped, or its host gone) is marked interrupted. */
export function listingOf(name: string, scenario: Pick<Scenario, 'name' | 'durationSec'>, createdAt: string, summary: Summary, events: number): Listing {
  const interrupted = summary.simulatedSec < scenario.durationSec ? { interrupted: true as const } : {};
  return { name: name.replace(/\.jsonl$/, ''), scenario: scenario.name, createdAt, durationSec: summary.simulatedSec, deadSec: summary.deadSec, pushesLost: summary.pushes.lost, disconnects: summary.disconnects, events, ...interrupted };
}

export class SessionIndex {
  private entries = new Map<string, Entry>();
  private queue: string[] = [];
  private working = false;
  /** Settles when the background summaries queued so far are done (tests, and a clean stop). */
  private idle: Promise<void> = Promise.resolve();
  private markIdle: () => void = () => {};
  private stopped = false;

  constructor(private readonly dir: string) {
    this.load();
  }

  /** The entry for `name` if it describes this version of the file. */
  get(name: string, st: fs.Stats): Entry | undefined {
    const e = this.entries.get(name);
    return e && e.stamp === stampOf(st) ? e : undefined;
  }

  set(name: string, st: fs.Stats, entry: Omit<Entry, 'stamp'>): void {
    this.entries.set(name, { stamp: stampOf(st), ...entry });
    this.save();
  }

  rename(from: string, to: string): void {
    const e = this.entries.get(from);
    this.entries.delete(from);
    if (e) this.entries.set(to, e.listing ? { ...e, listing: { ...e.listing, name: to.replace(/\.jsonl$/, '') } } : e);
    this.save();
  }

  delete(name: string): void {
    if (this.entries.delete(name)) this.save();
  }

  /** Forgets files no longer in the folder, so the index follows the folder. */
  keepOnly(names: ReadonlySet<string>): void {
    let changed = false;
    for (const n of this.entries.keys()) if (!names.has(n)) changed = this.entries.delete(n) || changed;
    if (changed) this.save();
  }

  /** Queues a file to be summarised in the background (once, however often it is listed meanwhile). */
  summarise(name: string): void {
    if (this.stopped || this.queue.includes(name)) return;
    this.queue.push(name);
    if (!this.working) void this.work();
  }

  /** Resolves when the queue is empty. */
  settled(): Promise<void> {
    return this.idle;
  }

  stop(): void {
    this.stopped = true;
    this.queue = [];
  }

  private async work(): Promise<void> {
    this.working = true;
    this.idle = new Promise((r) => (this.markIdle = r));
    for (let name = this.queue.shift(); name !== undefined && !this.stopped; name = this.queue.shift()) {
      await this.summariseOne(name).catch(() => {});
    }
    this.working = false;
    this.markIdle();
  }

  private async summariseOne(name: string): Promise<void> {
    const file = path.join(this.dir, name);
    let fh: fsp.FileHandle;
    try {
      fh = await fsp.open(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
    } catch {
      return;
    }
    try {
      const st = await fh.stat();
      if (!st.isFile()) return;
      const parser = new SessionParser(name);
      const fold = new SummaryFold();
      let events = 0;
      let createdAt = new Date(st.mtimeMs).toISOString();
      let entry: Omit<Entry, 'stamp'>;
      try {
        const r = await readLines(fh, name, 0, 1, (line) => {
          const e = parser.check(line);
          if (e) {
            events++;
            fold.push(e);
            if (e.kind === 'run.start') createdAt = e.wallClock;
          }
          return !this.stopped;
        });
        if (this.stopped) return;
        parser.end(r.tail);
        entry = { listing: listingOf(name, parser.headerRead!.scenario, createdAt, fold.result(), events) };
      } catch (e) {
        if (!(e instanceof ScenarioError)) throw e;
        entry = { broken: e.message };
      }
      // A file that changed while it was read is read again at the next listing.
      const now = await fh.stat();
      if (stampOf(now) === stampOf(st)) this.set(name, st, entry);
    } finally {
      await fh.close();
    }
  }

  private load(): void {
    try {
      const file = path.join(this.dir, INDEX_FILE);
      const st = fs.lstatSync(file);
      if (!st.isFile() || st.size > MAX_INDEX_BYTES) return;
      const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as { version?: unknown; entries?: unknown };
      if (raw.version !== 1 || !raw.entries || typeof raw.entries !== 'object') return;
      for (const [name, e] of Object.entries(raw.entries as Record<string, Entry>)) {
        if (typeof e?.stamp === 'string' && (e.broken !== undefined || isListing(e.listing))) this.entries.set(name, e);
      }
    } catch {
      // No index yet, or one that is not ours: it is rebuilt as sessions are listed.
    }
  }

  /** Written whole to a temporary file and renamed over the old one: a crash leaves one or the other. */
  private save(): void {
    const file = path.join(this.dir, INDEX_FILE);
    const tmp = `${file}.${process.pid}.tmp`;
    try {
      fs.writeFileSync(tmp, JSON.stringify({ version: 1, entries: Object.fromEntries(this.entries) }), { mode: 0o600 });
      fs.renameSync(tmp, file);
    } catch {
      // A read-only folder lists from memory.
    }
  }
}

function isListing(x: unknown): x is Listing {
  const l = x as Listing | undefined;
  return !!l && typeof l.name === 'string' && typeof l.scenario === 'string' && typeof l.createdAt === 'string' && ['durationSec', 'deadSec', 'pushesLost', 'disconnects', 'events'].every((k) => typeof (l as unknown as Record<string, unknown>)[k] === 'number');
}
