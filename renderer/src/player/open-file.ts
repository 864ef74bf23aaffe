// Getting sessions into the inspector: from the host through the contract (command line, data
// folder, a native dialog), or from a file the user picked or dropped on the page. Files are
// recognised by content: a session header, or else a scenario.
import { api } from '../bridge/index.ts';
import type { LifelineEvent } from '../../../shared/events.ts';
import { eventProblem } from '../../../shared/event-check.ts';
import { looksLikeSession, parseSessionText } from '../../../shared/session-format.ts';
import { parseScenarioText, ScenarioError, type Scenario } from '../../../shared/scenario.ts';
import type { RecordedSource } from '../../../shared/player/recorded-player.ts';
import type { InvokeRes, Result, SessionChunk } from '../../../shared/contract.ts';

export type Opened = { kind: 'session'; source: RecordedSource; warnings: string[] } | { kind: 'scenario'; scenario: Scenario; name: string };

/** Reads a session from the host in chunks; every event is checked on arrival, as from any file. */
export async function loadHostSession(id: string, onProgress?: (done: number, total: number) => void): Promise<Result<{ source: RecordedSource; warnings: string[] }>> {
  const events: LifelineEvent[] = [];
  let offset: number | null = 0;
  let first: { name: string; scenario: Scenario; warnings: string[] } | null = null;
  // Bounded: each answer moves the offset forward or the loop ends.
  while (offset !== null) {
    const r: InvokeRes<'session.read'> = await api.invoke('session.read', { id, offset });
    if (!r.ok) return r;
    const c: SessionChunk = r.value;
    first ??= { name: c.name, scenario: c.scenario, warnings: c.warnings };
    let last = events.at(-1)?.t ?? 0;
    for (const e of c.events) {
      const why = eventProblem(e);
      if (why || e.t < last) return { ok: false, error: `${c.name}: event ${events.length + 1}: ${why ?? 'out of time order'}` };
      last = e.t;
      events.push(e);
    }
    onProgress?.(events.length, c.total);
    if (c.next !== null && c.next <= offset) return { ok: false, error: `${c.name}: the host sent no progress at event ${offset}` };
    offset = c.next;
  }
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
