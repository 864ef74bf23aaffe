// Recorded sessions (every run started in the inspector), one-click compares, and the open button.
import { useEffect, useState } from 'react';
import { api } from '../bridge/index.ts';
import { useLive, useStore } from '../store.ts';
import type { SessionInfo } from '../../../shared/session/session-library.ts';
import type { Result } from '../../../shared/contract/contract.ts';
import { COMPARE_PAIRS } from '../../../shared/scenario/compare-pairs.ts';
import { formatTime } from '../time-axis.ts';
import { OpenSources } from './OpenSources.tsx';
import { shownSessionName } from '../../../shared/session/session-name.ts';
import { formatDuration } from '../../../shared/util/time-format.ts';

export function SessionsPanel() {
  const [list, setList] = useState<SessionInfo[]>([]);
  const status = useLive((v) => v?.playback?.status);
  const views = useStore((s) => s.views);
  const notice = (n: string) => useStore.setState({ notice: n });
  const refresh = async () => {
    const r = await api.invoke('session.list', null);
    if (r.ok) setList(r.value);
    else notice(r.error);
  };
  // A finished run (live, or one of a compared pair: the pair's view opens) is a new session in the folder.
  useEffect(() => void refresh(), [status, views]);
  // A session still being summarised by the host is asked about again shortly (each list reads only an index).
  const pending = list.some((s) => s.pending === 'summarising');
  useEffect(() => {
    if (!pending) return;
    const t = setTimeout(() => void refresh(), 1000);
    return () => clearTimeout(t);
  }, [list, pending]);
  return (
    <section className="sessions" aria-label="sessions">
      <OpenSources />
      <h2 className="view-title">Compare</h2>
      {COMPARE_PAIRS.map((p) => (
        <button type="button" key={p.name} className="compare-pair" data-testid={`pair-${p.left}`} onClick={() => void useStore.getState().comparePresets(p.left, p.right)} title={`${p.left} vs ${p.right}: ${p.lesson}`}>
          {p.label}
        </button>
      ))}
      <h2 className="view-title">Sessions</h2>
      {list.length === 0 && <p className="hint">Runs you start are recorded here.</p>}
      <ul className="session-list" data-testid="session-list">
        {list.map((s) => (
          <SessionItem key={s.id} s={s} refresh={refresh} notice={notice} />
        ))}
      </ul>
    </section>
  );
}

/**
 * One recorded session. Rename and delete are asked inside the list, not with prompt() or
 * confirm(): Electron does not implement those, and a modal would hide the list being edited.
 */
function SessionItem({ s, refresh, notice }: { s: SessionInfo; refresh: () => Promise<void>; notice: (n: string) => void }) {
  const [mode, setMode] = useState<'view' | 'rename' | 'delete'>('view');
  const [name, setName] = useState(s.name);
  // A run still writing the file holds it: the host refuses to rename or delete it, so neither is offered.
  const recording = s.pending === 'recording';
  const busy = 'still being recorded: rename or delete it when the run ends';
  const done = async (r: Result<unknown>) => {
    if (!r.ok) notice(r.error);
    setMode('view');
    await refresh();
  };
  const rename = async () => {
    const next = name.trim();
    if (!next || next === s.name) return setMode('view');
    await done(await api.invoke('session.rename', { id: s.id, name: next }));
  };
  return (
    <li data-testid="session-item">
      {mode === 'rename' ? (
        <form
          className="session-rename"
          onSubmit={(e) => {
            e.preventDefault();
            void rename();
          }}
        >
          <input
            aria-label={`new name for ${s.name}`}
            data-testid="session-rename-input"
            maxLength={120}
            value={name}
            autoFocus
            onChange={(e) => setName(e.target.value)}
            onKeyDown={(e) => e.key === 'Escape' && setMode('view')}
          />
          <button type="submit">Save</button>
          <button type="button" onClick={() => setMode('view')}>
            Cancel
          </button>
        </form>
      ) : (
        <button type="button" className="link" onClick={() => void useStore.getState().openHostSession(s.id)} title={`open ${s.name} for replay`}>
          {/* The line below says when it was recorded: the title does not say it again. */}
          {shownSessionName(s.name)}
        </button>
      )}
      <div className="hint">
        {s.createdAt.slice(0, 16).replace('T', ' ')} ·{' '}
        {s.interrupted && (
          <strong className="session-interrupted" data-testid="session-interrupted">
            interrupted{' '}
          </strong>
        )}
        {/* The cards' units: dead time as "58 min 25 s", not seconds. */}
        {s.pending ? `${s.pending}…` : `${formatTime(s.durationSec * 1000)} · dead ${formatDuration(s.deadSec)} · lost ${s.pushesLost} · disc ${s.disconnects}`}
      </div>
      {mode === 'delete' ? (
        <div role="alert" className="session-confirm">
          Delete {s.name}?{' '}
          <button type="button" data-testid="session-delete-confirm" onClick={async () => done(await api.invoke('session.delete', { id: s.id }))}>
            Delete
          </button>
          <button type="button" autoFocus onClick={() => setMode('view')}>
            Keep
          </button>
        </div>
      ) : (
        mode === 'view' && (
          <>
            <button type="button" onClick={() => void useStore.getState().rerunSession(s.id)}>
              Re-run
            </button>
            <button
              type="button"
              disabled={recording}
              title={recording ? busy : undefined}
              onClick={() => {
                setName(s.name);
                setMode('rename');
              }}
            >
              Rename
            </button>
            <button type="button" disabled={recording} title={recording ? busy : undefined} onClick={() => setMode('delete')}>
              Delete
            </button>
          </>
        )
      )}
    </li>
  );
}
