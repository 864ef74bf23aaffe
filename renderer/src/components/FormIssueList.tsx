// Why Run is off, right under it: each refusal as the sentence its field says (named by the field's
// own label, read from the marked field so the words cannot drift from the form), with the path the
// CLI prints beside it for someone who compares with `lifeline validate`. Clicking an entry moves
// focus to its field, which may sit far down the form.
import { useLayoutEffect, useRef, useState } from 'react';
import { concerns, fieldIssue, issueSentence, type FieldIssue } from '../../../shared/scenario/field-issue.ts';

interface MarkedField {
  name: string;
  label: string;
}

/** The marked field an issue is about: its own input, or the input whose item or part it names. */
function fieldOf(issue: FieldIssue, marked: readonly MarkedField[]): MarkedField | undefined {
  return marked.find((f) => concerns(issue, f.name));
}

export function FormIssueList({ issues }: { issues: readonly string[] }) {
  const box = useRef<HTMLDivElement>(null);
  const [marked, setMarked] = useState<MarkedField[]>([]);
  const read = issues.map(fieldIssue);
  // The fields are marked in the same render; read their labels before the browser paints, so the
  // list never shows a bare path first.
  useLayoutEffect(() => {
    const form = box.current?.closest('form');
    const found = [...(form?.querySelectorAll<HTMLElement>('[data-invalid][data-label]') ?? [])].map((el) => ({ name: el.dataset.invalid!, label: el.dataset.label! }));
    setMarked((was) => (JSON.stringify(was) === JSON.stringify(found) ? was : found));
  }, [issues]);
  const focus = (name: string) => box.current?.closest('form')?.querySelector<HTMLElement>(`[data-invalid="${CSS.escape(name)}"] :is(input, select, textarea)`)?.focus();
  return (
    <div className="form-error" role="alert" data-testid="form-error" ref={box}>
      Run is off until the marked {read.length === 1 ? 'field is' : 'fields are'} fixed:
      <ul>
        {read.map((i, k) => {
          const field = fieldOf(i, marked);
          return (
            <li key={k} data-testid="form-issue">
              {field ? (
                <button type="button" className="link" onClick={() => focus(field.name)}>
                  {issueSentence(field.label, i.message)}
                </button>
              ) : (
                i.message
              )}
              {i.path && <code className="issue-path"> {i.path}</code>}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
