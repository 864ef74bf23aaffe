// Recorded sessions (every run started in the inspector), one-click compares, and the open button.
import { useEffect, useState } from 'react';
import { api } from '../bridge/index.ts';
import { useStore } from '../store.ts';
import type { SessionInfo } from '../../../shared/session-library.ts';
import { PRESET_PAIRS } from '../../../shared/preset-pairs.ts';
import { formatTime } from '../time-axis.ts';

export function SessionsPanel() {
  const [list, setList] = useState<SessionInfo[]>([]);
  const status = useStore((s) => s.status);
  const loading = useStore((s) => s.loading);
  const views = useStore((s) => s.views);
  const notice = (n: string) => useStore.setState({ notice: n });
  const refresh = async () => {
    const r = await api.invoke('session.list', null);
    if (r.ok) setList(r.value);
    else notice(r.error);
  };
  // A finished run (live, or one of a compared pair) is a new session in the folder.
  useEffect(() => void refresh(), [status, views, loading]);
  return (
    <section className="sessions" aria-label="sessions">
      <h2 className="view-title">Compare</h2>
      {PRESET_PAIRS.map((p) => (
        <button type="button" key={p.label} className="pair" data-testid={`pair-${p.broken}`} onClick={() => void useStore.getState().comparePresets(p.broken, p.fixed)} title={`${p.broken} vs ${p.fixed}`}>
          {p.label}
        </button>
      ))}
      <h2 className="view-title">Sessions</h2>
      {loading && <p className="hint" role="progressbar">{loading}</p>}
      {list.length === 0 && <p className="hint">Runs you start are recorded here.</p>}
      <ul className="session-list" data-testid="session-list">
        {list.map((s) => (
          <li key={s.id} data-testid="session-item">
            <button type="button" className="link" onClick={() => void useStore.getState().openHostSession(s.id)} title="open for replay">
              {s.name}
            </button>
            <div className="hint">
              {s.createdAt.slice(0, 16).replace('T', ' ')} · {formatTime(s.durationSec * 1000)} · dead {s.deadSec} s · lost {s.pushesLost} · disc {s.disconnects}
            </div>
            <button type="button" onClick={() => void useStore.getState().rerunSession(s.id)}>Re-run</button>
            <button
              type="button"
              onClick={async () => {
                const name = prompt('New name', s.name);
                if (!name || name === s.name) return;
                const r = await api.invoke('session.rename', { id: s.id, name });
                if (!r.ok) notice(r.error);
                await refresh();
              }}
            >
              Rename
            </button>
            <button
              type="button"
              onClick={async () => {
                if (!confirm(`Delete ${s.name}?`)) return;
                const r = await api.invoke('session.delete', { id: s.id });
                if (!r.ok) notice(r.error);
                await refresh();
              }}
            >
              Delete
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
