// Sessions the inspector can open through the contract: files named on the command line, and the
// data folder where every run started in the inspector is recorded (Electron: userData/sessions;
// browser mode: `--data DIR`). The renderer only ever sees opaque ids, never paths.
import fs from 'node:fs';
import { echo } from '../../shared/util/one-line.ts';
import path from 'node:path';
import type { Result, SessionChunk } from '../../shared/contract/contract.ts';
import { SESSION_CHUNK } from '../../shared/contract/contract.ts';
import { isWholeLine, SessionParser } from '../../shared/session/session-format.ts';
import type { SessionInfo } from '../../shared/session/session-library.ts';
import type { Scenario } from '../../shared/scenario/scenario.ts';
import { ScenarioError } from '../../shared/scenario/scenario.ts';
import { summarize } from '../../shared/folds/summary.ts';
import { readSessionFile } from './session-reader.ts';
import { SessionWriter } from './session-file.ts';
import { captureFormatOf } from '../../shared/capture/capture-blocks.ts';

/** A pcap or pcapng by its first bytes (an unreadable file is not one: the session path reports it). */
/**
 * Why files named on the command line (`serve`, `npm start --`) cannot be opened, or null: each
 * must exist, a name that says capture must be one, and a capture opens alone (two sessions are
 * compared, a capture is not).
 */
export function startupFilesProblem(files: readonly string[]): string | null {
  for (const f of files) {
    if (!fs.existsSync(f)) return `${echo(f)}: no such file`;
    if (/\.(pcap|pcapng|cap)$/i.test(f) && !isCaptureFile(f)) return `${echo(f)}: byte 0: not a pcap or pcapng file`;
  }
  if (files.length > 2) return 'at most two sessions open at once (two are compared)';
  if (files.length > 1 && files.some(isCaptureFile)) return 'a capture opens alone; two session files are compared';
  return null;
}

export function isCaptureFile(file: string): boolean {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const head = Buffer.alloc(4);
      return fs.readSync(fd, head, 0, 4, 0) === 4 && captureFormatOf(head) !== null;
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return false;
  }
}

const ok = <T>(value: T): Result<T> => ({ ok: true, value });
const fail = (error: string): Result<never> => ({ ok: false, error });
const LIB = 'lib:';
const ARG = 'arg:';

export class SessionStore {
  /**
   * The last sessions read, kept as their raw lines, so chunked reads cost a slice; `checked` lines
   * of them have passed the parser (warnings: set once the last line has).
   */
  private cache = new Map<string, { name: string; stamp: string; scenario: Scenario; lines: string[]; rest: string; parser: SessionParser; checked: number; warnings: string[] | null }>();
  private infos = new Map<string, { stamp: string; info: SessionInfo }>();

  private readonly files: string[];

  constructor(private readonly opts: { dir?: string | null; files?: readonly string[] } = {}) {
    if (opts.dir) fs.mkdirSync(opts.dir, { recursive: true });
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
    const file = id.startsWith(ARG) ? this.file(id) : null;
    return file && isCaptureFile(file) ? file : null;
  }

  /** The file behind an id, or null: a library id is a bare file name inside the data folder. */
  private file(id: string): string | null {
    if (id.startsWith(ARG)) return this.files[Number(id.slice(ARG.length))] ?? null;
    const name = id.slice(LIB.length);
    if (!id.startsWith(LIB) || !this.opts.dir || !/^[\w .()-]+\.jsonl$/.test(name)) return null;
    return path.join(this.opts.dir, name);
  }

  private stamp(file: string): string {
    const st = fs.statSync(file);
    return `${st.size}:${st.mtimeMs}`;
  }

  read(id: string, offset: number): Result<SessionChunk> {
    const file = this.file(id);
    if (!file || !fs.existsSync(file)) return fail(`no session ${JSON.stringify(id)}`);
    try {
      const stamp = this.stamp(file);
      let c = this.cache.get(id);
      if (!c || c.stamp !== stamp) {
        // Kept as lines: the page parses them with the same parser, so nothing is re-encoded.
        const lines = fs.readFileSync(file, 'utf8').split('\n');
        let rest = lines.pop()!; // the cut-off tail, or the empty string after the last '\n'
        // A whole last line without its '\n' is a line like the others (the page parses the lines).
        if (isWholeLine(rest)) {
          lines.push(rest);
          rest = '';
        }
        const parser = new SessionParser(file);
        if (lines.length === 0) parser.end(rest); // throws: an empty file or a cut-off header
        parser.check(lines.shift()!);
        c = { name: path.basename(file), stamp, scenario: parser.headerRead!.scenario, lines, rest, parser, checked: 0, warnings: null };
        // Two sessions (a compare) stay open; older ones are dropped.
        if (this.cache.size >= 2) this.cache.delete(this.cache.keys().next().value!);
        this.cache.set(id, c);
      }
      const end = Math.min(c.lines.length, offset + SESSION_CHUNK);
      // Checked as they are handed out, in file order, so the first chunk leaves at once instead of
      // after a check of the whole file; a bad line is an error in the chunk that holds it.
      try {
        while (c.checked < end) c.parser.check(c.lines[c.checked++]!);
        if (end === c.lines.length) c.warnings ??= c.parser.end(c.rest).warnings;
      } catch (e) {
        this.cache.delete(id); // read again, the same line fails the same way
        throw e;
      }
      return ok({
        name: c.name,
        scenario: c.scenario,
        lines: c.lines.slice(offset, end).join('\n'),
        firstLine: offset + 2,
        next: end < c.lines.length ? end : null,
        total: c.lines.length,
        warnings: end === c.lines.length ? c.warnings! : [],
      });
    } catch (e) {
      return fail(e instanceof ScenarioError ? e.message : `${path.basename(file)}: ${(e as Error).message}`);
    }
  }

  list(): Result<SessionInfo[]> {
    const dir = this.opts.dir;
    if (!dir) return ok([]);
    const out: SessionInfo[] = [];
    for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.jsonl'))) {
      const file = path.join(dir, name);
      try {
        const stamp = this.stamp(file);
        const known = this.infos.get(name);
        if (known && known.stamp === stamp) {
          out.push(known.info);
          continue;
        }
        const s = readSessionFile(file);
        const sum = summarize(s.events);
        const start = s.events.find((e) => e.kind === 'run.start');
        const info: SessionInfo = {
          id: `${LIB}${name}`,
          name: name.replace(/\.jsonl$/, ''),
          scenario: s.header.scenario.name,
          createdAt: start && start.kind === 'run.start' ? start.wallClock : new Date(fs.statSync(file).mtimeMs).toISOString(),
          durationSec: sum.simulatedSec,
          deadSec: sum.deadSec,
          pushesLost: sum.pushes.lost,
          disconnects: sum.disconnects,
          events: s.events.length,
        };
        this.infos.set(name, { stamp, info });
        out.push(info);
      } catch {
        // A broken file in the folder is listed by nobody but does not hide the others.
      }
    }
    return ok(out.sort((a, b) => b.createdAt.localeCompare(a.createdAt)));
  }

  delete(id: string): Result<null> {
    const file = this.file(id);
    if (!file || !id.startsWith(LIB) || !fs.existsSync(file)) return fail(`no session ${JSON.stringify(id)}`);
    fs.rmSync(file);
    this.cache.delete(id);
    return ok(null);
  }

  rename(id: string, asked: string): Result<SessionInfo> {
    // "x.jsonl" means x: the extension is the folder's, not part of a name.
    const name = asked.replace(/\.jsonl$/i, '');
    if (!name) return fail(`${JSON.stringify(asked)}: a name is needed before .jsonl`);
    const file = this.file(id);
    if (!file || !id.startsWith(LIB) || !fs.existsSync(file)) return fail(`no session ${JSON.stringify(id)}`);
    const to = path.join(path.dirname(file), `${name}.jsonl`);
    if (fs.existsSync(to)) return fail(`a session named "${name}" exists already`);
    fs.renameSync(file, to);
    this.cache.delete(id);
    const info = this.list();
    const found = info.ok ? info.value.find((i) => i.id === `${LIB}${name}.jsonl`) : undefined;
    return found ? ok(found) : fail(`${name}: renamed, but cannot be read back`);
  }

  /** A writer for a new run in the data folder, or null without one. */
  record(scenario: Scenario, createdBy: string, server?: string): SessionWriter | null {
    if (!this.opts.dir) return null;
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const safe = scenario.name.replace(/[^\w.-]+/g, '-').slice(0, 60);
    return new SessionWriter(path.join(this.opts.dir, `${stamp} ${safe}.jsonl`), scenario, createdBy, server);
  }
}
