// Sessions the inspector can open through the contract: files named on the command line, and the
// data folder where every run started in the inspector is recorded (Electron: userData/sessions;
// browser mode: `--data DIR`). The renderer only ever sees opaque ids, never paths.
//
// The data folder is the host's own, and clients are not trusted with it: it is created owner-only;
// only regular files named `*.jsonl` in it are sessions (a symlink or a directory is neither
// listed, read, renamed nor deleted, and links are refused when opening, O_NOFOLLOW); listing reads
// the directory and an index of summaries (session-index.ts), reading streams chunks
// (session-chunks.ts), both asynchronously and in bounded memory.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Result, SessionChunk } from '../../shared/contract/contract.ts';
import type { SessionInfo } from '../../shared/session/session-library.ts';
import type { Scenario } from '../../shared/scenario/scenario.ts';
import { ScenarioError } from '../../shared/scenario/scenario.ts';
import type { Summary } from '../../shared/folds/summary.ts';
import { SessionWriter, type SessionWriterOptions } from './session-file.ts';
import { OpenSession, stampOf, type OpenFlags } from './session-chunks.ts';
import { listingOf, SessionIndex } from './session-index.ts';
import { sessionFileName } from '../../shared/session/session-name.ts';
import { isCaptureFile } from './startup-files.ts';

const ok = <T>(value: T): Result<T> => ({ ok: true, value });
const fail = (error: string): Result<never> => ({ ok: false, error });
const LIB = 'lib:';
const ARG = 'arg:';
const SESSION_NAME = /^[\w .()-]+\.jsonl$/;
/** A library file is opened without following a symlink in its place. */
const NO_FOLLOW: OpenFlags = fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW;
/** Directory entries looked at per listing, and sessions listed (the newest): bounded whatever the folder holds. */
export const MAX_SCANNED = 10_000;
export const MAX_LISTED = 1_000;
/** Sessions kept open for chunked reading (a compare is two; each is a few numbers, not the file). */
const OPEN_SESSIONS = 8;

export class SessionStore {
  private open = new Map<string, OpenSession>();
  private readonly files: string[];
  private readonly index: SessionIndex | null;
  /** Files in the data folder still being recorded (not summarised until their run ends). */
  private readonly recording = new Set<string>();

  constructor(private readonly opts: { dir?: string | null; files?: readonly string[] } = {}) {
    // Owner-only when we create it: runs may hold what a user would not show others.
    if (opts.dir && !fs.existsSync(opts.dir)) fs.mkdirSync(opts.dir, { recursive: true, mode: 0o700 });
    if (opts.dir && !fs.statSync(opts.dir).isDirectory()) throw Object.assign(new Error(`${opts.dir} is not a directory`), { code: 'ENOTDIR' });
    this.index = opts.dir ? new SessionIndex(opts.dir) : null;
    this.files = [...(opts.files ?? [])];
  }

  /** A file the user opened (a native dialog): its id for session.read. */
  add(file: string): string {
    const i = this.files.indexOf(file);
    return `${ARG}${i >= 0 ? i : this.files.push(file) - 1}`;
  }

  get dir(): string | null {
    return this.opts.dir ?? null;
  }

  /** Files named on the command line; a pcap or pcapng (told by its magic bytes) is a capture. */
  startup(): { sessions: { id: string; name: string; kind?: 'capture' }[] } {
    return { sessions: (this.opts.files ?? []).map((f, i) => ({ id: `${ARG}${i}`, name: path.basename(f), ...(isCaptureFile(f) ? { kind: 'capture' as const } : {}) })) };
  }

  /** The capture file behind an id the host handed out (command line, native dialog), or null. */
  captureFile(id: string): string | null {
    const file = id.startsWith(ARG) ? this.files[Number(id.slice(ARG.length))] ?? null : null;
    return file && isCaptureFile(file) ? file : null;
  }

  /** The file behind an id and how to open it, or null: a library id is a bare file name inside the data folder. */
  private file(id: string): { file: string; name: string; flags: OpenFlags; lib: boolean } | null {
    if (id.startsWith(ARG)) {
      const file = this.files[Number(id.slice(ARG.length))];
      return file === undefined ? null : { file, name: path.basename(file), flags: 'r', lib: false };
    }
    const name = id.slice(LIB.length);
    if (!id.startsWith(LIB) || !this.opts.dir || !SESSION_NAME.test(name)) return null;
    return { file: path.join(this.opts.dir, name), name, flags: NO_FOLLOW, lib: true };
  }

  /** A session in the data folder: a regular file, not a link or a directory that happens to end in .jsonl. */
  private async libraryFile(id: string): Promise<{ file: string; name: string; st: fs.Stats } | null> {
    const f = this.file(id);
    if (!f?.lib) return null;
    const st = await fsp.lstat(f.file).catch(() => null);
    return st?.isFile() ? { file: f.file, name: f.name, st } : null;
  }

  async read(id: string, offset: number): Promise<Result<SessionChunk>> {
    const f = this.file(id);
    if (!f) return fail(`no session ${JSON.stringify(id)}`);
    try {
      let s = this.open.get(id);
      const st = await fsp.stat(f.file).catch(() => null);
      if (!st) return fail(`no session ${JSON.stringify(id)}`);
      if (!s || s.stamp !== stampOf(st) || offset === 0) {
        s = await OpenSession.open(f.file, f.name, f.flags);
        // Sessions recently read stay open (a compare reads two); the oldest is closed.
        this.open.delete(id);
        if (this.open.size >= OPEN_SESSIONS) this.open.delete(this.open.keys().next().value!);
        this.open.set(id, s);
      }
      try {
        return ok(await s.chunk(offset));
      } catch (e) {
        this.open.delete(id); // read again, the same line fails the same way
        throw e;
      }
    } catch (e) {
      return fail(e instanceof ScenarioError ? named(e, f.file, f.name) : `${f.name}: ${(e as Error).message}`);
    }
  }

  /**
   * The sessions in the data folder, newest first: from the index, never by reading a session.
   * A file the index does not know is listed as pending and summarised in the background.
   */
  async list(): Promise<Result<SessionInfo[]>> {
    const dir = this.opts.dir;
    if (!dir || !this.index) return ok([]);
    const found: { name: string; st: fs.Stats }[] = [];
    const names = new Set<string>();
    const d = await fsp.opendir(dir);
    try {
      let scanned = 0;
      for await (const ent of d) {
        if (++scanned > MAX_SCANNED) break;
        // A symlink or a directory is not a session, whatever its name.
        if (!ent.isFile() || !SESSION_NAME.test(ent.name)) continue;
        const st = await fsp.lstat(path.join(dir, ent.name)).catch(() => null);
        if (!st?.isFile()) continue;
        found.push({ name: ent.name, st });
        names.add(ent.name);
      }
    } finally {
      await d.close().catch(() => {});
    }
    found.sort((a, b) => b.st.mtimeMs - a.st.mtimeMs);
    if (found.length >= MAX_LISTED) this.index.keepOnly(names);
    const out: SessionInfo[] = [];
    for (const { name, st } of found.slice(0, MAX_LISTED)) {
      const id = `${LIB}${name}`;
      const known = this.index.get(name, st);
      if (known?.listing) out.push({ id, ...known.listing });
      else if (!known) {
        const recording = this.recording.has(name);
        if (!recording) this.index.summarise(name);
        out.push({ id, name: name.replace(/\.jsonl$/, ''), scenario: '', createdAt: new Date(st.mtimeMs).toISOString(), durationSec: 0, deadSec: 0, pushesLost: 0, disconnects: 0, events: 0, pending: recording ? 'recording' : 'summarising' });
      }
      // A broken file in the folder is listed by nobody but does not hide the others.
    }
    if (found.length < MAX_LISTED) this.index.keepOnly(names);
    return ok(out.sort((a, b) => b.createdAt.localeCompare(a.createdAt)));
  }

  /** Resolves once the background summaries queued so far are done. */
  summarised(): Promise<void> {
    return this.index?.settled() ?? Promise.resolve();
  }

  /** A session a run is still writing is neither renamed nor deleted: its writer holds the file and would lose what follows. */
  private stillRecording(name: string, verb: 'rename' | 'delete'): string | null {
    return this.recording.has(name) ? `${name.replace(/\.jsonl$/, '')}: still being recorded; ${verb} it when the run ends` : null;
  }

  async delete(id: string): Promise<Result<null>> {
    const f = await this.libraryFile(id);
    if (!f) return fail(`no session ${JSON.stringify(id)}`);
    const busy = this.stillRecording(f.name, 'delete');
    if (busy) return fail(busy);
    await fsp.rm(f.file);
    this.open.delete(id);
    this.index?.delete(f.name);
    return ok(null);
  }

  async rename(id: string, asked: string): Promise<Result<SessionInfo>> {
    // "x.jsonl" means x: the extension is the folder's, not part of a name.
    const name = asked.replace(/\.jsonl$/i, '');
    if (!name) return fail(`${JSON.stringify(asked)}: a name is needed before .jsonl`);
    const f = await this.libraryFile(id);
    if (!f) return fail(`no session ${JSON.stringify(id)}`);
    const busy = this.stillRecording(f.name, 'rename');
    if (busy) return fail(busy);
    const toName = `${name}.jsonl`;
    const to = path.join(path.dirname(f.file), toName);
    if (await fsp.lstat(to).then(() => true, () => false)) return fail(`a session named "${name}" exists already`);
    await fsp.rename(f.file, to);
    this.open.delete(id);
    this.index?.rename(f.name, toName);
    const info = await this.list();
    const found = info.ok ? info.value.find((i) => i.id === `${LIB}${toName}`) : undefined;
    return found ? ok(found) : fail(`${name}: renamed, but cannot be read back`);
  }

  /**
   * A writer for a new run in the data folder (owner-only), or null without one. Call finished()
   * when the run is over: the listing is then entered from its summary, not read back.
   */
  record(scenario: Scenario, createdBy: string, opts: SessionWriterOptions = {}): SessionWriter | null {
    if (!this.opts.dir) return null;
    const name = sessionFileName(scenario.name, new Date());
    const w = new SessionWriter(path.join(this.opts.dir, name), scenario, createdBy, { mode: 0o600, ...opts });
    this.recording.add(name);
    return w;
  }

  /** The run recorded by `w` is over and its file closed: its listing comes from its summary. */
  finished(w: SessionWriter, scenario: Scenario, wallClock: string, summary: Summary, events: number): void {
    const name = path.basename(w.path);
    this.recording.delete(name);
    try {
      const st = fs.lstatSync(w.path);
      // A file a failed write cut short (a full disk) holds less than the run: it is summarised
      // from what it holds, as any file the index does not know, not listed from the run's summary.
      if (st.isFile() && !w.writeFailed) this.index?.set(name, st, { listing: listingOf(name, scenario, wallClock, summary, events) });
    } catch {
      // Deleted while it was recorded: nothing to list.
    }
  }

  /** Stops background work (the host is closing). */
  dispose(): void {
    this.index?.stop();
  }
}

/** A parser error names the path it was given; clients see the session's name instead. */
function named(e: ScenarioError, file: string, name: string): string {
  return e.message.startsWith(file) ? name + e.message.slice(file.length) : e.message;
}
