// Getting sessions into the inspector: from the host through the contract (command line, data
// folder, a native dialog), or from a file the user picked or dropped on the page, which the page's
// file reader (a Web Worker) hands out in the same chunks. Files are recognised by content: a
// session header, or else a scenario.
import { api } from '../bridge/index.ts';
import { looksLikeSession, SessionParser, sessionHeader } from '../../../shared/session/session-format.ts';
import { checkScenarioFileSize, parseScenarioText, ScenarioError, type Scenario } from '../../../shared/scenario/scenario.ts';
import type { RecordedSource } from '../../../shared/player/recorded-player.ts';
import { RecordedFolds } from '../../../shared/player/recorded-folds.ts';
import type { Result, SessionChunk } from '../../../shared/contract/contract.ts';
import type { LifelineEvent } from '../../../shared/log/events.ts';
import { SLICE_MS, yieldToPage } from './page-yield.ts';
import { warmViews } from './warm-views.ts';
import { FileReaderClient } from './file-reader-client.ts';

/** Where a session's chunks come from: the host (`session.read`) or the page's file reader. */
export interface SessionChunks {
  read(offset: number): Promise<Result<SessionChunk>>;
  /**
   * The lines were checked by the page's own file reader, the same SessionParser in the same
   * order: the page only parses them. What crosses from the host is checked again here, as any
   * message from outside the page is.
   */
  checked: boolean;
}

/** A session the host knows, by its id. */
export const hostSessionChunks = (id: string): SessionChunks => ({ read: (offset) => api.invoke('session.read', { id, offset }), checked: false });

/**
 * A session file picked or dropped in the page: its own Web Worker reads and checks it a block at
 * a time (blob-session-chunks.ts), so the page never holds it as one string or parses it in one go.
 * Close it once read.
 */
export function pickedSessionChunks(file: File): SessionChunks & { close(): void } {
  const reader = new FileReaderClient(file);
  return {
    checked: true,
    read: (offset) => reader.call('session.read', { offset }).then(
      (value) => ({ ok: true, value }),
      (e: unknown) => ({ ok: false, error: e instanceof Error ? e.message : String(e) }),
    ),
    close: () => reader.close(),
  };
}

/** A file whose first line starts like a session header (the rest is checked as it is read). */
export async function looksLikeSessionFile(file: File): Promise<boolean> {
  return looksLikeSession(await file.slice(0, 1024).text());
}

/**
 * Reads a session in chunks (from the host or the page's file reader), through the same parser
 * (and checks) as any file, and folds it as it comes (with the player's checkpoints): the next
 * chunk is asked for before this one is parsed, so the reader reads while the page folds, and the
 * page yields every few milliseconds.
 */
export async function loadSession(
  id: string,
  { read, checked }: SessionChunks,
  on: {
    progress?: (done: number, total: number) => void;
    /** Called once the header is in, with the folds that grow as the session loads (to draw them). */
    start?: (name: string, scenario: Scenario, folded: RecordedFolds) => void;
    /** False once the session is no longer wanted (its source closed): reading stops. */
    wanted?: () => boolean;
  } = {},
): Promise<Result<{ source: RecordedSource; warnings: string[] }>> {
  const { progress: onProgress, start: onStart, wanted = () => true } = on;
  let parser: SessionParser | null = null;
  let first: { name: string; scenario: Scenario } | null = null;
  const warnings: string[] = [];
  const folded = new RecordedFolds();
  let offset = 0;
  let next: Promise<Result<SessionChunk>> | null = read(offset);
  // Bounded: each answer moves the offset forward or the loop ends.
  while (next) {
    const r = await next;
    if (!r.ok) return r;
    if (!wanted()) return { ok: false, error: `${r.value.name}: closed while it opened` };
    const c: SessionChunk = r.value;
    if (c.next !== null && c.next <= offset) return { ok: false, error: `${c.name}: the reader sent no progress at line ${offset + 2}` };
    next = c.next === null ? null : read(c.next);
    if (!first) {
      first = { name: c.name, scenario: c.scenario };
      onStart?.(c.name, c.scenario, folded);
    }
    warnings.push(...c.warnings);
    if (!checked) parser ??= new SessionParser(c.name, { header: sessionHeader(c.scenario, ''), lineNo: c.firstLine - 1, lastT: 0 });
    // The answer arrived in a task that already decoded and parsed its message (a megabyte of
    // lines from the host): the chunk's first slice starts in a task of its own.
    await yieldToPage();
    try {
      let from = 0;
      let n = 0;
      let since = performance.now();
      while (from <= c.lines.length) {
        n++;
        const nl = c.lines.indexOf('\n', from);
        const line = nl < 0 ? c.lines.slice(from) : c.lines.slice(from, nl);
        const e = parser ? parser.check(line) : parseChecked(line);
        if (e) folded.push(e);
        if (nl < 0) break;
        from = nl + 1;
        if ((n & 1023) === 0 && performance.now() - since > SLICE_MS) {
          onProgress?.(offset + n, c.total);
          warmViews(folded.full);
          await yieldToPage();
          since = performance.now();
        }
      }
    } catch (e) {
      // The request already under way is answered and dropped.
      return { ok: false, error: e instanceof ScenarioError ? e.message : String(e) };
    }
    offset = c.next ?? c.total;
    onProgress?.(offset, c.total);
    warmViews(folded.full);
    await yieldToPage();
  }
  const events = folded.full.events;
  return { ok: true, value: { source: { sourceId: id, name: first!.name, scenario: first!.scenario, events, folded }, warnings } };
}

/** A line the page's file reader checked: an event, or null for a blank line (as `SessionParser.check`). */
const parseChecked = (line: string): LifelineEvent | null => (line.charCodeAt(0) === 0x7b || line.trim() !== '' ? (JSON.parse(line) as LifelineEvent) : null);

/** A file the user picked or dropped that is not a session or a capture: a scenario. */
export async function openPickedScenario(file: File): Promise<Result<{ scenario: Scenario; name: string }>> {
  try {
    checkScenarioFileSize(file.size, file.name);
    return { ok: true, value: { scenario: parseScenarioText(await file.text(), file.name), name: file.name } };
  } catch (e) {
    return { ok: false, error: e instanceof ScenarioError ? e.message : `${file.name}: ${String(e)}` };
  }
}

/** The page's own file picker (browser mode has no native dialog). */
export function pickFile(accept = '.json,.jsonl,application/json'): Promise<File | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.onchange = () => resolve(input.files?.[0] ?? null);
    input.click();
  });
}
