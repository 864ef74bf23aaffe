// The time range dragged across the chart or the lanes (DevTools' range selection). One at a time:
// it belongs to a scope (a view, or a compare's pair of views, which share one time axis), and
// its figures are folded from each view's own event log (shared/folds/range-summary.ts).
import { createContext, useContext } from 'react';
import { create } from 'zustand';
import { ViewContext } from './player/view-store.ts';

export interface RangeSelection {
  scope: object;
  t0: number;
  t1: number;
  /** Still being dragged: the band follows the pointer, the figures wait for the release. */
  dragging: boolean;
}

export const useRange = create<{ range: RangeSelection | null }>(() => ({ range: null }));

/** Escape clears the range; true if there was one to clear. */
export function clearRange(): boolean {
  if (!useRange.getState().range) return false;
  useRange.setState({ range: null });
  return true;
}

/** Views that share a time axis (a compare) share one scope, so a range shows in both. */
export const RangeScopeContext = createContext<object | null>(null);

/** This view's range scope: its compare's, else the view itself. */
export function useRangeScope(): object {
  const view = useContext(ViewContext);
  const scope = useContext(RangeScopeContext);
  return scope ?? view!;
}

/** The range of this scope, if it has one. */
export function useScopedRange(): RangeSelection | null {
  const scope = useRangeScope();
  return useRange((s) => (s.range?.scope === scope ? s.range : null));
}
