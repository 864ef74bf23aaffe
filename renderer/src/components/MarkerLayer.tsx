// The chart's marks, placed by shared/view/mark-layout.ts so that none hides another: on the line
// at their instant, in the "no NAT mapping" band above the plot when they have no line to sit on,
// and stacked in a strip where several fall on one spot. Hovering a mark or a strip shows the
// group's card (ChartTooltip), drawn in the chart's stage as HTML. The NAT timeout line's label is
// placed here too, clear of the marks and where it can be of the lines (shared/view/nat-label.ts):
// drawn over the lines and under the marks.
import { memo, useState, type MouseEvent } from 'react';
import { createPortal } from 'react-dom';
import type { ChartView } from '../../../shared/view/chart-view.ts';
import { markerPaint, MARKERS, NAT_LINE } from '../../../shared/view/chart-view.ts';
import { natLabelPlace, plotInk } from '../../../shared/view/nat-label.ts';
import type { TimeWindow } from '../store.ts';
import { drawBase } from '../time-axis.ts';
import { BAND_LABEL, bandBox, isStack, layoutMarks, lineLabels, moreAt, moreLabel, type MarkGroup, type PlacedMark } from '../../../shared/view/mark-layout.ts';
import { ChartTooltip, type TooltipPlace } from './ChartTooltip.tsx';
import { useKeptElements } from '../kept-elements.ts';
import { OVERLAY_COLORS } from './OverlayLayer.tsx';
import type { IntervalPoint, Marker } from '../../../shared/folds/series.ts';
import { usePlotScales } from './PlotScales.tsx';

/** The overlaid run's line has no interval steps of its own on this chart. */
const NO_INTERVALS = { client: [], server: [] };

/** The gap between a group's box and its card. */
const TIP_GAP = 10;

/**
 * `natSec`, `natFontPx`: the NAT timeout whose line is labelled, and the label's type size;
 * `intervals` and `w`: the interval lines drawn in window `w`, which the label keeps clear of as it
 * does of the idle line; `overlaid`: the marks of `view` that are compare's overlaid run's, drawn in
 * its colour, and `overlaidLine` that run's idle line, which the label keeps clear of too (OverlayLayer).
 * The layer says which window it has drawn (`data-window`): the lesson caption places itself once
 * the marks of its moment's window are there.
 */
export const MarkerLayer = memo(function MarkerLayer({
  view,
  natSec,
  natFontPx,
  intervals,
  w,
  overlaid,
  overlaidLine,
}: {
  view: Pick<ChartView, 'markers' | 'maxY' | 'lines' | 'points' | 'envelope'>;
  natSec: number;
  natFontPx: number;
  intervals: { client: IntervalPoint[]; server: IntervalPoint[] };
  w: TimeWindow;
  overlaid?: ReadonlySet<Marker>;
  overlaidLine?: Pick<ChartView, 'points' | 'envelope'>;
}) {
  const scales = usePlotScales();
  const [hover, setHover] = useState<{ group: MarkGroup; stage: HTMLElement; at: TooltipPlace } | null>(null);
  const kept = useKeptElements();
  if (!scales) return null;
  const { x, y, area } = scales;
  const plot = { left: area.x, top: area.y, width: area.width, height: area.height };
  const band = bandBox(plot);
  // Two runs' marks of one kind are two kinds: each run's stay a row, and a spot both share is a stack.
  const groups = layoutMarks(view.markers, x, y, plot, view.maxY, overlaid && ((m) => (overlaid.has(m) ? `overlaid ${m.kind}` : m.kind)));
  // Glyphs are drawn at their place on the run's time axis, in a group shifted back by the window's
  // start, and keyed by the mark: a pan leaves every glyph that stays in the window as it was (its
  // path, its element) and moves the group. Drawn at their place in the window and keyed by index,
  // every glyph's path changed at every frame of a scrub, and many took another mark's kind.
  // The shift is read from the same scale as the marks' places (PlotScales.tsx), so the two always
  // agree. Counted from a nearby round place on the axis, not from the run's start (drawBase).
  const shift = x(0) + drawBase(-x(0));
  // To a hundredth of a pixel, so the float noise of a pan does not rewrite the path.
  const onAxis = (px: number) => Math.round((px - shift) * 100) / 100;
  const keys = groups.map((g) => `${isStack(g) ? 's' : 'm'}${markKey(g.marks[0]!.mark, overlaid)}`);
  // One handler for the layer, not one per mark (a scrubbed session redraws hundreds of marks a
  // frame): the group is found by where the pointer is, in the chart's own pixels.
  const groupAt = (e: MouseEvent<SVGGElement>) => {
    if (!(e.target instanceof SVGElement) || !e.target.closest('.marker, .mark-strip')) return null;
    const svg = e.currentTarget.ownerSVGElement!.getBoundingClientRect();
    const px = e.clientX - svg.left;
    const py = e.clientY - svg.top;
    return groups.find((g) => px >= g.box.x && px <= g.box.x + g.box.w && py >= g.box.y && py <= g.box.y + g.box.h) ?? null;
  };
  const over = (e: MouseEvent<SVGGElement>) => {
    const group = groupAt(e);
    const stage = e.currentTarget.closest<HTMLElement>('.chart-stage');
    if (!group || !stage || hover?.group === group) return;
    const s = stage.getBoundingClientRect();
    const svg = e.currentTarget.ownerSVGElement!.getBoundingClientRect();
    const left = svg.left - s.left + group.box.x;
    const flip = left + group.box.w / 2 > s.width / 2;
    setHover({ group, stage, at: { x: flip ? left - TIP_GAP : left + group.box.w + TIP_GAP, y: Math.max(0, svg.top - s.top + group.box.y), flip } });
  };
  const out = (e: MouseEvent<SVGGElement>) => {
    const to = e.relatedTarget;
    if (!(to instanceof SVGElement) || !to.closest('.marker, .mark-strip')) setHover(null);
  };
  const natText = NAT_LINE.label(natSec);
  const ink = plotInk(view, intervals, w, x, y);
  const other = overlaidLine && plotInk(overlaidLine, NO_INTERVALS, w, x, y);
  const nat = natLabelPlace(natText, natFontPx, y(natSec), plot, groups, other ? { lines: [...ink.lines, ...other.lines], fills: [...ink.fills, ...other.fills] } : ink);
  return (
    <g className="markers" data-window={`${w.t0},${w.t1}`} onMouseOver={over} onMouseOut={out}>
      <rect className="nat-timeout-label-box" data-testid="nat-timeout-label-box" x={nat.box.x} y={nat.box.y} width={nat.box.w} height={nat.box.h} rx={3} fill="var(--panel)" pointerEvents="none" />
      <text className="nat-timeout-label" data-testid="nat-timeout-label" x={nat.x} y={nat.y} textAnchor={nat.anchor} fontSize={natFontPx} fill={NAT_LINE.color} pointerEvents="none">
        {natText}
      </text>
      {view.markers.some((m) => m.y === null) && (
        <>
          <rect className="no-mapping-band" x={band.x} y={band.y} width={band.w} height={band.h} fill="var(--grid)" fillOpacity={0.55} />
          <text className="no-mapping-label" x={band.labelX} y={band.labelY} textAnchor="end" fontSize={10} fill="var(--muted)">
            {BAND_LABEL}
          </text>
        </>
      )}
      {lineLabels(view.lines, x).map((l) => (
        <text key={l.x} className="line-label" x={l.x + 3} y={plot.top + plot.height - 4} fontSize={11} fill="var(--muted)" stroke="var(--panel)" strokeWidth={3} paintOrder="stroke">
          {l.text}
        </text>
      ))}
      {/* A lone mark is its own hover target (its whole box: a thin cross is easy to miss); a stack, its strip. */}
      <g className="marks-on-axis" transform={`translate(${shift} 0)`}>
        {groups.map((g, i) => {
          if (isStack(g)) return null;
          const p = g.marks[0]!;
          const d = MARKERS[p.mark.kind].shape(onAxis(p.x), p.y);
          return kept.keep(keys[i]!, `${d}|${p.mark.t}|${p.mark.delivered}|${p.mark.y === null}`, () => markPath(p, d, keys[i]!, overlaid));
        })}
        {groups.map((g, i) =>
          isStack(g) ? (
            <g key={keys[i]} className="mark-group" data-count={g.marks.length + g.more.length}>
              <rect className="mark-strip" x={onAxis(g.box.x)} y={g.box.y} width={g.box.w} height={g.box.h} rx={4} fill="var(--panel)" fillOpacity={0.85} stroke="var(--muted)" strokeWidth={1} />
              {g.marks.map((p, j) => markPath(p, MARKERS[p.mark.kind].shape(onAxis(p.x), p.y), j, overlaid))}
              {g.more.length > 0 && moreCount(g, onAxis)}
            </g>
          ) : null,
        )}
      </g>
      {hover && createPortal(<ChartTooltip group={hover.group} at={hover.at} overlaid={overlaid} />, hover.stage)}
    </g>
  );
});

/** A mark's key: its kind and number among its kind, and whose run it is in a compare's overlay. */
const markKey = (m: Marker, overlaid: ReadonlySet<Marker> | undefined) => `${overlaid?.has(m) ? 'o' : ''}${m.kind}${m.n}`;

/** A full strip's count of the marks it has no room for, beside its far end. */
function moreCount(g: MarkGroup, onAxis: (px: number) => number) {
  const at = moreAt(g);
  return (
    <text className="mark-more" data-testid="mark-more" x={onAxis(at.x)} y={at.y} fontSize={10} fill="var(--muted)" stroke="var(--panel)" strokeWidth={3} paintOrder="stroke" pointerEvents="none">
      {moreLabel(g)}
    </text>
  );
}

/** A mark's glyph: a plain element, not a component (hundreds a frame while scrubbing). */
function markPath(p: PlacedMark, d: string, key: string | number, overlaid: ReadonlySet<Marker> | undefined) {
  const other = overlaid?.has(p.mark);
  const paint = markerPaint(p.mark, 'var(--panel)', other ? OVERLAY_COLORS.b : undefined);
  return (
    <path
      key={key}
      className={`marker marker-${p.mark.kind}`}
      data-marker={p.mark.kind}
      data-t={p.mark.t}
      data-delivered={p.mark.delivered === undefined ? undefined : String(p.mark.delivered)}
      data-no-mapping={p.mark.y === null ? '' : undefined}
      data-overlaid={other ? '' : undefined}
      d={d}
      fill={paint.fill}
      stroke={paint.stroke}
      strokeWidth={paint.strokeWidth}
    />
  );
}
