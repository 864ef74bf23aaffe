import { useEffect, type DependencyList } from 'react';

/**
 * An effect that reads or sets the page's layout (a scroll into view), run in the next animation
 * frame rather than in the task that committed. There the layout it forces is the frame's own, done
 * once with the rest of the frame; in the commit's task it was a second, forced layout of the whole
 * page: 12 % of a page seek's CPU with a million-event session, 18 % of a big capture's last render
 * (issue 16, docs/performance.md). A newer commit with other deps cancels the frame not yet run.
 */
export function useFrameEffect(effect: () => void, deps: DependencyList): void {
  useEffect(() => {
    const frame = requestAnimationFrame(effect);
    return () => cancelAnimationFrame(frame);
  }, deps);
}
