// Where the NAT timeout line's label goes. Pinned to the plot's right end it sat on the marks that
// crowd the line in a run that keeps the mapping alive (heartbeats just under the timeout, pushes
// at it: compare's right panel in issue 17); at one of three spots it still sat under a strip
// (mars-nat-under-floor, keepalive-600-vs-carrier-300 at 1024 px). It is placed at the first spot
// along the line, above it then below it, that no mark covers and no line crosses; else, clear of
// the marks, where the fewest lines cross. It stands on an opaque box, so a line that must cross it
// runs under the box, not through its words, and the box stops short of the red line. The page and
// the SVG export place it alike.
import type { MarkGroup, PlotBox } from './mark-layout.ts';
import { envelopeBars, intervalLine, sawtoothLines, type Box, type ChartView, type Point, type TimeWindow } from './chart-view.ts';
import type { IntervalPoint } from '../folds/series.ts';
import { textWidthPx } from './text-width.ts';

export interface NatLabelPlace {
  /** The text's anchor point and alignment, as SVG's x, y and text-anchor take them. */
  x: number;
  y: number;
  anchor: 'start' | 'middle' | 'end';
  /** The label's opaque box, as placed: the text with a small margin. */
  box: Box;
}

/** What else the plot draws near the line: lines (the idle sawtooth, the interval steps) and filled boxes (the envelope's bars). */
export interface PlotInk {
  lines: readonly (readonly Point[])[];
  fills: readonly Box[];
}

/** A glyph's width in ems for this label (a little under the average): its opaque box hugs the words. */
const CHAR_EM = 0.56;
/** From the plot's edge, from the line, and around the text inside its box. */
const INSET_PX = 6;
const LINE_GAP_PX = 5;
const PAD_PX = 2;
/** Spots along the line are tried this far apart; rows beside it, this far apart and so many past the nearest. */
const STEP_PX = 2;
const ROW_STEP_PX = 8;
const MAX_TIER = 6;
/** A spot's cost: per pixel column a mark covers (never worth it while a spot covers none), and per row farther from the line, in the columns of line it crosses. */
const MARK_COST = 1e6;
const TIER_COST = 12;

/** The chart's lines and bars in pixels, from the same geometry their paths are drawn with. */
export function plotInk(view: Pick<ChartView, 'points' | 'envelope'>, intervals: { client: readonly IntervalPoint[]; server: readonly IntervalPoint[] }, w: TimeWindow, x: (t: number) => number, y: (v: number) => number): PlotInk {
  return {
    lines: [...sawtoothLines(view.points, x, y), intervalLine(intervals.client, w, x, y), intervalLine(intervals.server, w, x, y)],
    fills: view.envelope ? envelopeBars(view.envelope, w, x, y) : [],
  };
}

/** The label `text` at `fontPx` for the line at `lineY` on `plot`, clear of the marks' `groups` and of `ink` where it can be. */
export function natLabelPlace(text: string, fontPx: number, lineY: number, plot: PlotBox, groups: readonly MarkGroup[], ink: PlotInk): NatLabelPlace {
  const w = Math.ceil(textWidthPx(text, fontPx, CHAR_EM)) + 2 * PAD_PX;
  const h = Math.ceil(fontPx * 1.2) + 2 * PAD_PX;
  const from = plot.left + INSET_PX;
  const to = plot.left + plot.width - INSET_PX - w;
  // Spots by their box's left edge: the right end, the left end, the middle, then right to left.
  const lefts = [to, from, plot.left + (plot.width - w) / 2];
  for (let l = to - STEP_PX; l > from; l -= STEP_PX) lefts.push(l);
  // Rows beside the line, nearest first, above it before below it (where it has always been read):
  // strips stand on the line all along a run that reconnects every few minutes (mars-nat-under-floor),
  // and only a row past their ends is clear. Each inside the plot.
  const rows: { top: number; tier: number }[] = [];
  for (let tier = 0; tier <= MAX_TIER; tier++) {
    const off = tier * ROW_STEP_PX;
    for (const top of [lineY - LINE_GAP_PX - h - off, lineY + LINE_GAP_PX + off]) if (top >= plot.top && top + h <= plot.top + plot.height) rows.push({ top, tier });
  }
  if (rows.length === 0) rows.push({ top: Math.max(plot.top, lineY - LINE_GAP_PX - h), tier: 0 });
  // A covered mark outweighs everything; then the columns a line crosses, and each row farther off.
  let best: { box: Box; cost: number } | null = null;
  for (const { top, tier } of rows) {
    if (best && best.cost <= tier * TIER_COST) break;
    const row = rowCover(top, h, plot, groups, ink);
    for (const left of lefts) {
      const cost = row.marks(left, left + w) * MARK_COST + row.ink(left, left + w) + tier * TIER_COST;
      if (!best || cost < best.cost) best = { box: { x: left, y: top, w, h }, cost };
      if (cost === 0) return placed(best.box, fontPx, plot);
    }
  }
  return placed(best!.box, fontPx, plot);
}

/** The text inside its box: at the right end right-aligned, at the left end left-aligned, else centred. */
function placed(box: Box, fontPx: number, plot: PlotBox): NatLabelPlace {
  const y = box.y + PAD_PX + fontPx * 0.95;
  if (box.x + box.w >= plot.left + plot.width - INSET_PX - 0.5) return { x: box.x + box.w - PAD_PX, y, anchor: 'end', box };
  if (box.x <= plot.left + INSET_PX + 0.5) return { x: box.x + PAD_PX, y, anchor: 'start', box };
  return { x: box.x + box.w / 2, y, anchor: 'middle', box };
}

/**
 * For one row of the plot (`top`, `h`): how many pixel columns between two x's a mark covers, and
 * how many a line or bar crosses — counted once per row, so every spot along it costs a subtraction.
 */
function rowCover(top: number, h: number, plot: PlotBox, groups: readonly MarkGroup[], ink: PlotInk) {
  const n = Math.ceil(plot.width) + 1;
  const marked = new Uint8Array(n);
  const inked = new Uint8Array(n);
  const bottom = top + h;
  const left = plot.left;
  for (const g of groups) if (g.box.y < bottom && g.box.y + g.box.h > top) cover(marked, g.box.x - left, g.box.x + g.box.w - left);
  for (const f of ink.fills) if (f.y < bottom && f.y + f.h > top) cover(inked, f.x - left, f.x + f.w - left);
  // A tight loop: a dense capture's lines have thousands of points, walked once per row tried.
  for (const line of ink.lines) {
    for (let i = 1; i < line.length; i++) {
      const p = line[i - 1]!;
      const q = line[i]!;
      const x1 = p[0];
      const y1 = p[1];
      const x2 = q[0];
      const y2 = q[1];
      if ((y1 > y2 ? y1 : y2) < top || (y1 < y2 ? y1 : y2) > bottom) continue;
      if (y1 === y2) {
        cover(inked, x1 - left, x2 - left);
        continue;
      }
      // The part of the segment inside the row.
      const ya = y1 < top ? top : y1 > bottom ? bottom : y1;
      const yb = y2 < top ? top : y2 > bottom ? bottom : y2;
      cover(inked, x1 + ((ya - y1) / (y2 - y1)) * (x2 - x1) - left, x1 + ((yb - y1) / (y2 - y1)) * (x2 - x1) - left);
    }
  }
  const sums = (a: Uint8Array) => {
    const s = new Uint32Array(n + 1);
    for (let i = 0; i < n; i++) s[i + 1] = s[i]! + a[i]!;
    return (x1: number, x2: number) => {
      const a0 = Math.max(0, Math.min(n, Math.floor(x1 - plot.left)));
      const b0 = Math.max(0, Math.min(n, Math.ceil(x2 - plot.left)));
      return s[b0]! - s[a0]!;
    };
  };
  return { marks: sums(marked), ink: sums(inked) };
}

/** Marks the pixel columns between two x's (from the plot's left, either order) in a row's columns. */
function cover(into: Uint8Array, x1: number, x2: number): void {
  const a = Math.max(0, Math.floor(x1 < x2 ? x1 : x2));
  const b = Math.min(into.length - 1, Math.ceil(x1 < x2 ? x2 : x1));
  for (let i = a; i <= b; i++) into[i] = 1;
}
