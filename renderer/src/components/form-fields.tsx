// The scenario form's building blocks: a labelled field, and number and choice inputs bound to a
// path in the draft. Every edit goes through the store's setDraft, which validates with the CLI's
// schema and marks an edited preset.
import type { ReactNode } from 'react';
import { isGoing, useLive, useStore } from '../store.ts';
import { followStartNetwork, type Draft } from '../../../shared/scenario/scenario-draft.ts';
import { fieldIssue, issueAt, issueSentence } from '../../../shared/scenario/field-issue.ts';

/**
 * Empty means "off" (null) for nullable numbers, and "not given" (the key is left out) for
 * optional ones; anything else must parse, or stays text for the schema to refuse.
 */
export function toNumber(v: string, nullable: boolean | 'optional'): number | null | string | undefined {
  if (v.trim() === '') return nullable === 'optional' ? undefined : nullable ? null : v;
  const n = Number(v);
  return Number.isFinite(n) ? n : v;
}

/** `name`: the input's scenario path; a refusal about it is told here, in words, and the field is marked. */
export function Field({ label, hint, name, children }: { label: string; hint?: string; name?: string; children: ReactNode }) {
  const issue = useFieldIssue(name);
  return (
    <label className={issue ? 'field invalid' : 'field'} data-invalid={issue ? name : undefined} data-label={label}>
      <span className="field-label">
        {label}
        {hint && <em className="field-hint"> {hint}</em>}
      </span>
      {children}
      {issue && (
        <span className="field-error" id={errorId(name!)} data-testid="field-error">
          {issueSentence(label, issue.message)}
        </span>
      )}
    </label>
  );
}

/** The refusal about the input at scenario path `name`, if there is one. */
function useFieldIssue(name: string | undefined) {
  const issues = useStore((s) => s.formIssues);
  return name ? issueAt(issues.map(fieldIssue), name) : undefined;
}

const errorId = (name: string) => `${name}-error`;

/** What tells assistive technology that the input at `name` is refused, and why (its field's sentence). */
function useInvalidProps(name: string): { 'aria-invalid'?: true; 'aria-describedby'?: string } {
  return useFieldIssue(name) ? { 'aria-invalid': true, 'aria-describedby': errorId(name) } : {};
}

/** The draft, an edit that clones it (and keeps `nat`/`radio` with the start network), and whether a run locks the form. */
export function useDraftEdit(): { draft: Draft | null; edit: (change: (next: Draft) => Draft | void) => void; running: boolean } {
  const draft = useStore((s) => s.draft) as Draft | null;
  const setDraft = useStore((s) => s.setDraft);
  const running = useLive((v) => isGoing(v?.playback));
  const edit = (change: (next: Draft) => Draft | void) => {
    if (!draft) return;
    const next = structuredClone(draft);
    setDraft(followStartNetwork(change(next) ?? next));
  };
  return { draft, edit, running };
}

/** The value at a path of the draft (undefined where a step is missing). */
export function valueAt(draft: Draft, path: readonly string[]): unknown {
  return path.reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), draft);
}

/** Sets (or, for undefined, removes) the value at a path, creating the objects on the way. */
export function setAt(draft: Draft, path: readonly string[], value: unknown): void {
  let o = draft as Record<string, unknown>;
  for (const k of path.slice(0, -1)) o = (o[k] ??= {}) as Record<string, unknown>;
  const last = path[path.length - 1]!;
  if (value === undefined) delete o[last];
  else o[last] = value;
}

/** `placeholder` shows what an empty optional field means. */
export function NumberInput({ path, label, hint, nullable = false, placeholder = nullable === 'optional' ? 'same' : nullable ? 'off' : '' }: { path: readonly string[]; label: string; hint?: string; nullable?: boolean | 'optional'; placeholder?: string }) {
  const { draft, edit, running } = useDraftEdit();
  const invalid = useInvalidProps(path.join('.'));
  if (!draft) return null;
  const v = valueAt(draft, path);
  return (
    <Field label={label} hint={hint} name={path.join('.')}>
      <input
        name={path.join('.')}
        {...invalid}
        inputMode="decimal"
        value={v === null || v === undefined ? '' : String(v)}
        placeholder={placeholder}
        disabled={running}
        onChange={(e) => edit((d) => setAt(d, path, toNumber(e.target.value, nullable)))}
      />
    </Field>
  );
}

/**
 * A choice among a schema enum's values; `none` adds an option that leaves the key out. `labels`
 * word the options for a person; the values stay the file's.
 */
export function ChoiceInput({ path, label, options, hint, labels = {}, none }: { path: readonly string[]; label: string; options: readonly string[]; hint?: string; labels?: Record<string, string>; none?: string }) {
  const { draft, edit, running } = useDraftEdit();
  const invalid = useInvalidProps(path.join('.'));
  if (!draft) return null;
  const v = valueAt(draft, path);
  return (
    <Field label={label} hint={hint} name={path.join('.')}>
      <select name={path.join('.')} {...invalid} value={v === undefined ? (none !== undefined ? '' : options[0]) : String(v)} disabled={running} onChange={(e) => edit((d) => setAt(d, path, e.target.value === '' ? undefined : e.target.value))}>
        {none !== undefined && <option value="">{none}</option>}
        {options.map((o) => (
          <option key={o} value={o}>
            {labels[o] ?? o}
          </option>
        ))}
      </select>
    </Field>
  );
}
