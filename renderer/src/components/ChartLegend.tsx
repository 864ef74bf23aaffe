// The chart's key: only the shapes the chart draws (shared/view/chart-legend.ts), folded behind one
// button when the chart needs the room. A compare shows one key for both of its charts.
import { useEffect, useMemo, useState } from 'react';
import { useStore } from '../store.ts';
import { mergeKeys, type ChartKey } from '../../../shared/view/chart-legend.ts';
import { DEAD_FILL, INTERVAL_COLORS, markerPaint, MARKERS } from '../../../shared/view/chart-view.ts';
import type { MarkerKind } from '../../../shared/folds/series.ts';

/** `keys`: one chart's key, or every compared chart's (their entries merged, each once). */
export function ChartLegend({ keys }: { keys: readonly ChartKey[] }) {
  const { has, timeoutsSec, paths, envelope, capture } = useMemo(() => mergeKeys(keys), [keys]);
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
          <li data-legend="idle">
            <svg width="22" height="12" aria-hidden="true"><path d="M1,11L21,1" stroke="var(--fg)" strokeWidth="1.5" /></svg> seconds since the NAT saw traffic
          </li>
          <li data-legend="nat-timeout">
            <svg width="22" height="12" aria-hidden="true"><path d="M1,6H21" stroke="#dc2626" strokeWidth="2" strokeDasharray="5 3" /></svg> NAT idle timeout ({timeoutsSec.join(' s / ')} s)
          </li>
          {has.dead && (
            <li data-legend="dead">
              <i className="swatch dead" /> {capture ? 'idle past the NAT timeout, until the next packet' : DEAD_FILL.label(paths.join(' / '))}
            </li>
          )}
          {envelope && (
            <li data-legend="envelope">
              <i className="swatch envelope" /> longest idle per bucket (zoomed out)
            </li>
          )}
          {(Object.keys(INTERVAL_COLORS) as (keyof typeof INTERVAL_COLORS)[])
            .filter((k) => has.intervals[k])
            .map((k) => (
              <li key={k} data-legend={`${k}-interval`}>
                <svg width="22" height="12" aria-hidden="true"><path d="M1,10H11V3H21" stroke={INTERVAL_COLORS[k]} strokeWidth="2" fill="none" /></svg> {k} heartbeat interval
              </li>
            ))}
          {(Object.keys(MARKERS) as MarkerKind[])
            .filter((k) => has.markers.has(k))
            .map((k) => {
              const paint = markerPaint({ kind: k }, 'var(--panel)');
              return (
                <li key={k} data-legend={`marker-${k}`}>
                  <svg width="16" height="16" aria-hidden="true">
                    <path d={MARKERS[k].shape(8, 8)} fill={paint.fill} stroke={paint.stroke} strokeWidth={Math.min(paint.strokeWidth, 2.5)} />
                  </svg>{' '}
                  {MARKERS[k].label}
                </li>
              );
            })}
          {has.hollow && (
            <li data-legend="hollow">
              <svg width="22" height="12" aria-hidden="true">
                <path d="M5,10L11,1L17,10Z" fill="var(--panel)" stroke="var(--muted)" strokeWidth="2" />
              </svg>{' '}
              hollow: never arrived (a push lost, a PING dropped) · above the red line: after its mapping expired
            </li>
          )}
          {has.noMapping && (
            <li data-legend="no-mapping">
              <i className="swatch no-mapping" /> top band: no NAT mapping
            </li>
          )}
          <li className="hint">hover a mark for details</li>
        </ul>
      )}
    </div>
  );
}
