// The chart's marks, placed by shared/view/mark-layout.ts so that none hides another: on the line
// at their instant, in the "no NAT mapping" band above the plot when they have no line to sit on,
// and stacked in a strip where several fall on one spot. Hovering a mark or a strip shows the
// group's card (ChartTooltip), drawn in the chart's stage as HTML.
import { memo, useState } from 'react';
import { createPortal } from 'react-dom';
import { usePlotArea, useXAxisScale, useYAxisScale } from 'recharts';
import type { ChartView } from '../../../shared/view/chart-view.ts';
import { markerPaint, MARKERS } from '../../../shared/view/chart-view.ts';
import { BAND_LABEL, bandBox, layoutMarks, lineLabels, type MarkGroup } from '../../../shared/view/mark-layout.ts';
import { ChartTooltip, type TooltipPlace } from './ChartTooltip.tsx';

/** The gap between a group's box and its card. */
const TIP_GAP = 10;

export const MarkerLayer = memo(function MarkerLayer({ view }: { view: Pick<ChartView, 'markers' | 'maxY' | 'lines'> }) {
  const x = useXAxisScale();
  const y = useYAxisScale();
  const area = usePlotArea();
  const [hover, setHover] = useState<{ group: MarkGroup; stage: HTMLElement; at: TooltipPlace } | null>(null);
  if (!x || !y || !area) return null;
  const plot = { left: area.x, top: area.y, width: area.width, height: area.height };
  const band = bandBox(plot);
  const groups = layoutMarks(view.markers, (t) => x(t)!, (idle) => y(idle)!, plot, view.maxY);
  const enter = (group: MarkGroup, el: SVGElement) => {
    const stage = el.closest<HTMLElement>('.chart-stage');
    if (!stage) return;
    const s = stage.getBoundingClientRect();
    const b = el.getBoundingClientRect();
    const flip = b.left + b.width / 2 - s.left > s.width / 2;
    setHover({ group, stage, at: { x: flip ? b.left - s.left - TIP_GAP : b.right - s.left + TIP_GAP, y: Math.max(0, b.top - s.top), flip } });
  };
  return (
    <g className="markers">
      {view.markers.some((m) => m.y === null) && (
        <>
          <rect className="no-mapping-band" x={band.x} y={band.y} width={band.w} height={band.h} fill="var(--grid)" fillOpacity={0.55} />
          <text className="no-mapping-label" x={band.labelX} y={band.labelY} textAnchor="end" fontSize={10} fill="var(--muted)">
            {BAND_LABEL}
          </text>
        </>
      )}
      {lineLabels(view.lines, (t) => x(t)!).map((l) => (
        <text key={l.x} className="line-label" x={l.x + 3} y={plot.top + plot.height - 4} fontSize={11} fill="var(--muted)" stroke="var(--panel)" strokeWidth={3} paintOrder="stroke">
          {l.text}
        </text>
      ))}
      {/* Index keys: panning moves the same DOM nodes instead of creating and removing them. */}
      {groups.map((g, i) => (
        <g key={i} className="mark-group" data-count={g.marks.length} onMouseEnter={(e) => enter(g, e.currentTarget)} onMouseLeave={() => setHover(null)}>
          {/* The strip behind a stack; for a lone mark, an invisible target bigger than a thin cross. */}
          <rect className={g.marks.length > 1 ? 'mark-strip' : 'mark-target'} x={g.box.x} y={g.box.y} width={g.box.w} height={g.box.h} rx={4} fill={g.marks.length > 1 ? 'var(--panel)' : 'transparent'} fillOpacity={0.85} stroke={g.marks.length > 1 ? 'var(--muted)' : 'none'} strokeWidth={1} />
          {g.marks.map((p, j) => {
            const paint = markerPaint(p.mark, 'var(--panel)');
            return (
              <path
                key={j}
                className={`marker marker-${p.mark.kind}`}
                data-marker={p.mark.kind}
                data-t={p.mark.t}
                data-delivered={p.mark.delivered === undefined ? undefined : String(p.mark.delivered)}
                data-no-mapping={p.mark.y === null ? '' : undefined}
                d={MARKERS[p.mark.kind].shape(p.x, p.y)}
                fill={paint.fill}
                stroke={paint.stroke}
                strokeWidth={paint.strokeWidth}
              />
            );
          })}
        </g>
      ))}
      {hover && createPortal(<ChartTooltip group={hover.group} at={hover.at} />, hover.stage)}
    </g>
  );
});
