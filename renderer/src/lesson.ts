// Lesson mode: the run on screen told as a story for a room. If there is none, or the run on screen
// is the live run and the form now holds another scenario (a preset picked since, or an edit), the
// chosen scenario is run first in fast mode and that run is told: a lesson never narrates the
// previous run under the name the form shows. The moments and captions come from lessonMoments(events) — rules over the
// event log, never hand-timed — so a user's own scenario or a recorded session gets a story too.
// Each step zooms the active view's chart to a window around its moment; the caption is pinned
// there (HeartbeatChart).
import { activeView, isGoing, liveState, liveView, useStore } from './store.ts';
import { selectNow, type ViewState, type ViewStore } from './player/view-store.ts';
import type { Scenario } from '../../shared/scenario/scenario.ts';
import { lessonMoments } from '../../shared/folds/lesson/moments.ts';
import { momentWindow } from '../../shared/folds/lesson/moment-window.ts';
import { fullWindow } from './time-axis.ts';

function show(index: number): void {
  const s = useStore.getState();
  const view = activeView();
  if (!s.lesson || !view) return;
  const m = s.lesson.moments[index];
  if (!m) return;
  const v = view.getState();
  const series = v.data.series;
  const full = fullWindow(series.durationMs, Math.max(series.lastT, selectNow(v)));
  useStore.setState({ lesson: { ...s.lesson, index } });
  v.setWindow(momentWindow(m, full, series.natIdleTimeoutSec));
}

/** Resolves when the view's state satisfies `ready` (published to the view, so its folds are current). */
function whenView(view: ViewStore, ready: (v: ViewState) => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (ready(view.getState())) return resolve();
    const stop = view.subscribe((v) => {
      if (!ready(v)) return;
      stop();
      resolve();
    });
  });
}

const over = (v: ViewState) => v.playback?.status === 'done' || v.playback?.status === 'failed';
/** A recorded source holds its whole log once the cursor is at its end. */
const whole = (v: ViewState) => v.playback !== null && v.playback.index >= v.playback.total;

/** The form's scenario is the one the live run ran (the same object unless the form changed since). */
const sameScenario = (a: Scenario, b: Scenario | null | undefined) => a === b || (!!b && JSON.stringify(a) === JSON.stringify(b));

async function startLesson(): Promise<void> {
  const s = useStore.getState();
  if (s.compare) {
    useStore.setState({ notice: 'Lesson mode tells one run: close the compare first' });
    return;
  }
  if (s.capture !== null) {
    // Its moments are rules over a run's events (a socket kept, a push lost); a capture has packets.
    useStore.setState({ notice: 'Lesson mode tells a run: a capture is open — choose a preset to run one' });
    return;
  }
  if (isGoing(liveState())) {
    useStore.setState({ notice: 'Lesson mode tells a finished run: stop this one (X) or let it end, then press E again' });
    return;
  }
  let view = activeView();
  // A form the user has broken since the run tells the run on screen (its caption names it).
  if (!view || (s.scenario && view === liveView() && !sameScenario(s.scenario, liveState()?.scenario))) {
    if (!s.scenario) {
      useStore.setState({ notice: 'fix the scenario first: there is nothing to run for the lesson' });
      return;
    }
    s.setMode('fast');
    await s.start();
    view = activeView();
    if (!view || view !== liveView()) return;
    await whenView(view, over);
  } else {
    const player = view.getState().player;
    if (player.seek && !whole(view.getState())) {
      player.pause();
      player.seek(view.getState().playback?.endMs ?? Number.MAX_SAFE_INTEGER);
      await whenView(view, whole);
    }
  }
  if (activeView() !== view) return; // another source was opened meanwhile
  const moments = lessonMoments(view.getState().data.events);
  if (moments.length === 0) {
    useStore.setState({ notice: 'this run has no key moments to tell' });
    return;
  }
  useStore.setState({ lesson: { moments, index: 0 } });
  show(0);
}

export function stepLesson(delta: 1 | -1): void {
  const l = useStore.getState().lesson;
  if (l) show(Math.max(0, Math.min(l.moments.length - 1, l.index + delta)));
}

export function endLesson(): void {
  useStore.setState({ lesson: null });
  activeView()?.getState().setWindow(null);
}

/** The Lesson button, the E key and View → Lesson mode. */
export function toggleLesson(): void {
  if (useStore.getState().lesson) endLesson();
  else void startLesson();
}
