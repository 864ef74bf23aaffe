import { useLayoutEffect, useState, type RefObject } from 'react';

/**
 * A plot's box size (the chart's, the lanes' ruler), as the ResizeObserver reports it: first after
 * the page's layout, then on every resize; null until then, and nothing is drawn at a guessed width.
 * Not measured in the render that mounts the box: that forced the page's layout and drew the chart
 * and lanes in the same task as the rest of the view (issue 16: ≈ 95 ms of main thread as a
 * million-event session's view mounted). Now they are drawn in a task of their own, at most a frame
 * after their box.
 */
export function useBoxSize(ref: RefObject<HTMLElement | null>): { width: number; height: number } | null {
  const [size, setSize] = useState<{ width: number; height: number } | null>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(() => {
      const r = el.getBoundingClientRect();
      setSize((old) => (old && old.width === Math.floor(r.width) && old.height === Math.floor(r.height) ? old : { width: Math.floor(r.width), height: Math.floor(r.height) }));
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return size;
}
