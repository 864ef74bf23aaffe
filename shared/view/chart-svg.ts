// The chart "Heartbeat timing vs NAT timeout" as a standalone SVG document, without a browser
// (`lifeline export --svg`, and the inspector's SVG/PNG export). Data-bearing shapes come from
// chart-view.ts, the same code the interactive chart draws with; this file adds only the frame
// (title, axes, grid, legend) that recharts draws on screen.
import { chartView, DEAD_FILL, envelopePath, fullWindow, INTERVAL_COLORS, intervalPath, markerPaint, markerY, MARKERS, NAT_LINE, natSegments, sawtoothPath, type TimeWindow } from './chart-view.ts';
import { formatTime, timeTicks } from '../util/time-format.ts';
import type { MarkerKind, SeriesFold } from '../folds/series.ts';
import { PUSH_PATHS } from '../folds/reachability.ts';

export interface ChartSvgOptions {
  width: number;
  height: number;
  /** Default: the whole run. */
  window?: TimeWindow;
  /** The run's clock (ms); default: the last event. */
  now?: number;
  title?: string;
}

/** Margins around the plot; the top one grows with the legend's rows. */
const PAD = { left: 64, right: 24, bottom: 34 };
const LEGEND_TOP = 40;
const LEGEND_ROW = 18;
const INK = { fg: '#111827', muted: '#6b7280', grid: '#e5e7eb', bg: '#ffffff' };

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const n = (v: number) => (Math.round(v * 10) / 10).toString();

export function renderChartSvg(series: SeriesFold, opts: ChartSvgOptions): string {
  const now = opts.now ?? series.lastT;
  const w = opts.window ?? fullWindow(series.durationMs, Math.max(series.lastT, now));
  const pw = opts.width - PAD.left - PAD.right;
  const view = chartView(series, w, now, pw);
  const key = legend(PAD.left, LEGEND_TOP, opts.width - PAD.right, series.natTimeoutSec, view.envelope !== null, PUSH_PATHS[series.via].label);
  const top = LEGEND_TOP + key.rows * LEGEND_ROW + 10;
  const ph = opts.height - top - PAD.bottom;
  const x = (t: number) => PAD.left + ((t - w.t0) / (w.t1 - w.t0 || 1)) * pw;
  const y = (v: number) => top + ph - (v / view.maxY) * ph;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${opts.width}" height="${opts.height}" viewBox="0 0 ${opts.width} ${opts.height}" font-family="system-ui, sans-serif" font-size="12">`);
  out.push(`<rect width="100%" height="100%" fill="${INK.bg}"/>`);
  out.push(`<text x="${PAD.left}" y="20" font-size="16" font-weight="600" fill="${INK.fg}">${esc(opts.title ?? 'Heartbeat timing vs NAT timeout')}</text>`);
  out.push(key.svg);
  out.push(`<defs><clipPath id="plot"><rect x="${PAD.left}" y="${top}" width="${n(pw)}" height="${n(ph)}"/></clipPath></defs>`);
  // Grid and axes.
  // The same ticks and labels as the inspector's time axis (about one per 90 px).
  for (const t of timeTicks(w.t0, w.t1, Math.max(2, Math.floor(pw / 90)))) {
    out.push(`<line x1="${n(x(t))}" x2="${n(x(t))}" y1="${top}" y2="${n(top + ph)}" stroke="${INK.grid}" stroke-dasharray="3 3"/>`);
    out.push(`<text x="${n(x(t))}" y="${n(top + ph + 18)}" text-anchor="middle" fill="${INK.muted}">${formatTime(t, w.t1 >= 3_600_000)}</text>`);
  }
  const yStep = view.maxY / view.stepY > 12 ? view.stepY * Math.ceil(view.maxY / view.stepY / 6) : view.stepY;
  for (let v = 0; v <= view.maxY; v += yStep) {
    out.push(`<line x1="${PAD.left}" x2="${n(PAD.left + pw)}" y1="${n(y(v))}" y2="${n(y(v))}" stroke="${INK.grid}" stroke-dasharray="3 3"/>`);
    out.push(`<text x="${PAD.left - 8}" y="${n(y(v) + 4)}" text-anchor="end" fill="${INK.muted}">${v}</text>`);
  }
  out.push(`<text transform="translate(16 ${n(top + ph / 2)}) rotate(-90)" text-anchor="middle" fill="${INK.muted}">idle (s)</text>`);
  out.push(`<path d="M${PAD.left},${top}V${n(top + ph)}H${n(PAD.left + pw)}" fill="none" stroke="${INK.muted}"/>`);
  // Data: dead stretches, the NAT line, the sawtooth, markers.
  for (const d of view.dead) {
    out.push(`<rect class="dead-stretch" x="${n(x(d.x1))}" y="${top}" width="${n(x(d.x2) - x(d.x1))}" height="${n(ph)}" fill="${DEAD_FILL.color}" fill-opacity="${DEAD_FILL.opacity}"/>`);
  }
  // The timeout in force over each stretch (one stretch unless the device changed networks).
  for (const seg of natSegments(series, w)) {
    out.push(`<line class="nat-timeout-line" x1="${n(x(seg.x1))}" x2="${n(x(seg.x2))}" y1="${n(y(seg.sec))}" y2="${n(y(seg.sec))}" stroke="${NAT_LINE.color}" stroke-width="2" stroke-dasharray="${NAT_LINE.dash}"/>`);
  }
  const ny = y(series.natTimeoutSec);
  out.push(`<text x="${n(PAD.left + pw - 6)}" y="${n(ny - 6)}" text-anchor="end" font-size="13" fill="${NAT_LINE.color}">${esc(NAT_LINE.label(series.natTimeoutSec))}</text>`);
  if (view.envelope) out.push(`<path class="idle-envelope" d="${envelopePath(view.envelope, w, x, y)}" fill="${INK.grid}" stroke="${INK.fg}" stroke-width="1" clip-path="url(#plot)"/>`);
  else out.push(`<path class="sawtooth" d="${sawtoothPath(view.points, x, y)}" fill="none" stroke="${INK.fg}" stroke-width="1.5" clip-path="url(#plot)"/>`);
  for (const side of ['client', 'server'] as const) {
    const d = intervalPath(series.intervals[side], w, x, y);
    if (d) out.push(`<path class="interval-${side}" d="${d}" fill="none" stroke="${INTERVAL_COLORS[side]}" stroke-width="2" stroke-opacity="0.8" clip-path="url(#plot)"/>`);
  }
  out.push('<g class="markers">');
  for (const m of view.markers) {
    const p = markerPaint(m, INK.bg);
    out.push(`<path class="marker marker-${m.kind}" d="${MARKERS[m.kind].shape(x(m.t), y(markerY(m, view.maxY)))}" fill="${p.fill}" stroke="${p.stroke}" stroke-width="${p.strokeWidth}"/>`);
  }
  out.push('</g></svg>');
  return out.join('\n') + '\n';
}

/** The full key, wrapped onto a second row when the chart is narrow. */
function legend(x0: number, y0: number, right: number, timeoutSec: number, envelope: boolean, path: string): { svg: string; rows: number } {
  const items: string[] = [];
  let x = x0;
  let y = y0;
  const item = (shape: string, label: string) => {
    const w = 30 + label.length * 6.6;
    if (x + w > right && x > x0) {
      x = x0;
      y += LEGEND_ROW;
    }
    items.push(`<g transform="translate(${x} ${y})">${shape}<text x="20" y="4" fill="${INK.muted}">${esc(label)}</text></g>`);
    x += w;
  };
  item(`<path d="M0,5L14,-5" stroke="${INK.fg}" stroke-width="1.5"/>`, 'idle seconds');
  item(`<path d="M0,0H14" stroke="${NAT_LINE.color}" stroke-width="2" stroke-dasharray="5 3"/>`, `NAT timeout (${timeoutSec} s)`);
  item(`<rect x="0" y="-5" width="14" height="10" fill="${DEAD_FILL.color}" fill-opacity="${DEAD_FILL.opacity * 2}"/>`, DEAD_FILL.label(path));
  if (envelope) item(`<rect x="0" y="-5" width="14" height="10" fill="${INK.grid}" stroke="${INK.fg}"/>`, 'longest idle per bucket (zoomed out)');
  for (const side of ['client', 'server'] as const) item(`<path d="M0,4H7V-4H14" stroke="${INTERVAL_COLORS[side]}" stroke-width="2" fill="none"/>`, `${side} heartbeat interval`);
  for (const k of Object.keys(MARKERS) as MarkerKind[]) {
    const s = markerPaint({ kind: k, t: 0, y: 0, n: 0, ref: 0 }, INK.bg);
    item(`<path d="${MARKERS[k].shape(7, 0)}" transform="scale(0.8) translate(1 0)" fill="${s.fill}" stroke="${s.stroke}" stroke-width="${s.strokeWidth}"/>`, MARKERS[k].label);
  }
  return { svg: items.join(''), rows: (y - y0) / LEGEND_ROW + 1 };
}
