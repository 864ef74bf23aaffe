// Views that are compared share their axes (Wireshark's I/O graph, DevTools' side-by-side traces):
// the whole-run time span is the union of both runs', and the y axis tops at the higher of what
// either chart wants, so the same NAT timeout sits at the same height in both. Outside a compare
// every view keeps its own.
import { createContext, useContext, useEffect, useId } from 'react';
import { createStore, useStore as useZustand, type StoreApi } from 'zustand';
import type { TimeWindow } from '../../shared/view/chart-view.ts';

interface Axes {
  /** The union of the compared runs' whole spans. */
  full: TimeWindow | null;
  /** The y top each chart wants, by chart. */
  tops: Record<string, number>;
}

export type AxesStore = StoreApi<Axes>;

export const createAxes = (): AxesStore => createStore<Axes>()(() => ({ full: null, tops: {} }));

export const AxesContext = createContext<AxesStore | null>(null);

/** Stands in outside a compare: nothing shared. */
const ALONE = createAxes();

/** This view's whole span, widened to the compare's. */
export function useSharedFull(own: TimeWindow): TimeWindow {
  const full = useZustand(useContext(AxesContext) ?? ALONE, (s) => s.full);
  return full ? { t0: Math.min(own.t0, full.t0), t1: Math.max(own.t1, full.t1) } : own;
}

/** The y top to draw with: this chart's own, or the highest of the compared charts'. */
export function useSharedTop(own: number): number {
  const axes = useContext(AxesContext);
  const id = useId();
  useEffect(() => {
    if (!axes) return;
    axes.setState((s) => ({ tops: { ...s.tops, [id]: own } }));
  }, [axes, id, own]);
  useEffect(
    () => () =>
      axes?.setState((s) => {
        const { [id]: _gone, ...tops } = s.tops;
        return { tops };
      }),
    [axes, id],
  );
  return useZustand(axes ?? ALONE, (s) => Math.max(own, ...Object.values(s.tops)));
}
