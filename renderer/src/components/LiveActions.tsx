// The live actions' buttons (shared/view/live-actions.ts), and the inspector's global keyboard shortcuts.
import { useEffect } from 'react';
import { activeView, isGoing, liveState, otherSourceOnScreen, useLive, useStore } from '../store.ts';
import { LIVE_ACTIONS } from '../../../shared/view/live-actions.ts';
import { chartKey, isChartKey } from '../chart-keys.ts';
import { clearRange } from '../range-selection.ts';
import { endLesson, stepLesson, toggleLesson } from '../lesson.ts';

export function LiveActions() {
  const status = useLive((v) => v?.playback?.status);
  const act = useStore((s) => s.act);
  const live = status === 'running' || status === 'paused';
  // On a projector every line counts: the buttons show only while they can act.
  const projector = useStore((s) => s.projector);
  // A session, a capture or a compare on screen has no live actions: their row of disabled buttons
  // only pushed the chart down. Before any run they show, off, as what a run will offer.
  const otherSource = useStore(otherSourceOnScreen);
  if ((projector || otherSource) && !live) return null;
  return (
    <section className="live" aria-label="live actions">
      {LIVE_ACTIONS.map((a) => (
        <button type="button" key={a.action} disabled={!live} onClick={() => void act(a.action)} title={`shortcut: ${a.key.toUpperCase()}`} data-action={a.action}>
          {a.label} <kbd>{a.key.toUpperCase()}</kbd>
        </button>
      ))}
    </section>
  );
}

const LESSON_KEYS: Record<string, 1 | -1> = { ArrowRight: 1, PageDown: 1, ArrowLeft: -1, PageUp: -1 };

/**
 * Global shortcuts: they work wherever focus is, except while typing in a text field, and never
 * behind a dialog (the dialog handles its own keys).
 */
export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement;
      if (e.ctrlKey || e.metaKey || e.altKey || t.closest('input:not([type=checkbox]):not([type=range]):not([type=radio]), select, textarea, [role=dialog]')) return;
      const s = useStore.getState();
      if (s.help) return;
      // Lesson mode: the arrow keys and a presenter clicker's Page Up / Page Down step through the
      // story (except where those keys already mean something: a slider, a radio group).
      if (s.lesson) {
        const step = LESSON_KEYS[e.key];
        if (step && !t.closest('input')) {
          e.preventDefault();
          return stepLesson(step);
        }
        if (e.key === 'Escape') return endLesson();
      }
      if (e.key === 'Escape' && clearRange()) return;
      if (e.key === ' ') {
        e.preventDefault();
        // On a recording or a capture, Space plays and pauses it, as in any player; it never
        // replaces what the user opened with a new run.
        const v = activeView()?.getState();
        if (v?.playback?.capabilities.includes('seek')) return v.playback.status === 'running' ? v.player.pause() : v.player.play();
        void s.togglePause();
        return;
      }
      const k = e.key.toLowerCase();
      if (k === 'x') return void s.stop();
      if (k === 'g') return s.setProjector(!s.projector);
      if (k === '?') return s.setHelp(true);
      if (isChartKey(k)) return chartKey(k);
      if (k === 'e') return toggleLesson();
      const a = LIVE_ACTIONS.find((x) => x.key === k);
      if (a && isGoing(liveState())) void s.act(a.action);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
