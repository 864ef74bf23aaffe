// The session file (docs/design.md "Session format"): JSON Lines, a header line, then one event per line. Parsing is
// pure and goes line by line, so the CLI and the host stream a file from disk, the page's file
// reader a picked one, and all give the same errors: one line naming the file and the line number.
import type { LifelineEvent } from '../log/events.ts';
import { eventProblem } from '../log/event-check.ts';
import { EVENT_BUDGET, MAX_SCENARIO_BYTES, validateScenario, type Scenario, ScenarioError } from '../scenario/scenario.ts';

export const SESSION_FORMAT = 'lifeline-session';
export const SESSION_VERSION = 1;

/**
 * Longest event line a reader accepts, in bytes (docs/design.md "Session format"): the longest
 * event Lifeline writes (a frame holding a 1,024-byte wire line, every byte escaped) is under 7,000.
 * Readers stop at this many characters without a line end, so a file of any shape is read in
 * bounded memory.
 */
export const MAX_EVENT_LINE = 64 * 1024;
/** The header line carries the scenario: any valid one fits, with room for the other fields. */
export const MAX_HEADER_LINE = MAX_SCENARIO_BYTES + 64 * 1024;
/** Most events a session holds: no run records more than its budget, then its run.end. */
export const MAX_SESSION_EVENTS = EVENT_BUDGET + 1;

/** The longest line `lineNo` (1 = the header) may be. */
export function maxLineLength(lineNo: number): number {
  return lineNo === 1 ? MAX_HEADER_LINE : MAX_EVENT_LINE;
}

/** Why line `lineNo` is refused (counted in bytes on disk, in characters in memory: a line over in characters is over in bytes). */
export function lineTooLong(lineNo: number): string {
  return `longer than ${maxLineLength(lineNo).toLocaleString('en')} bytes, the most a session ${lineNo === 1 ? 'header' : 'event'} line may hold`;
}

/**
 * Cuts text that arrives in chunks into lines, refusing a line over its limit as soon as it grows
 * past it (the rest of a 200 MB line is never held). `end()` returns what followed the last '\n'.
 */
export class LineSplitter {
  private rest = '';
  /** Whole lines handed out so far. */
  lines = 0;

  constructor(
    private readonly source: string,
    private readonly onLine: (line: string) => void,
  ) {}

  push(text: string): void {
    const t = this.rest + text;
    let from = 0;
    for (let nl = t.indexOf('\n'); nl >= 0; nl = t.indexOf('\n', from)) {
      this.check(nl - from);
      this.lines++;
      this.onLine(t.slice(from, nl));
      from = nl + 1;
    }
    this.rest = t.slice(from);
    this.check(this.rest.length);
  }

  end(): string {
    return this.rest;
  }

  private check(length: number): void {
    // A CR before the '\n' is not content.
    if (length > maxLineLength(this.lines + 1) + 1) throw new ScenarioError(this.source, [`line ${this.lines + 1}: ${lineTooLong(this.lines + 1)}`]);
  }
}

export interface SessionHeader {
  format: typeof SESSION_FORMAT;
  version: number;
  scenario: Scenario;
  createdBy: string;
  /** Your own server's URL without a password (docs/own-server.md); absent: the built-in server. */
  server?: string;
}

export interface ParsedSession {
  header: SessionHeader;
  events: LifelineEvent[];
  /** The file ended mid-line (the app was killed while writing); everything before it is kept. */
  truncated: boolean;
  /** Said once on stderr (CLI) or as a notice (inspector); never fatal. */
  warnings: string[];
}

export function sessionHeader(scenario: Scenario, createdBy: string, server?: string): SessionHeader {
  return { format: SESSION_FORMAT, version: SESSION_VERSION, scenario, createdBy, ...(server !== undefined ? { server } : {}) };
}

/** Does this text look like a session (rather than a scenario)? By content: the header's format. */
export function looksLikeSession(text: string): boolean {
  return /^\uFEFF?\s*\{\s*"format"\s*:\s*"lifeline-session"/.test(text.slice(0, 200));
}

/**
 * Reads a session one line at a time. `line()` takes each whole line (without '\n'); `end()` takes
 * whatever followed the last '\n' (a cut-off write when not empty). Throws ScenarioError naming
 * the source and the line.
 */
export class SessionParser {
  private header: SessionHeader | null = null;
  private lineNo = 0;
  private lastT = 0;
  /** Events read so far, kept or not (the cut-off warning counts them). */
  private count = 0;
  /** The run's first and last events, each at most once: a session holds one run. */
  private started = false;
  private ended = false;
  private endLine = 0;
  readonly events: LifelineEvent[] = [];
  private truncated = false;
  private readonly warnings: string[] = [];

  /** `resume`: continue a session whose header was already read, at file line `lineNo + 1`. */
  constructor(
    private readonly source: string,
    resume?: { header: SessionHeader; lineNo: number; lastT: number },
  ) {
    if (resume) {
      this.header = resume.header;
      this.lineNo = resume.lineNo;
      this.lastT = resume.lastT;
    }
  }

  private fail(why: string): never {
    throw new ScenarioError(this.source, [`line ${this.lineNo}: ${why}`]);
  }

  /** The header, once line 1 was read. */
  get headerRead(): SessionHeader | null {
    return this.header;
  }

  line(raw: string): void {
    const e = this.check(raw);
    if (e) this.events.push(e);
  }

  /**
   * Reads one line like `line()` without keeping its event: it returns it (null for the header or
   * a blank line), so a caller that folds events as they come (the inspector's loader) or only
   * checks them (the host) holds no second copy of a million events.
   */
  check(raw: string): LifelineEvent | null {
    this.lineNo++;
    // A UTF-8 BOM (some editors add one) and CRLF line ends are not content.
    let line = this.lineNo === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.length > maxLineLength(this.lineNo)) this.fail(lineTooLong(this.lineNo));
    if (this.header === null) {
      this.header = this.parseHeader(line);
      return null;
    }
    if (line.trim() === '') return null;
    let e: unknown;
    try {
      e = JSON.parse(line);
    } catch {
      this.fail('not valid JSON');
    }
    const why = eventProblem(e);
    if (why) this.fail(why);
    const ev = e as LifelineEvent;
    // Views find times by binary search: a file out of time order (lines swapped) is corrupt.
    if (ev.t < this.lastT) this.fail(`t: ${ev.t} is before the previous event's ${this.lastT} (events must be in time order)`);
    if (this.ended) this.fail(`an event after the run's run.end (line ${this.endLine}): a session holds one run`);
    if (ev.kind === 'run.start') {
      if (this.started) this.fail(`a second run.start: a session holds one run (record each run in its own file)`);
      this.started = true;
    } else if (ev.kind === 'run.end') {
      this.ended = true;
      this.endLine = this.lineNo;
    }
    if (++this.count > MAX_SESSION_EVENTS) this.fail(`more than ${MAX_SESSION_EVENTS.toLocaleString('en')} events, more than any run records (its event budget, then run.end)`);
    this.lastT = ev.t;
    return ev;
  }

  end(rest: string): ParsedSession {
    if (isWholeLine(rest)) {
      // A whole last line that lacks only its '\n' (another tool wrote it, or the newline was lost)
      // is read like any other: dropping it would lose run.end and its wallMs.
      this.line(rest);
      rest = '';
    }
    if (rest.length > 0) {
      this.truncated = true;
      // A last line without '\n' is a write cut short: open up to the last whole line.
      const n = this.lineNo + 1;
      if (this.header === null) {
        this.lineNo = n;
        this.fail('the header is cut off (the file ends mid-line)');
      }
      this.warnings.push(`${this.source}: line ${n} is cut off (the file ends mid-line); read the ${this.count} events before it`);
    }
    if (this.header === null) throw new ScenarioError(this.source, ['line 1: empty file, expected a lifeline-session header']);
    return { header: this.header, events: this.events, truncated: this.truncated, warnings: this.warnings };
  }

  private parseHeader(line: string): SessionHeader {
    let h: Record<string, unknown>;
    try {
      h = JSON.parse(line) as Record<string, unknown>;
    } catch {
      this.fail(line.trim() === '' ? 'empty file, expected a lifeline-session header' : 'header is not valid JSON');
    }
    if (!h || typeof h !== 'object' || h.format !== SESSION_FORMAT) this.fail(`format: expected "${SESSION_FORMAT}"`);
    const v = h.version;
    if (typeof v === 'number' && Number.isInteger(v) && v > SESSION_VERSION) {
      this.fail(`version: ${v} is newer than this build of Lifeline understands (up to ${SESSION_VERSION}); update Lifeline to open it`);
    }
    if (typeof v !== 'number') this.fail(`version: expected a number, got ${v === null ? 'null' : typeof v}`);
    if (v !== SESSION_VERSION) this.fail(`version: ${v} is not supported (expected ${SESSION_VERSION})`);
    const scenario = validateScenario(h.scenario, `${this.source} line 1 scenario`);
    return { ...sessionHeader(scenario, typeof h.createdBy === 'string' ? h.createdBy : ''), ...(typeof h.server === 'string' ? { server: h.server } : {}) };
  }
}

/**
 * Is the text after a file's last '\n' a whole line that only lacks its newline? A write cut short
 * leaves a JSON object without its closing brace, which never parses; a whole line always does.
 */
export function isWholeLine(rest: string): boolean {
  if (rest.trim() === '') return false;
  try {
    JSON.parse(rest);
    return true;
  } catch {
    return false;
  }
}
