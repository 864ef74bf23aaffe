// Lesson mode's caption, pinned to its moment on the chart: a marked line at the moment's x and
// a box beside it, with "n of N" and the step buttons. The keys (arrows, Page Up/Down, Escape) are
// useShortcuts' business; the buttons are for a mouse or a touch screen.
import { useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { useStore, type TimeWindow } from '../store.ts';
import { useView } from '../player/view-store.ts';
import { endLesson, stepLesson } from '../lesson.ts';
import { formatTime, PLOT_LEFT, PLOT_RIGHT } from '../time-axis.ts';

/** What the caption must not cover besides its moment: the chart's marks and their strips. */
const KEEP_IN_SIGHT = '.marker, .mark-strip';
/** The NAT timeout's label: kept in sight too, but a mark of the run weighs more (the red line still says it). */
const NAT_LABEL = '.nat-timeout-label-box';
/** Clear space kept between the caption and its moment's line. */
const MOMENT_GAP_PX = 14;
/** Candidate spots are tried this far apart, along the plot and down it. */
const STEP_PX = 24;

/** A spot's cost for each mark it covers, for the NAT label, and for standing over the heading rather than in the plot. */
const MARK_COST = 1e6;
const LABEL_COST = MARK_COST / 2;
const ABOVE_PENALTY = 1e5;

/** Where the caption stands, in the chart stage's pixels. */
interface Spot {
  left: number;
  top: number;
}

/**
 * Where the caption covers the fewest of the chart's marks and the NAT label, never its moment:
 * spots along the plot and down it, or above it, the nearest to the moment among the best.
 * Measured on the page, where the marks really are.
 */
function bestSpot(stage: Element, caption: Element, momentX: number): Spot | null {
  const s = stage.getBoundingClientRect();
  const plot = stage.querySelector('.recharts-cartesian-grid')?.getBoundingClientRect();
  if (!plot || plot.width === 0) return null;
  const c = caption.getBoundingClientRect();
  const keep = [...stage.querySelectorAll(KEEP_IN_SIGHT)].map((m) => m.getBoundingClientRect());
  const label = stage.querySelector(NAT_LABEL)?.getBoundingClientRect();
  const moment = s.left + momentX;
  const meets = (r: DOMRect, x: number, y: number) => r.left < x + c.width && x < r.right && r.top < y + c.height && y < r.bottom;
  const cost = (x: number, y: number) => keep.filter((r) => meets(r, x, y)).length * MARK_COST + (label && meets(label, x, y) ? LABEL_COST : 0);
  const panel = stage.closest('.chart-panel')?.getBoundingClientRect() ?? s;
  // In the plot, from its top down to its bottom; else above it, over the chart's heading and legend
  // (words the reader has seen, not the run's marks): taken only where every spot in the plot
  // would cover a mark or the NAT label.
  const above = Math.max(panel.top, plot.top - c.height - 4);
  const ys: [y: number, penalty: number][] = [[above, ABOVE_PENALTY]];
  for (let y = plot.top + 4; y + c.height <= plot.bottom - 4; y += STEP_PX) ys.push([y, 0]);
  ys.push([Math.max(plot.top + 4, plot.bottom - c.height - 4), 0]);
  let best: { x: number; y: number; score: number } | null = null;
  for (let x = plot.left; x + c.width <= plot.right + 1; x += STEP_PX) {
    // Never over its moment: the box stands wholly to one side of the line.
    if (x < moment + MOMENT_GAP_PX && moment - MOMENT_GAP_PX < x + c.width) continue;
    const away = Math.min(Math.abs(x - moment), Math.abs(x + c.width - moment));
    for (const [y, penalty] of ys) {
      const score = cost(x, y) + penalty + away;
      if (!best || score < best.score) best = { x, y, score };
    }
  }
  return best && { left: best.x - s.left, top: best.y - s.top };
}

/** At most this many frames are waited for the chart to draw the moment's window (then it is placed as it is). */
const MAX_WAIT_FRAMES = 120;

/**
 * The caption's spot for this moment, window and chart size (null until measured: it stands beside
 * the moment), and whether it is placed (the page's tests wait for that). It is measured once the
 * chart's marks say they are of window `drawn` (MarkerLayer's data-window), a frame later, as the
 * axes settle: a fixed count of frames placed it before the marks on a slow page.
 */
function useSpot(box: RefObject<HTMLElement | null>, momentX: number, drawn: string, deps: readonly unknown[]): { spot: Spot | null; placed: boolean } {
  const [state, setState] = useState<{ at: readonly unknown[]; spot: Spot | null } | null>(null);
  useLayoutEffect(() => {
    let frames = 0;
    let seen = false;
    let raf = 0;
    const measure = () => {
      const el = box.current;
      const stage = el?.closest('.chart-stage');
      const ready = seen || frames >= MAX_WAIT_FRAMES;
      seen ||= !!stage?.querySelector(`.markers[data-window="${drawn}"]`);
      frames++;
      if (!ready) {
        raf = requestAnimationFrame(measure);
        return;
      }
      setState({ at: deps, spot: el && stage ? bestSpot(stage, el, momentX) : null });
    };
    raf = requestAnimationFrame(measure);
    return () => cancelAnimationFrame(raf);
  }, deps);
  return state && state.at.every((d, i) => d === deps[i]) ? { spot: state.spot, placed: true } : { spot: null, placed: false };
}

/** The chart's lesson caption, while lesson mode is on: nothing is measured otherwise. */
export function LessonCaption(props: { w: TimeWindow; width: number; height: number }) {
  const on = useStore((s) => !!s.lesson?.moments[s.lesson.index]);
  return on ? <Caption {...props} /> : null;
}

function Caption({ w, width, height }: { w: TimeWindow; width: number; height: number }) {
  const lesson = useStore((s) => s.lesson)!;
  const m = lesson.moments[lesson.index]!;
  // The run it tells, named: the picked preset may be another one (a lesson tells the run on screen).
  const run = useView((v) => v.data.series.scenario);
  const box = useRef<HTMLElement>(null);
  const plot = width - PLOT_LEFT - PLOT_RIGHT;
  const x = PLOT_LEFT + ((m.t - w.t0) / (w.t1 - w.t0)) * plot;
  // Placed anew when the moment, the window or the chart's size changes (projector mode, a legend unfolded).
  const { spot, placed } = useSpot(box, x, `${w.t0},${w.t1}`, [m, w.t0, w.t1, width, height]);
  // Until placed (the first frame), the box stands beside its moment, on the side with more room,
  // so the moment itself (the line crossing the timeout, the mark) stays in sight.
  const side = spot ?? (x < width / 2 ? { left: x + MOMENT_GAP_PX } : { right: width - x + MOMENT_GAP_PX });
  const n = lesson.index + 1;
  const total = lesson.moments.length;
  return (
    <>
      <div className="lesson-pin" style={{ left: x }} aria-hidden="true" />
      <aside
        ref={box}
        className="lesson-caption"
        style={side}
        aria-label="lesson"
        aria-live="polite"
        data-testid="lesson-caption"
        data-t={m.t}
        data-placed={placed ? '' : undefined}
        onMouseDown={(e) => e.stopPropagation()}
        onWheel={(e) => e.stopPropagation()}
        onDoubleClick={(e) => e.stopPropagation()}
      >
        <header>
          <span className="lesson-count" data-testid="lesson-step">
            {n} of {total}
          </span>
          <strong data-testid="lesson-title">{m.title}</strong>
          <span className="lesson-time">at {formatTime(m.t)}</span>
          <span className="lesson-run" data-testid="lesson-run">
            run: {run || 'unnamed'}
          </span>
        </header>
        <p data-testid="lesson-text">{m.caption}</p>
        <nav className="lesson-nav" aria-label="lesson steps">
          <button type="button" disabled={n === 1} onClick={() => stepLesson(-1)}>
            ← Back
          </button>
          <button type="button" disabled={n === total} onClick={() => stepLesson(1)}>
            Next →
          </button>
          <button type="button" onClick={endLesson}>
            Leave <kbd>Esc</kbd>
          </button>
        </nav>
      </aside>
    </>
  );
}
