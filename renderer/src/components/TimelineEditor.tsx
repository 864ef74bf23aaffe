// The scenario's timeline: its entries, and a row to add one; a network change may name the
// network joined (one of the scenario's network labels).
import { useState } from 'react';
import { TIMELINE_ACTIONS } from '../../../shared/scenario/scenario.ts';
import type { DraftEntry } from '../../../shared/scenario/scenario-draft.ts';
import { useDraftEdit } from './form-fields.tsx';

export function TimelineEditor() {
  const { draft, edit, running } = useDraftEdit();
  if (!draft) return null;
  const labels = Object.keys(draft.networks ?? {});
  return (
    <div className="timeline">
      {draft.timeline.map((e, i) => (
        <div key={i} className="timeline-row">
          <span>{e.atSec} s</span> <span>{e.action}</span>
          {e.to !== undefined && <span>→ {e.to}</span>}
          <button type="button" disabled={running} aria-label={`remove ${e.action} at ${e.atSec} s`} onClick={() => edit((d) => void d.timeline.splice(i, 1))}>
            ×
          </button>
        </div>
      ))}
      <TimelineAdd disabled={running} labels={labels} onAdd={(entry) => edit((d) => void (d.timeline = [...d.timeline, entry].sort((a, b) => a.atSec - b.atSec)))} />
    </div>
  );
}

function TimelineAdd({ disabled, labels, onAdd }: { disabled: boolean; labels: string[]; onAdd: (e: DraftEntry) => void }) {
  const [at, setAt] = useState('');
  const [action, setAction] = useState<string>(TIMELINE_ACTIONS[0]);
  // '' = the same network anew (a network change without `to`).
  const [to, setTo] = useState('');
  const n = Number(at);
  const ok = at.trim() !== '' && Number.isFinite(n);
  return (
    <div className="timeline-add">
      <input name="timeline.new.atSec" placeholder="at s" inputMode="decimal" disabled={disabled} id="tl-at" value={at} onChange={(e) => setAt(e.target.value)} />
      <select name="timeline.new.action" disabled={disabled} id="tl-action" aria-label="timeline action" value={action} onChange={(e) => setAction(e.target.value)}>
        {TIMELINE_ACTIONS.map((a) => (
          <option key={a}>{a}</option>
        ))}
      </select>
      {action === 'network-change' && labels.length > 0 && (
        <select name="timeline.new.to" disabled={disabled} id="tl-to" aria-label="network joined" value={to} onChange={(e) => setTo(e.target.value)}>
          <option value="">same network anew</option>
          {labels.map((l) => (
            <option key={l} value={l}>
              to {l}
            </option>
          ))}
        </select>
      )}
      <button type="button" disabled={disabled || !ok} onClick={() => onAdd({ atSec: n, action, ...(action === 'network-change' && to !== '' && labels.includes(to) ? { to } : {}) })}>
        add
      </button>
    </div>
  );
}
