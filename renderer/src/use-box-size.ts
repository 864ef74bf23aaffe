import { useLayoutEffect, useState, type RefObject } from 'react';

/**
 * The chart's size, measured before the first paint and on resize. (recharts' ResponsiveContainer
 * renders empty first and draws a frame later: a visible delay on a run's first chart.)
 */
export function useBoxSize(ref: RefObject<HTMLElement | null>): { width: number; height: number } | null {
  const [size, setSize] = useState<{ width: number; height: number } | null>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const r = el.getBoundingClientRect();
      setSize((old) => (old && old.width === Math.floor(r.width) && old.height === Math.floor(r.height) ? old : { width: Math.floor(r.width), height: Math.floor(r.height) }));
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return size;
}
