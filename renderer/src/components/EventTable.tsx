// Every event of the run, virtualized (only the visible rows exist), filterable by kind and hop.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useStore } from '../store.ts';
import { useView } from '../player/view-store.ts';
import { EVENT_KINDS, hopOf, type Hop, type LifelineEvent } from '../../../shared/events.ts';
import { formatTime } from '../time-axis.ts';
import { lowerBound } from '../../../shared/downsample-series.ts';

const ROW = 22;
const HEIGHT = 264;
const HOPS: Hop[] = ['device', 'nat', 'server', 'push', 'run'];

function describe(e: LifelineEvent): string {
  const { t: _t, kind: _k, ...rest } = e as LifelineEvent & Record<string, unknown>;
  return Object.entries(rest)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join('  ');
}

export function EventTable() {
  const version = useView((s) => s.version);
  const events = useView((s) => s.data.events);
  const kinds = useStore((s) => s.kinds);
  const hops = useStore((s) => s.hops);
  const toggleKind = useStore((s) => s.toggleKind);
  const toggleHop = useStore((s) => s.toggleHop);
  const [top, setTop] = useState(0);
  // A recorded source has a time cursor: its row is marked and kept in view; a click moves it.
  const pb = useView((s) => s.playback);
  const player = useView((s) => s.player);
  const scroller = useRef<HTMLDivElement>(null);

  const rows = useMemo(() => {
    if (kinds.size === 0 && hops.size === 0) return null; // all rows: no index array needed
    const idx: number[] = [];
    for (let i = 0; i < events.length; i++) {
      const e = events[i]!;
      if ((kinds.size === 0 || kinds.has(e.kind)) && (hops.size === 0 || hops.has(hopOf(e)))) idx.push(i);
    }
    return idx;
  }, [version, events, kinds, hops]);

  const count = rows ? rows.length : events.length;
  const cursorRow = pb && player.seek ? (rows ? lowerBound(rows, pb.index) : pb.index) - 1 : -1;
  useEffect(() => {
    const el = scroller.current;
    if (cursorRow < 0 || !el) return;
    const y = cursorRow * ROW;
    if (y < el.scrollTop || y > el.scrollTop + HEIGHT - ROW) el.scrollTop = Math.max(0, y - HEIGHT / 2);
  }, [cursorRow]);
  const first = Math.floor(top / ROW);
  const visible = Math.ceil(HEIGHT / ROW) + 1;
  const slice: { i: number; e: LifelineEvent }[] = [];
  for (let r = first; r < Math.min(count, first + visible); r++) {
    const i = rows ? rows[r]! : r;
    slice.push({ i, e: events[i]! });
  }

  return (
    <section className="events" aria-label="event table">
      <header className="panel-head">
        <h2>Events</h2>
        <span className="hint" data-testid="event-count">
          {count.toLocaleString('en')} of {events.length.toLocaleString('en')}
        </span>
      </header>
      <div className="filters">
        <span>hop:</span>
        {HOPS.map((h) => (
          <label key={h} className={hops.has(h) ? 'on' : ''}>
            <input type="checkbox" checked={hops.has(h)} onChange={() => toggleHop(h)} /> {h}
          </label>
        ))}
        <span>kind:</span>
        {EVENT_KINDS.map((k) => (
          <label key={k} className={kinds.has(k) ? 'on' : ''}>
            <input type="checkbox" checked={kinds.has(k)} onChange={() => toggleKind(k)} /> {k}
          </label>
        ))}
      </div>
      <div className="table-scroll" tabIndex={0} role="region" aria-label="events, scroll with the arrow keys" style={{ height: HEIGHT }} ref={scroller} onScroll={(e) => setTop(e.currentTarget.scrollTop)} data-testid="event-table">
        <div style={{ height: count * ROW, position: 'relative' }}>
          {slice.map(({ i, e }, k) => {
            const text = describe(e);
            return (
              <div
                className={`row kind-${e.kind.replace('.', '-')}${first + k === cursorRow ? ' at-cursor' : ''}`}
                key={i}
                style={{ top: (first + k) * ROW, height: ROW }}
                onClick={() => player.seek?.(e.t)}
                data-t={e.t}
              >
                <span className="c-t">{formatTime(e.t)}</span>
                <span className="c-hop">{hopOf(e)}</span>
                <span className="c-kind">{e.kind}</span>
                <span className="c-desc" title={text}>
                  {text}
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
}
