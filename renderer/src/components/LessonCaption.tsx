// Lesson mode's caption, pinned to its moment on the chart: a marked line at the moment's x and
// a box beside it, with "n of N" and the step buttons. The keys (arrows, Page Up/Down, Escape) are
// useShortcuts' business; the buttons are for a mouse or a touch screen.
import { useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { useStore, type TimeWindow } from '../store.ts';
import { useView } from '../player/view-store.ts';
import { endLesson, stepLesson } from '../lesson.ts';
import { formatTime, PLOT_LEFT, PLOT_RIGHT } from '../time-axis.ts';

/** What the caption must not cover besides its moment: the chart's marks, their strips, the NAT timeout's label. */
const KEEP_IN_SIGHT = '.marker, .mark-strip, .nat-timeout-label';
/** The caption's gap to the stage's top, or to its bottom (above the time axis's labels). */
const TOP_PX = 20;
const BOTTOM_PX = 44;
type Place = 'top' | 'bottom';

/**
 * Where the caption covers fewer of the chart's marks, measured on the page: at the top of the
 * chart (as a rule) or at its bottom. A stack of marks at the top edge stays in sight.
 */
function usePlace(box: RefObject<HTMLElement | null>, deps: readonly unknown[]): Place {
  const [place, setPlace] = useState<Place>('top');
  useLayoutEffect(() => {
    const el = box.current;
    const stage = el?.closest('.chart-stage');
    if (!el || !stage) return;
    const s = stage.getBoundingClientRect();
    const b = el.getBoundingClientRect();
    const marks = [...stage.querySelectorAll(KEEP_IN_SIGHT)].map((m) => m.getBoundingClientRect());
    const covered = (top: number) => marks.filter((r) => r.left < b.right && b.left < r.right && r.top < top + b.height && top < r.bottom).length;
    const best: Place = covered(s.bottom - BOTTOM_PX - b.height) < covered(s.top + TOP_PX) ? 'bottom' : 'top';
    if (best !== place) setPlace(best);
  }, deps);
  return place;
}

export function LessonCaption({ w, width }: { w: TimeWindow; width: number }) {
  const lesson = useStore((s) => s.lesson);
  const m = lesson?.moments[lesson.index];
  // The run it tells, named: the picked preset may be another one (a lesson tells the run on screen).
  const run = useView((v) => v.data.series.scenario);
  const box = useRef<HTMLElement>(null);
  const place = usePlace(box, [m, w.t0, w.t1, width]);
  if (!lesson || !m) return null;
  const plot = width - PLOT_LEFT - PLOT_RIGHT;
  const x = PLOT_LEFT + ((m.t - w.t0) / (w.t1 - w.t0)) * plot;
  // The box stands beside its moment, on the side with more room, so the moment itself (the line
  // crossing the timeout, the mark) stays in sight.
  const side = { ...(x < width / 2 ? { left: x + 14 } : { right: width - x + 14 }), ...(place === 'top' ? { top: TOP_PX } : { top: 'auto', bottom: BOTTOM_PX }) };
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
        data-place={place}
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
