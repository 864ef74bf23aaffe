// The open sources (docs/design.md "The player"): the live run, sessions, captures and compared runs
// the store holds a player for, each with its kind, and its progress or problems as its player
// reports them. One is shown; any can be switched to or closed, which frees it.
import { useStore as useZustand } from 'zustand';
import { useStore } from '../store.ts';
import type { ViewStore } from '../player/view-store.ts';
import { SOURCE_KINDS } from '../../../shared/player/player.ts';
import { sessionTitle, shownSessionName } from '../../../shared/session/session-name.ts';

export function OpenSources() {
  const views = useStore((s) => s.views);
  const active = useStore((s) => s.active);
  const compare = useStore((s) => s.compare);
  if (views.size === 0) return null;
  return (
    <>
      <h2 className="view-title">Open</h2>
      <ul className="open-sources" data-testid="open-sources">
        {[...views].map(([id, view]) => (
          <SourceItem key={id} id={id} view={view} shown={id === active || (compare?.includes(id) ?? false)} />
        ))}
      </ul>
    </>
  );
}

function SourceItem({ id, view, shown }: { id: string; view: ViewStore; shown: boolean }) {
  const name = useZustand(view, (v) => v.playback?.name ?? id);
  const kind = useZustand(view, (v) => v.playback?.kind);
  const loading = useZustand(view, (v) => v.playback?.progress?.label);
  const problems = useZustand(view, (v) => v.playback?.problems.length ?? 0);
  const s = useStore.getState();
  // A recorded session's file name leads with its recording time: shown once, as the time, beside
  // the kind, so the live run and its session are told apart without reading a stamp (UTC, as the
  // Sessions list's line).
  const recorded = kind === 'session' ? sessionTitle(name) : null;
  const title = kind === 'session' ? shownSessionName(name) : name;
  const at = recorded?.recordedAt ? ` · ${recorded.recordedAt.toISOString().slice(11, 19)}` : '';
  return (
    <li data-testid="open-source" data-source={id} data-kind={kind} aria-current={shown ? 'true' : undefined}>
      <button type="button" className="link" onClick={() => s.showSource(id)} title={`show ${name}${kind ? ` (${SOURCE_KINDS[kind]})` : ''}`}>
        {title}
      </button>
      {kind && (
        <span className="hint source-kind" data-testid="source-kind">
          {SOURCE_KINDS[kind]}
          {at}
        </span>
      )}
      {loading && <span className="hint">{loading}</span>}
      {problems > 0 && (
        <span className="hint" title={`${problems} problem${problems === 1 ? '' : 's'}: shown with the source`} aria-label={`${problems} problems`}>
          ⚠
        </span>
      )}
      <button type="button" className="close" aria-label={`close ${name}`} data-testid="close-source" onClick={() => s.closeSource(id)}>
        ×
      </button>
    </li>
  );
}
