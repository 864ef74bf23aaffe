// Every event of the run, virtualized (only the visible rows exist), filterable by kind, hop and
// text. It follows the chart: when the window moves, the table scrolls to the window's first event
// and dims the rows outside it. A recorded source has a time cursor: its row is marked and kept in
// view, and a click on a row moves the cursor there.
import { memo, useMemo, useRef, useState } from 'react';
import { useStore } from '../store.ts';
import { useFrameEffect } from '../use-frame-effect.ts';
import { useView } from '../player/view-store.ts';
import { EVENT_KINDS, hopOf, type Hop, type LifelineEvent } from '../../../shared/log/events.ts';
import { lowerBound, lowerBoundBy } from '../../../shared/view/downsample-series.ts';
import { formatTimeMs } from '../../../shared/util/time-format.ts';

const ROW = 22;
const HEIGHT = 264;
const HOPS: Hop[] = ['device', 'nat', 'server', 'push', 'run'];
const COLUMNS = [
  { key: 'c-t', label: 'time' },
  { key: 'c-hop', label: 'hop' },
  { key: 'c-kind', label: 'kind' },
  { key: 'c-desc', label: 'details' },
] as const;

function describe(e: LifelineEvent): string {
  const { t: _t, kind: _k, ...rest } = e as LifelineEvent & Record<string, unknown>;
  return Object.entries(rest)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join('  ');
}

function EventRow({ e, row, outside, atCursor, onClick }: { e: LifelineEvent; row: number; outside: boolean; atCursor: boolean; onClick?: (t: number) => void }) {
  const text = describe(e);
  return (
    <div
      role="row"
      aria-rowindex={row + 2}
      className={`row kind-${e.kind.replace('.', '-')}${outside ? ' outside' : ''}${atCursor ? ' at-cursor' : ''}${onClick ? ' clickable' : ''}`}
      style={{ top: row * ROW, height: ROW }}
      data-t={e.t}
      onClick={onClick && (() => onClick(e.t))}
    >
      <span role="cell" className="c-t">
        {formatTimeMs(e.t)}
      </span>
      <span role="cell" className="c-hop">
        {hopOf(e)}
      </span>
      <span role="cell" className="c-kind">
        {e.kind}
      </span>
      <span role="cell" className="c-desc" title={text}>
        {text}
      </span>
    </div>
  );
}

export function EventTable() {
  const version = useView((s) => s.version);
  const events = useView((s) => s.data.events);
  const kinds = useStore((s) => s.kinds);
  const hops = useStore((s) => s.hops);
  const win = useView((s) => s.window);
  const pb = useView((s) => s.playback);
  const player = useView((s) => s.player);
  const query = useStore((s) => s.eventQuery);
  const [top, setTop] = useState(0);
  const scroller = useRef<HTMLDivElement>(null);
  const q = query.trim().toLowerCase();

  const rows = useMemo(() => {
    if (kinds.size === 0 && hops.size === 0 && q === '') return null; // all rows: no index array needed
    const idx: number[] = [];
    for (let i = 0; i < events.length; i++) {
      const e = events[i]!;
      if (kinds.size > 0 && !kinds.has(e.kind)) continue;
      if (hops.size > 0 && !hops.has(hopOf(e))) continue;
      if (q !== '' && !e.kind.includes(q) && !describe(e).toLowerCase().includes(q)) continue;
      idx.push(i);
    }
    return idx;
  }, [version, events, kinds, hops, q]);

  const count = rows ? rows.length : events.length;
  const eventAt = (r: number) => events[rows ? rows[r]! : r]!;

  // Follow the chart's zoom: a new window (or a new filter) scrolls to the window's first row.
  // New batches of a live run do not: the reader keeps the place they scrolled to.
  const t0 = win?.t0 ?? 0;
  useFrameEffect(() => {
    const el = scroller.current;
    if (!el) return;
    el.scrollTop = lowerBoundBy(count, (r) => eventAt(r).t, t0) * ROW;
  }, [t0, win?.t1, rows === null, kinds, hops, q]);

  const cursorRow = pb && player.seek ? (rows ? lowerBound(rows, pb.index) : pb.index) - 1 : -1;
  useFrameEffect(() => {
    const el = scroller.current;
    if (cursorRow < 0 || !el) return;
    const y = cursorRow * ROW;
    if (y < el.scrollTop || y > el.scrollTop + HEIGHT - ROW) el.scrollTop = Math.max(0, y - HEIGHT / 2);
  }, [cursorRow]);
  const seek = player.seek?.bind(player);

  const first = Math.floor(top / ROW);
  const visible = Math.ceil(HEIGHT / ROW) + 1;
  const slice: { index: number; row: number; e: LifelineEvent }[] = [];
  for (let r = first; r < Math.min(count, first + visible); r++) {
    const index = rows ? rows[r]! : r;
    slice.push({ index, row: r, e: events[index]! });
  }

  return (
    <section className="events" aria-label="event table">
      <header className="panel-head">
        <h2>Events</h2>
        <span className="hint" data-testid="event-count">
          {count.toLocaleString('en')} of {events.length.toLocaleString('en')}
        </span>
        <EventSearch />
      </header>
      <EventFilters />
      <div role="table" aria-label="events" aria-rowcount={count + 1}>
        <div role="rowgroup">
          <div role="row" aria-rowindex={1} className="row head">
            {COLUMNS.map((c) => (
              <span role="columnheader" key={c.key} className={c.key}>
                {c.label}
              </span>
            ))}
          </div>
        </div>
        <div
          ref={scroller}
          className="table-scroll"
          tabIndex={0}
          role="rowgroup"
          aria-label="events, scroll with the arrow keys"
          style={{ height: HEIGHT }}
          onScroll={(e) => setTop(e.currentTarget.scrollTop)}
          data-testid="event-table"
        >
          <div style={{ height: count * ROW, position: 'relative' }}>
            {slice.map(({ index, row, e }) => (
              <EventRow key={index} e={e} row={row} outside={win !== null && (e.t < win.t0 || e.t > win.t1)} atCursor={row === cursorRow} onClick={seek} />
            ))}
          </div>
        </div>
      </div>
    </section>
  );
}

// The search box and the filters read the store themselves: the table redraws at every frame of a
// scrub, and React sets an input's name and type again at each of its renders (some 50 inputs).
const EventSearch = memo(function EventSearch() {
  const query = useStore((s) => s.eventQuery);
  const setQuery = useStore((s) => s.setEventQuery);
  return <input type="search" className="event-search" placeholder="search details…" aria-label="search the events' details" value={query} onChange={(e) => setQuery(e.target.value)} data-testid="event-search" />;
});

const EventFilters = memo(function EventFilters() {
  const kinds = useStore((s) => s.kinds);
  const hops = useStore((s) => s.hops);
  const toggleKind = useStore((s) => s.toggleKind);
  const toggleHop = useStore((s) => s.toggleHop);
  return (
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
  );
});
