// Where each mark of the chart is drawn, so that none hides another. A mark sits at its instant on
// the line (its idle time); one with no line to sit on sits in a band above the plot, labelled "no
// mapping", never on the idle scale. Marks whose glyphs would cover each other — a push, the
// PushKit push it became and the CallKit report at one instant; a NAT expiry and the disconnect it
// causes — form a group, stacked one above the other in a strip at that instant (as a flame chart
// stacks what happened at once), and hover lists the whole group. The inspector's chart and the SVG
// export both place marks with this, on their own scales.
import type { LineStart, Marker } from '../folds/series.ts';
import { lowerBoundBy } from './downsample-series.ts';

/**
 * The band above the plot for marks with no line to sit on, and the gap that sets it off the idle
 * scale. The gap also keeps the band's name clear of the y axis's top tick label, which is centred
 * on the plot's top edge: with 4 px the name touched "400", and ran into it in projector type (18 px).
 */
export const BAND_PX = 18;
const BAND_GAP_PX = 14;
/** What the plot's top margin must hold: the band and its gap. */
export const BAND_MARGIN_PX = BAND_PX + BAND_GAP_PX;
/** The band's name, beside it where the y axis's labels are. */
export const BAND_LABEL = 'no mapping';
/** A glyph's box: the shapes of MARKERS span ±7 px. */
export const GLYPH_PX = 14;
/** From one glyph of a strip to the next. */
const STEP_PX = 16;
/** Two marks of one kind closer than this are one spot: stacked, else drawn side by side as they fall. */
const SAME_SPOT_PX = 2;
/** Around a glyph, the strip's and the hover target's margin. */
const PAD_PX = 2;

/** The plot area in pixels; the band is above `top`. */
export interface PlotBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface PlacedMark {
  mark: Marker;
  x: number;
  y: number;
}

export interface MarkGroup {
  /** The instant and height the group stands for (its first mark's). */
  x: number;
  y: number;
  marks: PlacedMark[];
  /** The strip behind a stack, which is also the hover target of the group. */
  box: { x: number; y: number; w: number; h: number };
  /**
   * Marks of the spot the strip has no room to draw, the plot being full: a loading session's
   * first hour, all in the first pixel of its whole-run window, held 174 heartbeats there, and their
   * strip ran 2,800 px down through the lanes. Counted on the strip, listed on hover by kind.
   */
  more: Marker[];
}

/** A group drawn as a strip: more than one mark, or marks it has no room for. */
export const isStack = (g: MarkGroup): boolean => g.marks.length > 1 || g.more.length > 0;

/** What the strip says of the marks it has no room for: "+172". */
export const moreLabel = (g: MarkGroup): string => `+${g.more.length}`;

/** The hover card's last line for those marks: "172 more here: 170 server heartbeats, 2 pushes sent; zoom in to see each". */
export function moreText(g: MarkGroup, label: (kind: Marker['kind']) => string): string {
  const byKind = new Map<Marker['kind'], number>();
  for (const m of g.more) byKind.set(m.kind, (byKind.get(m.kind) ?? 0) + 1);
  return `${g.more.length} more here: ${[...byKind].map(([kind, n]) => `${n} × ${label(kind)}`).join(', ')}; zoom in to see each`;
}

/** Where the strip's count goes: beside its far end (the last glyph drawn). */
export function moreAt(g: MarkGroup): { x: number; y: number } {
  return { x: g.box.x + g.box.w + 2, y: g.marks[g.marks.length - 1]!.y + 4 };
}

/** How many glyphs a strip from `y` can hold inside the plot, going the roomier way (at least one). */
function stripRoom(y: number, plot: PlotBox): number {
  const up = y >= plot.top ? y - plot.top - GLYPH_PX / 2 : 0;
  const down = plot.top + plot.height - y - GLYPH_PX / 2;
  return 1 + Math.max(0, Math.floor(Math.max(up, down) / STEP_PX));
}

/**
 * Where a mark's glyph would sit alone: on the line, or in the band. One above the axis's top sits
 * just inside the plot, wholly below the band, so it never reads as a mark without a mapping.
 */
function anchorY(m: Marker, y: (idle: number) => number, plot: PlotBox, maxY: number): number {
  return m.y === null ? plot.top - BAND_GAP_PX - BAND_PX / 2 : Math.max(plot.top + GLYPH_PX / 2 + 1, y(Math.min(m.y, maxY)));
}

/** The band's rect, and where its name goes (right-aligned in the y axis's label column). */
export function bandBox(plot: PlotBox): { x: number; y: number; w: number; h: number; labelX: number; labelY: number } {
  const y = plot.top - BAND_GAP_PX - BAND_PX;
  return { x: plot.left, y, w: plot.width, h: BAND_PX, labelX: plot.left - 4, labelY: y + BAND_PX / 2 + 4 };
}

/**
 * Groups of marks in time order. A mark joins the open group whose first mark's glyph its own would
 * cover, or whose strip covers it — unless that group holds its kind already and it is not at the very same spot (a row of
 * dense heartbeats stays a row, as thinning leaves it). Groups never chain: each is measured from
 * its first mark, so a long run of marks does not collapse into one.
 */
export function layoutMarks(
  markers: readonly Marker[],
  x: (t: number) => number,
  y: (idle: number) => number,
  plot: PlotBox,
  maxY: number,
  /** What counts as one kind: a mark's kind, or (compare's overlay) its kind in its run. */
  kindOf: (m: Marker) => string = (m) => m.kind,
): MarkGroup[] {
  const groups: MarkGroup[] = [];
  const open: MarkGroup[] = [];
  // Marks come per kind after thinning; sorting by time keeps each group's marks in log order.
  const order = markers.map((m, i) => ({ m, i, x: x(m.t) })).sort((a, b) => a.x - b.x || a.i - b.i);
  for (const { m, x: px } of order) {
    const py = anchorY(m, y, plot, maxY);
    while (open.length > 0 && open[0]!.x <= px - GLYPH_PX) open.shift();
    const into = open.find((g) => {
      const dx = Math.abs(g.x - px);
      const dy = Math.abs(g.y - py);
      if (dx >= GLYPH_PX) return false;
      // Just above a stack, where its strip covers it, it joins the strip rather than be hidden by it.
      const aboveStrip = py < g.y && g.marks.some((_, k) => k > 0 && Math.abs(g.y - k * STEP_PX - py) < GLYPH_PX);
      if (dy >= GLYPH_PX && !aboveStrip) return false;
      return !g.marks.some((p) => kindOf(p.mark) === kindOf(m)) || (dx < SAME_SPOT_PX && dy < SAME_SPOT_PX);
    });
    if (into && into.marks.length < stripRoom(into.y, plot)) into.marks.push({ mark: m, x: into.x, y: into.y });
    else if (into) into.more.push(m);
    else {
      const g: MarkGroup = { x: px, y: py, marks: [{ mark: m, x: px, y: py }], box: { x: 0, y: 0, w: 0, h: 0 }, more: [] };
      groups.push(g);
      open.push(g);
    }
  }
  groups.forEach((g, i) => stack(groups, i, plot));
  return countedWithFullStrips(groups, plot);
}

const boxesMeet = (a: MarkGroup['box'], b: MarkGroup['box']): boolean =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/**
 * A strip the plot has no more room for runs to the plot's edge, and a group a pixel beside it
 * would be drawn over it: a loading session's first hours, hundreds of marks in one column, made a
 * full strip and a short one on its foot. Such a group is counted with the full strip instead.
 */
function countedWithFullStrips(groups: MarkGroup[], plot: PlotBox): MarkGroup[] {
  const full: MarkGroup[] = [];
  const counted = new Set<MarkGroup>();
  const countWithStrip = (g: MarkGroup): boolean => {
    const host = full.find((f) => Math.abs(f.x - g.x) < GLYPH_PX && boxesMeet(f.box, g.box));
    if (host) {
      host.more.push(...g.marks.map((p) => p.mark), ...g.more);
      counted.add(g);
    }
    return host !== undefined;
  };
  // Full strips first (one beside another is counted with it), then every group, left or right of one.
  for (const g of groups) if ((g.more.length > 0 || (g.marks.length > 1 && g.marks.length >= stripRoom(g.y, plot))) && !countWithStrip(g)) full.push(g);
  if (full.length === 0) return groups;
  for (const g of groups) if (!full.includes(g) && !counted.has(g)) countWithStrip(g);
  return groups.filter((g) => !counted.has(g));
}

/**
 * Stacks group `i`'s glyphs from its spot, upward or downward: the way that covers fewer of its
 * neighbours' glyphs, upward when equal; never up out of the plot, always down from the band, and
 * up where going down would leave the plot (marks at idle 0 on a zoomed-out session: a strip hung
 * below the axis covered its time labels).
 */
function stack(groups: readonly MarkGroup[], i: number, plot: PlotBox): void {
  const g = groups[i]!;
  const n = g.marks.length;
  const covered = (dir: 1 | -1) => {
    let count = 0;
    for (const step of [-1, 1]) {
      for (let j = i + step; j >= 0 && j < groups.length && Math.abs(groups[j]!.x - g.x) < GLYPH_PX; j += step) {
        for (const p of groups[j]!.marks) for (let k = 1; k < n; k++) if (Math.abs(p.y - (g.y + dir * k * STEP_PX)) < GLYPH_PX) count++;
      }
    }
    return count;
  };
  const roomUp = g.y >= plot.top && g.y - (n - 1) * STEP_PX - GLYPH_PX / 2 >= plot.top;
  const roomDown = g.y + (n - 1) * STEP_PX + GLYPH_PX / 2 <= plot.top + plot.height;
  const up = n > 1 && roomUp && (!roomDown || covered(-1) <= covered(1));
  g.marks.forEach((p, k) => (p.y = g.y + (up ? -k : k) * STEP_PX));
  const top = up ? g.y - (n - 1) * STEP_PX : g.y;
  const half = GLYPH_PX / 2 + PAD_PX;
  g.box = { x: g.x - half, y: top - half, w: 2 * half, h: (n - 1) * STEP_PX + 2 * half };
}

/** Labels under the line starts they name ("conn 2"), left out where the last one drawn is nearer than this. */
const LINE_LABEL_GAP_PX = 52;
/** More starts than this in the window are too dense to label (a capture with a gap every few seconds). */
const MAX_LINE_LABELS = 200;

/**
 * Each connection's line is labelled where it starts, when the run has more than one connection:
 * which line is which connection (a network change, a reconnect after a reclaim). Only starts the
 * log ties to an app connection are labelled.
 */
export function visibleLineStarts(lines: readonly LineStart[], t0: number, t1: number): LineStart[] {
  if (lines.length < 2) return [];
  const a = lowerBoundBy(lines.length, (i) => lines[i]!.t, t0);
  const b = lowerBoundBy(lines.length, (i) => lines[i]!.t, t1 + 1);
  if (b - a > MAX_LINE_LABELS) return [];
  return lines.slice(a, b).filter((l) => l.conn !== undefined);
}

/** The labels to draw, left to right, none nearer the last than LINE_LABEL_GAP_PX. */
export function lineLabels(starts: readonly LineStart[], x: (t: number) => number): { x: number; text: string }[] {
  const out: { x: number; text: string }[] = [];
  for (const l of starts) {
    const px = x(l.t);
    const last = out[out.length - 1];
    if (last && px - last.x < LINE_LABEL_GAP_PX) continue;
    out.push({ x: px, text: `conn ${l.conn}` });
  }
  return out;
}
