// The chart "Heartbeat timing vs NAT timeout" as a standalone SVG document a person can share,
// without a browser (`lifeline export --svg`, and the inspector's SVG/PNG export): the scenario's
// name, the chart, its whole time axis, and the lanes under it. Data-bearing shapes come from
// chart-view.ts, mark-layout.ts, lane-rects.ts and lane-styles.ts, the code the inspector draws
// with; this file adds only the frame (titles, axes, grid, legends) that recharts and the page
// draw on screen.
import { natLabelPlace, plotInk } from './nat-label.ts';
import { chartView, DEAD_FILL, envelopePath, fullWindow, INTERVAL_COLORS, intervalPath, markerPaint, MARKERS, NAT_LINE, natSegments, sawtoothPath, Y_AXIS_TITLE, type TimeWindow } from './chart-view.ts';
import { chartKey, legendEntries, mergeKeys, type LegendEntry } from './chart-legend.ts';
import { BAND_LABEL, BAND_MARGIN_PX, bandBox, isStack, layoutMarks, lineLabels, moreAt, moreLabel, moreText } from './mark-layout.ts';
import { markText } from './mark-text.ts';
import { laneDrawing } from './lane-rects.ts';
import { textWidthPx } from './text-width.ts';
import { ACTION_COLORS, ACTION_LABEL_DX, actionLabels, laneStyle, OPTIONAL_LANES, stateLanes, texturePath, type ProjectedLane, type RadioLaneSource, type StateLane } from './lane-styles.ts';
import { formatTime } from '../util/time-format.ts';
import { escapeXml } from '../util/escape-xml.ts';
import { axisTicks, tickHours } from './time-axis-ticks.ts';
import type { SeriesFold } from '../folds/series.ts';
import { PUSH_PATHS } from '../folds/reachability.ts';

export interface ChartSvgOptions {
  width: number;
  /** The chart's height; the lanes and their key are drawn below it and add to the document's. */
  height: number;
  /** Default: the whole run. */
  window?: TimeWindow;
  /** The run's clock (ms); default: the last event. */
  now?: number;
  /** Default: the run's scenario. */
  title?: string;
  /** The radio lane's source; none for a capture (no modelled radio there). */
  radio?: RadioLaneSource;
  /** The connection lane's open end (the summary's ReachabilityFold: where the silent budget frees up). */
  reach?: ProjectedLane;
  /** A capture's series: its idle gaps are real (drawn and keyed as the page does for a capture). */
  capture?: boolean;
}

/**
 * Margins around the plot: the left one holds the lane names, the right one half the last tick's
 * label ("1:00:00" centred on the axis's end must not be cut).
 */
const PAD = { left: 96, right: 44, bottom: 34 };
/** The document's type (its svg font-size): the time ticks are spaced for labels in it. */
const FONT_PX = 12;
const LEGEND_TOP = 66;
const LEGEND_ROW = 18;
const LANE_H = 18;
const LANE_GAP = 4;
/** Brief states share the top half of a lane, as on screen. */
const FLAG_BAND = 9;
const TILE = 6;
const INK = { fg: '#111827', muted: '#6b7280', grid: '#e5e7eb', bg: '#ffffff', band: '#f1f5f9' };

// Every text written goes through escapeXml: a character XML forbids would make the file unreadable.
const esc = escapeXml;
const n = (v: number) => (Math.round(v * 10) / 10).toString();

export function renderChartSvg(series: SeriesFold, opts: ChartSvgOptions): string {
  const now = opts.now ?? series.lastT;
  const end = Math.max(series.lastT, now);
  const w = opts.window ?? fullWindow(series.durationMs, end);
  const pw = opts.width - PAD.left - PAD.right;
  const capture = opts.capture ?? false;
  const view = chartView(series, w, now, pw, { gapsAreReal: capture });
  const path = PUSH_PATHS[series.via].label;
  // The page's key, entry for entry and word for word (shared/view/chart-legend.ts).
  const key = legend(PAD.left, LEGEND_TOP, opts.width - PAD.right, legendEntries(mergeKeys([chartKey(series, { envelope: view.envelope !== null, capture })])));
  const top = LEGEND_TOP + key.rows * LEGEND_ROW + 6 + BAND_MARGIN_PX;
  const ph = opts.height - top - PAD.bottom;
  const x = (t: number) => PAD.left + ((t - w.t0) / (w.t1 - w.t0 || 1)) * pw;
  const y = (v: number) => top + ph - (v / view.maxY) * ph;
  const lanes = drawLanes(series, opts, w, end, opts.height, opts.width);
  const height = opts.height + lanes.height;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${opts.width}" height="${height}" viewBox="0 0 ${opts.width} ${height}" font-family="system-ui, sans-serif" font-size="${FONT_PX}">`);
  out.push(`<rect width="100%" height="100%" fill="${INK.bg}"/>`);
  const title = opts.title ?? (series.scenario || 'Lifeline run');
  out.push(`<text class="chart-title" x="${PAD.left}" y="24" font-size="18" font-weight="600" fill="${INK.fg}">${esc(title)}</text>`);
  const span = `${formatTime(w.t0, w.t1 >= 3_600_000)}–${formatTime(w.t1, w.t1 >= 3_600_000)}`;
  out.push(`<text class="chart-subtitle" x="${PAD.left}" y="44" font-size="13" fill="${INK.muted}">${esc(`Heartbeat timing vs NAT timeout · ${span} · pushes via ${path}`)}</text>`);
  out.push(key.svg);
  out.push(`<defs><clipPath id="plot"><rect x="${PAD.left}" y="${top}" width="${n(pw)}" height="${n(ph)}"/></clipPath></defs>`);
  // Grid and axes: ticks chosen as the inspector's time axis chooses them, for this type (12 px).
  for (const t of axisTicks(w.t0, w.t1, pw, FONT_PX, PAD.right)) {
    out.push(`<line x1="${n(x(t))}" x2="${n(x(t))}" y1="${top}" y2="${n(top + ph)}" stroke="${INK.grid}" stroke-dasharray="3 3"/>`);
    out.push(`<text class="tick" x="${n(x(t))}" y="${n(top + ph + 18)}" text-anchor="middle" fill="${INK.muted}">${formatTime(t, tickHours(w.t1))}</text>`);
  }
  const yStep = view.maxY / view.stepY > 12 ? view.stepY * Math.ceil(view.maxY / view.stepY / 6) : view.stepY;
  for (let v = 0; v <= view.maxY; v += yStep) {
    out.push(`<line x1="${PAD.left}" x2="${n(PAD.left + pw)}" y1="${n(y(v))}" y2="${n(y(v))}" stroke="${INK.grid}" stroke-dasharray="3 3"/>`);
    out.push(`<text x="${PAD.left - 8}" y="${n(y(v) + 4)}" text-anchor="end" fill="${INK.muted}">${v}</text>`);
  }
  out.push(`<text class="y-title" transform="translate(${PAD.left - 44} ${n(top + ph / 2)}) rotate(-90)" text-anchor="middle" fill="${INK.muted}">${esc(Y_AXIS_TITLE)}</text>`);
  out.push(`<path d="M${PAD.left},${top}V${n(top + ph)}H${n(PAD.left + pw)}" fill="none" stroke="${INK.muted}"/>`);
  // The band above the plot for marks with no line to sit on (shared/view/mark-layout.ts), when there are some.
  const plot = { left: PAD.left, top, width: pw, height: ph };
  const band = bandBox(plot);
  if (view.markers.some((m) => m.y === null)) {
    out.push(`<rect class="no-mapping-band" x="${band.x}" y="${band.y}" width="${n(band.w)}" height="${band.h}" fill="${INK.band}"/>`);
    out.push(`<text x="${band.labelX}" y="${band.labelY}" text-anchor="end" font-size="10" fill="${INK.muted}">${BAND_LABEL}</text>`);
  }
  // Data: dead stretches, the NAT line, the sawtooth, markers.
  for (const d of view.dead) {
    out.push(`<rect class="dead-stretch" x="${n(x(d.x1))}" y="${top}" width="${n(x(d.x2) - x(d.x1))}" height="${n(ph)}" fill="${DEAD_FILL.color}" fill-opacity="${DEAD_FILL.opacity}"/>`);
  }
  // The timeout in force over each stretch (one stretch unless the device changed networks); one
  // above the axis's top is not drawn, as on screen (it would run over the key).
  for (const seg of natSegments(series, w)) {
    if (seg.sec > view.maxY) continue;
    out.push(`<line class="nat-timeout-line" x1="${n(x(seg.x1))}" x2="${n(x(seg.x2))}" y1="${n(y(seg.sec))}" y2="${n(y(seg.sec))}" stroke="${NAT_LINE.color}" stroke-width="2" stroke-dasharray="${NAT_LINE.dash}"/>`);
  }
  const groups = layoutMarks(view.markers, x, y, plot, view.maxY);
  const natText = NAT_LINE.label(series.natIdleTimeoutSec);
  const nat = natLabelPlace(natText, 13, y(series.natIdleTimeoutSec), plot, groups, plotInk(view, series.intervals, w, x, y));
  if (view.envelope) out.push(`<path class="idle-envelope" d="${envelopePath(view.envelope, w, x, y)}" fill="${INK.grid}" stroke="${INK.fg}" stroke-width="1" clip-path="url(#plot)"/>`);
  else out.push(`<path class="sawtooth" d="${sawtoothPath(view.points, x, y)}" fill="none" stroke="${INK.fg}" stroke-width="1.5" clip-path="url(#plot)"/>`);
  for (const side of ['client', 'server'] as const) {
    const d = intervalPath(series.intervals[side], w, x, y);
    if (d) out.push(`<path class="interval-${side}" d="${d}" fill="none" stroke="${INTERVAL_COLORS[side]}" stroke-width="2" stroke-opacity="0.8" clip-path="url(#plot)"/>`);
  }
  // Over the lines, under the marks, as on the page (renderer/src/components/MarkerLayer.tsx).
  out.push(`<rect class="nat-timeout-label-box" x="${n(nat.box.x)}" y="${n(nat.box.y)}" width="${n(nat.box.w)}" height="${n(nat.box.h)}" rx="3" fill="${INK.bg}"/>`);
  out.push(`<text class="nat-timeout-label" x="${n(nat.x)}" y="${n(nat.y)}" text-anchor="${nat.anchor}" font-size="13" fill="${NAT_LINE.color}">${esc(natText)}</text>`);
  for (const l of lineLabels(view.lines, x)) {
    out.push(`<text class="line-label" x="${n(l.x + 3)}" y="${n(top + ph - 4)}" font-size="11" fill="${INK.muted}" stroke="${INK.bg}" stroke-width="3" paint-order="stroke">${esc(l.text)}</text>`);
  }
  out.push('<g class="markers">');
  for (const g of groups) {
    const tip = g.marks.map(({ mark }) => {
      const t = markText(mark);
      return `${t.time} ${t.title}: ${t.facts.join(', ')}`;
    });
    if (g.more.length > 0) tip.push(moreText(g, (kind) => MARKERS[kind].label));
    out.push(`<g class="mark-group"><title>${esc(tip.join('\n'))}</title>`);
    if (isStack(g)) out.push(`<rect class="mark-strip" x="${n(g.box.x)}" y="${n(g.box.y)}" width="${n(g.box.w)}" height="${n(g.box.h)}" rx="4" fill="${INK.bg}" fill-opacity="0.85" stroke="${INK.muted}"/>`);
    for (const p of g.marks) {
      const paint = markerPaint(p.mark, INK.bg);
      out.push(`<path class="marker marker-${p.mark.kind}" d="${MARKERS[p.mark.kind].shape(p.x, p.y)}" fill="${paint.fill}" stroke="${paint.stroke}" stroke-width="${paint.strokeWidth}"/>`);
    }
    if (g.more.length > 0) {
      const at = moreAt(g);
      out.push(`<text class="mark-more" x="${n(at.x)}" y="${n(at.y)}" font-size="10" fill="${INK.muted}" stroke="${INK.bg}" stroke-width="3" paint-order="stroke">${moreLabel(g)}</text>`);
    }
    out.push('</g>');
  }
  out.push('</g>');
  out.push(lanes.svg);
  out.push('</svg>');
  return out.join('\n') + '\n';
}

/**
 * The lanes under the chart, on its time axis, cut into one column per pixel as on screen, each
 * state in its lane colour and texture with its label where the bar holds it; then a key of the
 * states drawn.
 */
function drawLanes(series: SeriesFold, { radio, reach }: Pick<ChartSvgOptions, 'radio' | 'reach'>, w: TimeWindow, end: number, y0: number, width: number): { svg: string; height: number } {
  const pw = width - PAD.left - PAD.right;
  const columns = Math.max(1, Math.round(pw));
  const unit = pw / columns;
  const specs: (StateLane | 'actions')[] = [
    ...stateLanes(series, { radio, reach }),
    'actions',
    ...OPTIONAL_LANES.map(([name, of]) => ({ name, segments: of(series) })).filter((l) => l.segments.length > 0),
  ];
  const out: string[] = ['<g class="lanes">'];
  const patterns: string[] = [];
  const drawn = new Map<string, Set<string>>();
  const x = (t: number) => PAD.left + ((t - w.t0) / (w.t1 - w.t0 || 1)) * pw;
  let y = y0;
  for (const spec of specs) {
    out.push(`<g class="lane" data-lane="${spec === 'actions' ? 'actions' : esc(spec.name)}">`);
    const name = spec === 'actions' ? 'actions' : spec.name;
    const sub = spec === 'actions' || !spec.sub ? undefined : `via ${spec.sub}`;
    out.push(`<text x="${PAD.left - 6}" y="${sub ? y + 8 : y + 13}" text-anchor="end" font-size="11" fill="${INK.muted}">${esc(name)}</text>`);
    if (sub) out.push(`<text x="${PAD.left - 6}" y="${y + 17}" text-anchor="end" font-size="8" fill="${INK.muted}">${esc(sub)}</text>`);
    out.push(`<rect x="${PAD.left}" y="${y}" width="${n(pw)}" height="${LANE_H}" fill="none" stroke="${INK.grid}"/>`);
    if (spec === 'actions') {
      const shown = series.actions.filter((a) => a.t >= w.t0 && a.t <= w.t1);
      for (const a of shown) out.push(`<rect class="action" x="${n(Math.min(x(a.t), PAD.left + pw - 2))}" y="${y}" width="2" height="${LANE_H}" fill="${ACTION_COLORS[a.source]}"/>`);
      for (const l of actionLabels(shown, x, (t) => textWidthPx(t, 10))) {
        out.push(`<text x="${n(l.x + ACTION_LABEL_DX)}" y="${y + 13}" font-size="10" fill="${ACTION_COLORS[l.source]}">${esc(l.text)}</text>`);
      }
      if (shown.length > 0) drawn.set('actions', new Set(shown.map((a) => a.source)));
    } else {
      const d = laneDrawing(spec.segments, w.t0, w.t1, end, columns, spec.tail?.(end));
      const states = drawn.get(spec.name) ?? new Set<string>();
      drawn.set(spec.name, states);
      const fill = (state: string) => {
        states.add(state);
        const st = laneStyle(spec.name, state);
        return st.texture === 'solid' ? st.color : `url(#${patternId(spec.name, state)})`;
      };
      for (const r of d.rects) out.push(`<rect class="lane-bar" data-state="${esc(r.state)}" x="${n(PAD.left + r.x * unit)}" y="${y}" width="${n(r.w * unit)}" height="${LANE_H}" fill="${fill(r.state)}"/>`);
      for (const r of d.rects) {
        const st = laneStyle(spec.name, r.state);
        if (r.w * unit < textWidthPx(st.short, 10) + 8) continue;
        out.push(`<text x="${n(PAD.left + r.x * unit + 4)}" y="${y + 13}" font-size="10" fill="${st.ink}" stroke="${st.color}" stroke-width="3" paint-order="stroke">${esc(st.short)}</text>`);
      }
      for (const f of d.flags) states.add(f.state);
      for (const f of d.flags) out.push(`<rect class="lane-flag" x="${n(PAD.left + f.x * unit)}" y="${n(y + (f.row * FLAG_BAND) / f.of)}" width="${n(f.w * unit)}" height="${n(FLAG_BAND / f.of)}" fill="${laneStyle(spec.name, f.state).color}"/>`);
    }
    out.push('</g>');
    y += LANE_H + LANE_GAP;
  }
  // The key: each lane's states as drawn here, wrapped to the width.
  let kx = PAD.left;
  let ky = y + 12;
  const item = (swatch: string, label: string, bold = false) => {
    const iw = (swatch ? 20 : 0) + textWidthPx(label, 10) + 12;
    if (kx + iw > width - PAD.right && kx > PAD.left) {
      kx = PAD.left;
      ky += 16;
    }
    out.push(`<g transform="translate(${n(kx)} ${ky})">${swatch}<text x="${swatch ? 20 : 0}" y="4" font-size="10" fill="${INK.muted}"${bold ? ' font-weight="600"' : ''}>${esc(label)}</text></g>`);
    kx += iw;
  };
  for (const [lane, states] of drawn) {
    item('', `${lane}:`, true);
    if (lane === 'actions') {
      for (const source of states as Set<keyof typeof ACTION_COLORS>) item(`<rect x="0" y="-5" width="14" height="10" fill="${ACTION_COLORS[source]}"/>`, `${source === 'live' ? 'live' : 'timeline'} action`);
      continue;
    }
    for (const state of states) {
      const st = laneStyle(lane, state);
      if (st.texture !== 'solid') patterns.push(pattern(lane, state));
      item(`<rect x="0" y="-5" width="14" height="10" fill="${st.texture === 'solid' ? st.color : `url(#${patternId(lane, state)})`}" stroke="#64748b"/>`, st.label);
    }
  }
  out.push('</g>');
  const svg = `<defs>${patterns.join('')}</defs>\n${out.join('\n')}`;
  return { svg, height: ky + 12 - y0 };
}

const patternId = (lane: string, state: string) => `lane-${lane}-${state}`.replace(/[^a-zA-Z0-9_-]/g, '_');

/** A state's colour with its texture, as the inspector's lanes draw it. */
function pattern(lane: string, state: string): string {
  const st = laneStyle(lane, state);
  const stroke = `stroke="${st.ink}" stroke-opacity="0.6" stroke-width="1" fill="${st.texture === 'dots' ? st.ink : 'none'}"`;
  return `<pattern id="${patternId(lane, state)}" width="${TILE}" height="${TILE}" patternUnits="userSpaceOnUse"><path d="M0,0H${TILE}V${TILE}H0Z" fill="${st.color}"/><path d="${texturePath(st.texture, TILE)}" ${stroke}/></pattern>`;
}

/** An entry's swatch in SVG, 14 px wide around (7, 0): the page draws the same shapes in its theme. */
function swatch(e: LegendEntry): string {
  switch (e.swatch) {
    case 'idle':
      return `<path d="M0,5L14,-5" stroke="${INK.fg}" stroke-width="1.5"/>`;
    case 'nat-timeout':
      return `<path d="M0,0H14" stroke="${NAT_LINE.color}" stroke-width="2" stroke-dasharray="5 3"/>`;
    case 'dead':
      return `<rect x="0" y="-5" width="14" height="10" fill="${DEAD_FILL.color}" fill-opacity="${DEAD_FILL.opacity * 2}"/>`;
    case 'envelope':
      return `<rect x="0" y="-5" width="14" height="10" fill="${INK.grid}" stroke="${INK.fg}"/>`;
    case 'interval':
      return `<path d="M0,4H7V-4H14" stroke="${INTERVAL_COLORS[e.side]}" stroke-width="2" fill="none"/>`;
    case 'marker': {
      const s = markerPaint({ kind: e.kind }, INK.bg);
      return `<path d="${MARKERS[e.kind].shape(7, 0)}" transform="scale(0.8) translate(1 0)" fill="${s.fill}" stroke="${s.stroke}" stroke-width="${Math.min(s.strokeWidth, 2.5)}"/>`;
    }
    case 'hollow':
      return `<path d="M2,4L7,-4L12,4Z" fill="${INK.bg}" stroke="${INK.muted}" stroke-width="2"/>`;
    case 'no-mapping':
      return `<rect x="0" y="-5" width="14" height="10" fill="${INK.band}" stroke="${INK.muted}"/>`;
  }
}

/** The key's entries, wrapped onto more rows when the chart is narrow. */
function legend(x0: number, y0: number, right: number, entries: readonly LegendEntry[]): { svg: string; rows: number } {
  const items: string[] = ['<g class="chart-legend">'];
  let x = x0;
  let y = y0;
  for (const e of entries) {
    const w = 30 + textWidthPx(e.label, 11);
    if (x + w > right && x > x0) {
      x = x0;
      y += LEGEND_ROW;
    }
    items.push(`<g class="legend-entry" data-legend="${esc(e.id)}" transform="translate(${n(x)} ${y})">${swatch(e)}<text x="20" y="4" font-size="11" fill="${INK.muted}">${esc(e.label)}</text></g>`);
    x += w;
  }
  items.push('</g>');
  return { svg: items.join(''), rows: (y - y0) / LEGEND_ROW + 1 };
}
