// Views that are compared share their axes (Wireshark's I/O graph, DevTools' side-by-side traces):
// the whole-run time span is the union of both runs', and the y axis tops at the higher of what
// either chart wants, so the same NAT timeout sits at the same height in both. Outside a compare
// every view keeps its own. The compared charts' keys are gathered here too, for the compare's one
// legend.
import { createContext, useContext, useEffect, useId, useMemo } from 'react';
import { createStore, useStore as useZustand, type StoreApi } from 'zustand';
import type { TimeWindow } from '../../shared/view/chart-view.ts';
import type { ChartKey } from '../../shared/view/chart-legend.ts';

interface Axes {
  /** The union of the compared runs' whole spans. */
  full: TimeWindow | null;
  /** The y top each chart wants, by chart. */
  tops: Record<string, number>;
  /** The key each chart draws, by chart. */
  keys: Record<string, ChartKey>;
}

export type AxesStore = StoreApi<Axes>;

export const createAxes = (): AxesStore => createStore<Axes>()(() => ({ full: null, tops: {}, keys: {} }));

export const AxesContext = createContext<AxesStore | null>(null);

/** Stands in outside a compare: nothing shared. */
const ALONE = createAxes();

/** This view's whole span, widened to the compare's. */
export function useSharedFull(own: TimeWindow): TimeWindow {
  const full = useZustand(useContext(AxesContext) ?? ALONE, (s) => s.full);
  return full ? { t0: Math.min(own.t0, full.t0), t1: Math.max(own.t1, full.t1) } : own;
}

/**
 * Publishes this chart's value under `field` while it is shown, in a compare; outside one it
 * publishes nothing.
 */
function usePublished<F extends 'tops' | 'keys'>(field: F, own: Axes[F][string]): AxesStore | null {
  const axes = useContext(AxesContext);
  const id = useId();
  useEffect(() => {
    if (!axes) return;
    axes.setState((s) => ({ [field]: { ...s[field], [id]: own } }));
  }, [axes, id, own, field]);
  useEffect(
    () => () =>
      axes?.setState((s) => {
        const { [id]: _gone, ...rest } = s[field];
        return { [field]: rest };
      }),
    [axes, id, field],
  );
  return axes;
}

/** The y top to draw with: this chart's own, or the highest of the compared charts'. */
export function useSharedTop(own: number): number {
  const axes = usePublished('tops', own);
  return useZustand(axes ?? ALONE, (s) => Math.max(own, ...Object.values(s.tops)));
}

/** True in a compare, which draws one key for all its charts (this chart's among them): the chart draws none of its own. */
export function useSharedKey(own: ChartKey): boolean {
  return usePublished('keys', own) !== null;
}

/** Every compared chart's key, for the compare's one legend. */
export function useKeys(axes: AxesStore): ChartKey[] {
  const keys = useZustand(axes, (s) => s.keys);
  return useMemo(() => Object.values(keys), [keys]);
}
