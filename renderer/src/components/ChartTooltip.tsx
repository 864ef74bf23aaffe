// The chart's hover card, as Chrome DevTools shows one: an HTML box styled by the page (an SVG
// <title> shows nothing in headless Chromium and little anywhere), listing every mark of the group
// under the pointer with its time, kind and number, connection, idle time and fate.
import { moreText, type MarkGroup } from '../../../shared/view/mark-layout.ts';
import { markText } from '../../../shared/view/mark-text.ts';
import { markerPaint, MARKERS } from '../../../shared/view/chart-view.ts';
import type { Marker } from '../../../shared/folds/series.ts';
import { OVERLAY_COLORS } from './OverlayLayer.tsx';

/** Where the card goes, in the chart stage's pixels: beside the group's box, on the side with more room. */
export interface TooltipPlace {
  x: number;
  y: number;
  /** Left of the point rather than right of it. */
  flip: boolean;
}

/** `overlaid`: the marks that are compare's overlaid run's: drawn in its colour and said to be its. */
export function ChartTooltip({ group, at, overlaid }: { group: MarkGroup; at: TooltipPlace; overlaid?: ReadonlySet<Marker> }) {
  return (
    <div className={`chart-tooltip${at.flip ? ' flip' : ''}`} role="tooltip" data-testid="chart-tooltip" style={{ left: at.x, top: at.y }}>
      {group.marks.map(({ mark }, i) => {
        const t = markText(mark);
        const other = overlaid?.has(mark);
        const paint = markerPaint(mark, 'var(--panel)', other ? OVERLAY_COLORS.b : undefined);
        return (
          <div key={i} className="tip-row" data-kind={mark.kind} data-overlaid={other ? '' : undefined}>
            <svg width="16" height="16" aria-hidden="true">
              <path d={MARKERS[mark.kind].shape(8, 8)} fill={paint.fill} stroke={paint.stroke} strokeWidth={Math.min(paint.strokeWidth, 2.5)} />
            </svg>
            <div>
              <div className="tip-head">
                <span className="tip-time">{t.time}</span> <strong>{t.title}</strong>
                {other && <span className="tip-run"> · overlaid run</span>}
              </div>
              <div className="tip-facts">{t.facts.join(' · ')}</div>
            </div>
          </div>
        );
      })}
      {group.more.length > 0 && (
        <div className="tip-row tip-more" data-testid="tip-more">
          {moreText(group, (kind) => MARKERS[kind].label)}
        </div>
      )}
    </div>
  );
}
