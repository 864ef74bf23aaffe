// Two sources on one time axis and one scale: both charts share the x span, the zoom, the y top
// and the time cursor (seek, play or pause one and the other follows), each panel is titled with
// its run, and the metric cards sit side by side with every difference marked in the single
// view's units. One legend serves both charts, and both plots start at the same height. Overlay
// mode draws both runs on one chart in two colours.
import { useEffect, useMemo, useState } from 'react';
import { useStore as useZustand } from 'zustand';
import { selectSummary, type ViewStore } from '../player/view-store.ts';
import type { Summary } from '../../../shared/folds/summary.ts';
import { formatDuration } from '../../../shared/util/time-format.ts';
import { formatJoules, formatPercent } from '../../../shared/view/metric-format.ts';
import { fullWindow } from '../../../shared/view/chart-view.ts';
import { useStore } from '../store.ts';
import { AxesContext, createAxes, useKeys, type AxesStore } from '../shared-axes.ts';
import { RangeScopeContext } from '../range-selection.ts';
import { SourceView } from './SourceView.tsx';
import { OVERLAY_COLORS, OverlayContext } from './OverlayLayer.tsx';
import { ChartLegend } from './ChartLegend.tsx';
import { ChartGestures } from './HeartbeatChart.tsx';

const count = (n: number) => String(n);
const signed = (d: number, format: (x: number) => string) => `${d > 0 ? '+' : '−'}${format(Math.abs(d))}`;

/** Each card: its raw value (data-a / data-b) and how the single view writes it. */
const METRICS: [key: string, label: string, get: (s: Summary) => number, format: (x: number) => string][] = [
  ['deadSec', 'Dead time', (s) => s.deadSec, formatDuration],
  ['connectedRatio', 'Connected', (s) => s.connectedRatio, formatPercent],
  ['pushesLost', 'Pushes lost', (s) => s.pushes.lost, count],
  ['disconnects', 'Disconnects', (s) => s.disconnects, count],
  ['natExpiries', 'NAT expiries', (s) => s.natExpiries, count],
  ['wakeups', 'Wakeups', (s) => s.wakeups, count],
  ['terminations', 'Terminations', (s) => s.terminations, count],
  ['serverHeartbeats', 'Server heartbeats', (s) => s.heartbeats.server, count],
  ['energyPerDay', 'Radio energy / day', (s) => s.energy.joulesPerDay, formatJoules],
];

function CompareCards({ a, b }: { a: Summary | null; b: Summary | null }) {
  if (!a || !b) return null;
  return (
    <section className="cards" aria-label="compared metrics" data-testid="compare-cards">
      {METRICS.map(([key, label, get, format]) => {
        const [x, y] = [get(a), get(b)];
        return (
          <div className={`card ${x !== y ? 'diff' : ''}`} key={key} data-testid={`compare-${key}`} data-a={x} data-b={y}>
            <div className="card-label">{label}</div>
            <div className="card-value">
              {format(x)} → {format(y)}
            </div>
            {x !== y && <div className="was">{signed(y - x, format)}</div>}
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

/**
 * One time cursor: a seek, step or jump in one view seeks the other to the same instant (or its
 * end, if its run is shorter); play, pause and speed are passed on. `expect` holds where a view
 * was sent, so its own echo of that move is not passed back.
 */
function useSyncedCursors(a: ViewStore, b: ViewStore): void {
  useEffect(() => {
    const expect = new Map<ViewStore, number>();
    const follow = (from: ViewStore, to: ViewStore) =>
      from.subscribe((s, prev) => {
        const [p, q] = [s.playback, prev.playback];
        const other = to.getState().playback;
        const player = to.getState().player;
        if (!p || !q || !other || !player.seek) return;
        if (p.speed !== q.speed && other.speed !== p.speed) player.setSpeed?.(p.speed);
        if (p.status === 'running' && q.status !== 'running' && other.status !== 'running') player.play();
        if (p.status === 'paused' && q.status === 'running' && other.status === 'running') player.pause();
        // A move while stopped, or a pause (the follower stops where the leader stopped).
        if (p.status === 'running' || (p.nowMs === q.nowMs && q.status !== 'running')) return;
        if (expect.get(from) === p.nowMs) {
          expect.delete(from);
          return;
        }
        const target = Math.min(other.endMs ?? p.nowMs, Math.max(other.startMs, p.nowMs));
        if (target === other.nowMs) return;
        expect.set(to, target);
        player.seek(target);
      });
    const offs = [follow(a, b), follow(b, a)];
    return () => offs.forEach((off) => off());
  }, [a, b]);
}

/** The union of both runs' whole spans, for both charts' x axis. */
function useSharedAxes(a: ViewStore, b: ViewStore): AxesStore {
  const axes = useMemo(createAxes, [a, b]);
  const end = (s: ReturnType<ViewStore['getState']>) => fullWindow(s.data.series.durationMs, Math.max(s.data.series.lastT, s.playback?.endMs ?? 0)).t1;
  const ea = useZustand(a, end);
  const eb = useZustand(b, end);
  useEffect(() => axes.setState({ full: { t0: 0, t1: Math.max(ea, eb) } }), [axes, ea, eb]);
  return axes;
}

/** A run's title: its scenario, else the source's name (a capture, a file). */
const useTitle = (v: ViewStore) => useZustand(v, (s) => s.data.series.scenario || s.playback?.name || '');

export function CompareView({ a, b }: { a: ViewStore; b: ViewStore }) {
  useSyncedWindows(a, b);
  useSyncedCursors(a, b);
  const axes = useSharedAxes(a, b);
  const [overlay, setOverlay] = useState(false);
  const sa = useZustand(a, selectSummary);
  const sb = useZustand(b, selectSummary);
  const na = useZustand(a, (s) => s.playback?.name);
  const nb = useZustand(b, (s) => s.playback?.name);
  const titles = [useTitle(a), useTitle(b)];
  const shared = useKeys(axes);
  // Overlaid, no dead stretch is shaded (see HeartbeatChart): the legend does not name one.
  const keys = useMemo(() => (overlay ? shared.map((k) => ({ ...k, has: { ...k.has, dead: false } })) : shared), [shared, overlay]);
  return (
    <section className="compare-root" aria-label="compare" data-testid="compare">
      <div className="compare-head">
        <h2 className="view-title" title={`Compare: ${na} → ${nb}`}>
          Compare: <span data-testid="compare-a">{na}</span> → <span data-testid="compare-b">{nb}</span>
        </h2>
        <label className="overlay-toggle">
          <input type="checkbox" checked={overlay} onChange={(e) => setOverlay(e.target.checked)} data-testid="overlay-toggle" /> overlay on one chart
        </label>
        <button type="button" onClick={() => useStore.getState().closeCompare()}>
          Close compare
        </button>
      </div>
      <CompareCards a={sa} b={sb} />
      {keys.length > 0 && (
        <div className="compare-legend" data-testid="compare-legend">
          <ChartGestures />
          <ChartLegend keys={keys} />
        </div>
      )}
      <AxesContext.Provider value={axes}>
        <RangeScopeContext.Provider value={axes}>
          {overlay ? (
            <div className="view compare-overlay" data-testid="compare-overlay">
              <ul className="overlay-key" aria-label="overlaid runs">
                {titles.map((t, i) => (
                  <li key={i} data-testid={`overlay-key-${i}`}>
                    <svg width="26" height="12" aria-hidden="true">
                      <path d="M1,6H25" stroke={i === 0 ? OVERLAY_COLORS.a : OVERLAY_COLORS.b} strokeWidth="2" strokeDasharray={i === 0 ? undefined : '6 3'} />
                    </svg>{' '}
                    {t}
                  </li>
                ))}
              </ul>
              <OverlayContext.Provider value={b}>
                <SourceView view={a} cards={<></>} table={false} />
              </OverlayContext.Provider>
            </div>
          ) : (
            <div className="compare">
              {[a, b].map((v, i) => (
                <div className="view" key={i} data-testid={`compare-view-${i}`}>
                  <h3 className="compare-title" data-testid={`compare-title-${i}`}>
                    {titles[i]}
                  </h3>
                  <SourceView view={v} cards={<></>} table={false} />
                </div>
              ))}
            </div>
          )}
        </RangeScopeContext.Provider>
      </AxesContext.Provider>
    </section>
  );
}
