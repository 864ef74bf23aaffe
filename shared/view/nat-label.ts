// Where the NAT timeout line's label goes. Pinned to the plot's right end it sat on the marks that
// crowd the line in a run that keeps the mapping alive (heartbeats just under the timeout, pushes
// at it: compare's right panel in issue 17). It is placed at the first of a few spots along the line
// whose text box no mark covers, else the least covered; the page and the SVG export place it alike.
import type { MarkGroup, PlotBox } from './mark-layout.ts';

export interface LabelBox {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface NatLabelPlace {
  /** The text's anchor point and alignment, as SVG's x, y and text-anchor take them. */
  x: number;
  y: number;
  anchor: 'start' | 'middle' | 'end';
  /** The text's box, as placed. */
  box: LabelBox;
}

/** An average glyph's width, in ems: the place need only be near, the label is short. */
const CHAR_EM = 0.6;
/** From the plot's edge, and from the line. */
const INSET_PX = 6;
const LINE_GAP_PX = 5;

const overlaps = (a: LabelBox, b: LabelBox) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/** The label `text` at `fontPx` for the line at `lineY` on `plot`, clear of the marks' `groups` where it can be. */
export function natLabelPlace(text: string, fontPx: number, lineY: number, plot: PlotBox, groups: readonly MarkGroup[]): NatLabelPlace {
  const w = text.length * fontPx * CHAR_EM;
  const h = fontPx * 1.2;
  const ends = [
    { anchor: 'end', x: plot.left + plot.width - INSET_PX, left: plot.left + plot.width - INSET_PX - w },
    { anchor: 'start', x: plot.left + INSET_PX, left: plot.left + INSET_PX },
    { anchor: 'middle', x: plot.left + plot.width / 2, left: plot.left + (plot.width - w) / 2 },
  ] as const;
  // Above the line first (where it has always been read), then below it; each inside the plot.
  const rows = [lineY - LINE_GAP_PX - h, lineY + LINE_GAP_PX].filter((top) => top >= plot.top && top + h <= plot.top + plot.height);
  let best: { place: NatLabelPlace; covered: number } | null = null;
  for (const top of rows.length ? rows : [Math.max(plot.top, lineY - LINE_GAP_PX - h)]) {
    for (const e of ends) {
      const box = { x: e.left, y: top, w, h };
      const covered = groups.filter((g) => overlaps(box, g.box)).length;
      // The baseline: the box's top plus the font's ascent (about 0.8 em of the 1.2 em box).
      const place: NatLabelPlace = { x: e.x, y: top + fontPx * 0.95, anchor: e.anchor, box };
      if (covered === 0) return place;
      if (!best || covered < best.covered) best = { place, covered };
    }
  }
  return best!.place;
}
