// The chart's key: only the shapes the chart draws (shared/view/chart-legend.ts), folded behind one
// button when the chart needs the room. A compare shows one key for both of its charts. The entries
// and their words are legendEntries' (the SVG export lists the same); this draws their swatches in
// the page's theme.
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useStore } from '../store.ts';
import { legendEntries, mergeKeys, type ChartKey, type LegendEntry } from '../../../shared/view/chart-legend.ts';
import { INTERVAL_COLORS, markerPaint, MARKERS, NAT_LINE } from '../../../shared/view/chart-view.ts';

function Swatch({ entry }: { entry: LegendEntry }): ReactNode {
  switch (entry.swatch) {
    case 'idle':
      return <svg width="22" height="12" aria-hidden="true"><path d="M1,11L21,1" stroke="var(--fg)" strokeWidth="1.5" /></svg>;
    case 'nat-timeout':
      return <svg width="22" height="12" aria-hidden="true"><path d="M1,6H21" stroke={NAT_LINE.color} strokeWidth="2" strokeDasharray="5 3" /></svg>;
    case 'interval':
      return <svg width="22" height="12" aria-hidden="true"><path d="M1,10H11V3H21" stroke={INTERVAL_COLORS[entry.side]} strokeWidth="2" fill="none" /></svg>;
    case 'marker': {
      const paint = markerPaint({ kind: entry.kind }, 'var(--panel)');
      return (
        <svg width="16" height="16" aria-hidden="true">
          <path d={MARKERS[entry.kind].shape(8, 8)} fill={paint.fill} stroke={paint.stroke} strokeWidth={Math.min(paint.strokeWidth, 2.5)} />
        </svg>
      );
    }
    case 'hollow':
      return <svg width="22" height="12" aria-hidden="true"><path d="M5,10L11,1L17,10Z" fill="var(--panel)" stroke="var(--muted)" strokeWidth="2" /></svg>;
    default:
      // dead, envelope, no-mapping: a box in the page's colours (styles.css .swatch).
      return <i className={`swatch ${entry.swatch}`} />;
  }
}

/** `keys`: one chart's key, or every compared chart's (their entries merged, each once). */
export function ChartLegend({ keys }: { keys: readonly ChartKey[] }) {
  const entries = useMemo(() => legendEntries(mergeKeys(keys)), [keys]);
  // On a projector the plot needs the room: the key folds when projector mode starts, one click away.
  const projector = useStore((s) => s.projector);
  const [open, setOpen] = useState(!projector);
  useEffect(() => setOpen(!projector), [projector]);
  return (
    <div className={open ? 'chart-legend-box open' : 'chart-legend-box'}>
      <button type="button" className="legend-toggle" aria-expanded={open} aria-controls="chart-legend" onClick={() => setOpen(!open)} data-testid="legend-toggle">
        {open ? 'Hide legend' : 'Legend'}
      </button>
      {open && (
        <ul className="chart-legend" id="chart-legend" aria-label="chart legend" data-testid="chart-legend">
          {entries.map((e) => (
            <li key={e.id} data-legend={e.id}>
              <Swatch entry={e} /> {e.label}
            </li>
          ))}
          <li className="hint">hover a mark for details</li>
        </ul>
      )}
    </div>
  );
}
