// Getting sessions into the inspector: from the host through the contract (command line, data
// folder, a native dialog), or from a file the user picked or dropped on the page. Files are
// recognised by content: a session header, or else a scenario.
import { api } from '../bridge/index.ts';
import { looksLikeSession, parseSessionText, SessionParser, sessionHeader } from '../../../shared/session-format.ts';
import { parseScenarioText, ScenarioError, type Scenario } from '../../../shared/scenario.ts';
import type { RecordedSource } from '../../../shared/player/recorded-player.ts';
import type { InvokeRes, Result, SessionChunk } from '../../../shared/contract.ts';

export type Opened = { kind: 'session'; source: RecordedSource; warnings: string[] } | { kind: 'scenario'; scenario: Scenario; name: string };

/** Reads a session from the host in chunks, through the same parser (and checks) as any file. */
export async function loadHostSession(id: string, onProgress?: (done: number, total: number) => void): Promise<Result<{ source: RecordedSource; warnings: string[] }>> {
  let parser: SessionParser | null = null;
  let first: { name: string; scenario: Scenario; warnings: string[] } | null = null;
  let offset: number | null = 0;
  // Bounded: each answer moves the offset forward or the loop ends.
  while (offset !== null) {
    const r: InvokeRes<'session.read'> = await api.invoke('session.read', { id, offset });
    if (!r.ok) return r;
    const c: SessionChunk = r.value;
    first ??= { name: c.name, scenario: c.scenario, warnings: c.warnings };
    parser ??= new SessionParser(c.name, { header: sessionHeader(c.scenario, ''), lineNo: c.firstLine - 1, lastT: 0 });
    try {
      let from = 0;
      for (let nl = c.lines.indexOf('\n'); nl >= 0; nl = c.lines.indexOf('\n', from)) {
        parser.line(c.lines.slice(from, nl));
        from = nl + 1;
      }
      if (from < c.lines.length) parser.line(c.lines.slice(from));
    } catch (e) {
      return { ok: false, error: e instanceof ScenarioError ? e.message : String(e) };
    }
    onProgress?.(c.next ?? c.total, c.total);
    if (c.next !== null && c.next <= offset) return { ok: false, error: `${c.name}: the host sent no progress at line ${offset}` };
    offset = c.next;
  }
  const events = parser ? parser.events : [];
  return { ok: true, value: { source: { sourceId: id, name: first!.name, scenario: first!.scenario, events }, warnings: first!.warnings } };
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
