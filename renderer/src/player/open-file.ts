// Getting sessions into the inspector: from the host through the contract (command line, data
// folder, a native dialog), or from a file the user picked or dropped on the page. Files are
// recognised by content: a session header, or else a scenario.
import { api } from '../bridge/index.ts';
import { looksLikeSession, parseSessionText, SessionParser, sessionHeader } from '../../../shared/session/session-format.ts';
import { parseScenarioText, ScenarioError, type Scenario } from '../../../shared/scenario/scenario.ts';
import type { RecordedSource } from '../../../shared/player/recorded-player.ts';
import { RecordedFolds } from '../../../shared/player/recorded-folds.ts';
import type { InvokeRes, Result, SessionChunk } from '../../../shared/contract/contract.ts';
import { SLICE_MS, yieldToPage } from './page-yield.ts';
import { warmViews } from './warm-views.ts';

export type Opened = { kind: 'session'; source: RecordedSource; warnings: string[] } | { kind: 'scenario'; scenario: Scenario; name: string };

/**
 * Reads a session from the host in chunks, through the same parser (and checks) as any file, and
 * folds it as it comes (with the player's checkpoints): the next chunk is asked for before this one
 * is parsed, so the host reads while the page folds, and the page yields every few milliseconds.
 */
export async function loadHostSession(
  id: string,
  onProgress?: (done: number, total: number) => void,
  /** Called once the header is in, with the folds that grow as the session loads (to draw them). */
  onStart?: (name: string, scenario: Scenario, folded: RecordedFolds) => void,
): Promise<Result<{ source: RecordedSource; warnings: string[] }>> {
  let parser: SessionParser | null = null;
  let first: { name: string; scenario: Scenario } | null = null;
  const warnings: string[] = [];
  const folded = new RecordedFolds();
  let offset = 0;
  let next: Promise<InvokeRes<'session.read'>> | null = api.invoke('session.read', { id, offset });
  // Bounded: each answer moves the offset forward or the loop ends.
  while (next) {
    const r: InvokeRes<'session.read'> = await next;
    if (!r.ok) return r;
    const c: SessionChunk = r.value;
    if (c.next !== null && c.next <= offset) return { ok: false, error: `${c.name}: the host sent no progress at line ${offset}` };
    next = c.next === null ? null : api.invoke('session.read', { id, offset: c.next });
    if (!first) {
      first = { name: c.name, scenario: c.scenario };
      onStart?.(c.name, c.scenario, folded);
    }
    warnings.push(...c.warnings);
    parser ??= new SessionParser(c.name, { header: sessionHeader(c.scenario, ''), lineNo: c.firstLine - 1, lastT: 0 });
    try {
      let from = 0;
      let n = 0;
      let since = performance.now();
      while (from <= c.lines.length) {
        n++;
        const nl = c.lines.indexOf('\n', from);
        const e = parser.check(nl < 0 ? c.lines.slice(from) : c.lines.slice(from, nl));
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

/** A file the user picked or dropped: a session (by its header) or a scenario. */
export async function openPickedFile(file: File): Promise<Result<Opened>> {
  try {
    const text = await file.text();
    if (looksLikeSession(text)) {
      const s = parseSessionText(text, file.name);
      return { ok: true, value: { kind: 'session', source: { sourceId: `file:${file.name}:${file.size}:${file.lastModified}`, name: file.name, scenario: s.header.scenario, events: s.events }, warnings: s.warnings } };
    }
    return { ok: true, value: { kind: 'scenario', scenario: parseScenarioText(text, file.name), name: file.name } };
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
