// Two sources side by side on one time axis: zoom or pan either chart and the other follows; the
// metric cards sit next to each other with every difference marked (deadSec 3300 → 0).
import { useEffect } from 'react';
import { useStore as useZustand } from 'zustand';
import type { ViewStore } from '../player/view-store.ts';
import type { Summary } from '../../../shared/folds/summary.ts';
import { useStore } from '../store.ts';
import { SourceView } from './SourceView.tsx';

const METRICS: [string, string, (s: Summary) => number][] = [
  ['deadSec', 'Dead time (s)', (s) => s.deadSec],
  ['connectedRatio', 'Connected %', (s) => Math.round(s.connectedRatio * 1000) / 10],
  ['pushesLost', 'Pushes lost', (s) => s.pushes.lost],
  ['disconnects', 'Disconnects', (s) => s.disconnects],
  ['natExpiries', 'NAT expiries', (s) => s.natExpiries],
  ['wakeups', 'Wakeups', (s) => s.wakeups],
  ['terminations', 'Terminations', (s) => s.terminations],
  ['serverHeartbeats', 'Server heartbeats', (s) => s.heartbeats.server],
];

function CompareCards({ a, b }: { a: Summary | null; b: Summary | null }) {
  if (!a || !b) return null;
  return (
    <section className="cards" aria-label="compared metrics" data-testid="compare-cards">
      {METRICS.map(([key, label, get]) => {
        const [x, y] = [get(a), get(b)];
        return (
          <div className={`card ${x !== y ? 'diff' : ''}`} key={key} data-testid={`compare-${key}`} data-a={x} data-b={y}>
            <div className="card-label">{label}</div>
            <div className="card-value">
              {x} → {y}
            </div>
            {x !== y && <div className="was">{y > x ? '+' : ''}{Math.round((y - x) * 10) / 10}</div>}
          </div>
        );
      })}
    </section>
  );
}

/** Keeps the two views' time windows equal: the synchronized axis. */
function useSyncedWindows(a: ViewStore, b: ViewStore): void {
  useEffect(() => {
    const follow = (from: ViewStore, to: ViewStore) =>
      from.subscribe((s, prev) => {
        if (s.window !== prev.window && to.getState().window !== s.window) to.getState().setWindow(s.window);
      });
    const offs = [follow(a, b), follow(b, a)];
    return () => offs.forEach((off) => off());
  }, [a, b]);
}

export function CompareView({ a, b }: { a: ViewStore; b: ViewStore }) {
  useSyncedWindows(a, b);
  const sa = useZustand(a, (s) => s.summary);
  const sb = useZustand(b, (s) => s.summary);
  const na = useZustand(a, (s) => s.playback?.name);
  const nb = useZustand(b, (s) => s.playback?.name);
  return (
    <section className="compare-root" aria-label="compare" data-testid="compare">
      <div className="compare-head">
        <h2 className="view-title">
          Compare: <span data-testid="compare-a">{na}</span> → <span data-testid="compare-b">{nb}</span>
        </h2>
        <button type="button" onClick={() => useStore.getState().closeCompare()}>
          Close compare
        </button>
      </div>
      <CompareCards a={sa} b={sb} />
      <div className="compare">
        {[a, b].map((v, i) => (
          <div className="view" key={i} data-testid={`compare-view-${i}`}>
            <SourceView view={v} cards={<></>} table={false} />
          </div>
        ))}
      </div>
    </section>
  );
}
