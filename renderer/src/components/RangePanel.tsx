// What happened in the selected range, as DevTools' summary of a selection: every figure is
// summarizeRange (shared/folds/range-summary.ts) over this view's event log, so it uses the
// definitions of the whole run's cards. Folded once the drag ends, not on every move.
import { useEffect, useMemo, useRef } from 'react';
import { useView } from '../player/view-store.ts';
import { useScopedRange } from '../range-selection.ts';
import { summarizeRange, type RangeSummary } from '../../../shared/folds/range-summary.ts';
import { formatDuration, formatTime } from '../../../shared/util/time-format.ts';
import { formatJoules, formatJoulesPerDay, formatSpan } from '../../../shared/view/metric-format.ts';
import { laneStyle } from '../../../shared/view/lane-styles.ts';

type Figure = [key: string, label: string, value: string, raw: number];

function figures(r: RangeSummary): Figure[] {
  return [
    ['deadSec', 'Dead time', formatDuration(r.deadSec), r.deadSec],
    ['natExpiries', 'NAT expiries', String(r.natExpiries), r.natExpiries],
    ['disconnects', 'Disconnects', String(r.disconnects), r.disconnects],
    ['pushesSent', 'Pushes sent', String(r.pushes.sent), r.pushes.sent],
    ['pushesDelivered', 'Pushes delivered', String(r.pushes.delivered), r.pushes.delivered],
    ['pushesLost', 'Pushes lost', String(r.pushes.lost), r.pushes.lost],
    ['wakeups', 'Wakeups', String(r.wakeups), r.wakeups],
    ['energy', 'Radio energy', formatJoules(r.energy.joules), r.energy.joules],
    // The card's unit: what this range's traffic would cost over a day.
    ['energyPerDay', 'Radio energy / day', formatJoulesPerDay(r.energy.joulesPerDay), r.energy.joulesPerDay],
    ['radioOnSec', 'Radio on', formatSpan(r.energy.radioOnSec), r.energy.radioOnSec],
  ];
}

/** Time in each state of a lane, longest first. */
function StateTimes({ lane, sec }: { lane: string; sec: Partial<Record<string, number>> }) {
  const rows = Object.entries(sec).sort((a, b) => b[1]! - a[1]!);
  if (rows.length === 0) return null;
  return (
    <div className="range-states" data-testid={`range-${lane}`} data-value={JSON.stringify(sec)}>
      <strong>{lane}:</strong>
      {rows.map(([state, s]) => (
        <span key={state}>
          <i className="range-swatch" style={{ background: laneStyle(lane, state).color }} /> {laneStyle(lane, state).label} {formatSpan(s!)}
        </span>
      ))}
    </div>
  );
}

export function RangePanel() {
  const range = useScopedRange();
  const version = useView((s) => s.version);
  const events = useView((s) => s.data.events);
  const from = range && !range.dragging ? range.t0 : null;
  const to = range?.t1 ?? 0;
  const r = useMemo(() => (from === null ? null : summarizeRange(events, from, to)), [events, version, from, to]);
  const box = useRef<HTMLElement>(null);
  // The panel sits under the lanes, often below the first screen: a new selection brings its figures
  // into view (as little scrolling as that takes), rather than leaving the answer unseen.
  useEffect(() => {
    if (from !== null) box.current?.scrollIntoView({ block: 'nearest' });
  }, [from, to]);
  if (!r) return null;
  const hours = r.toMs >= 3_600_000;
  return (
    <section ref={box} className="range-panel" aria-label="selected range" data-testid="range-panel" data-from={r.fromMs} data-to={r.toMs}>
      <header className="panel-head">
        <h2>
          Range {formatTime(r.fromMs, hours)}–{formatTime(r.toMs, hours)} ({formatDuration((r.toMs - r.fromMs) / 1000)})
        </h2>
        <span className="hint">Esc or a click clears</span>
      </header>
      <dl className="range-figures">
        {figures(r).map(([key, label, value, raw]) => (
          <div key={key} data-testid={`range-${key}`} data-value={raw} className={key === 'deadSec' && raw > 0 ? 'bad' : undefined}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <StateTimes lane="lifecycle" sec={r.lifecycleSec} />
      <StateTimes lane="radio" sec={r.radioSec} />
    </section>
  );
}
