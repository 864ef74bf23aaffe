// An edited preset is no longer that preset: its lesson (and the `expect` that states the lesson
// as numbers) would promise an outcome the edit may have changed. Any field changed → the name
// says "(edited)" and the lesson and expectations are dropped; changing it back restores them. Pure, so the store, the CLI and tests agree.
import type { Scenario } from './scenario.ts';

export const EDITED_SUFFIX = ' (edited)';

/** The draft as it should be named, given the preset it started from (if any). */
export function asEdited(draft: unknown, preset: Scenario | undefined): unknown {
  if (!preset || typeof draft !== 'object' || draft === null || Array.isArray(draft)) return draft;
  const { name: _n, lesson: _l, expect: _e, ...fields } = draft as Record<string, unknown>;
  const { name: _pn, lesson: _pl, expect: _pe, ...presetFields } = preset;
  // Assigning to the draft's own keys keeps their order in a saved file.
  const out: Record<string, unknown> = { ...draft };
  if (canonical(fields) === canonical(presetFields)) {
    out.name = preset.name;
    if (preset.lesson) out.lesson = preset.lesson;
    if (preset.expect) out.expect = preset.expect;
  } else {
    out.name = `${preset.name}${EDITED_SUFFIX}`;
    delete out.lesson;
    delete out.expect;
  }
  return out;
}

/** Whether a scenario's name marks it as an edited preset. */
export function isEdited(name: string): boolean {
  return name.endsWith(EDITED_SUFFIX);
}

/** A file name stem for a scenario name: "server-heartbeat-under-nat (edited)" → "server-heartbeat-under-nat-edited". */
export function fileStem(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'scenario';
}

/** JSON with object keys sorted, so two values compare equal whatever their key order. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : x,
  );
}
