// One view per source (docs/design.md "The player"): a small store fed by the source's player. The chart,
// lanes, cards and table read the view they are given (ViewContext), so two views side by side are
// a compare, and a live run and a recorded session look the same to them.
import { createContext, useContext } from 'react';
import { createStore, useStore as useZustand, type StoreApi } from 'zustand';
import type { Player, PlayerState } from '../../../shared/player/player.ts';
import { Folds } from '../../../shared/player/folds.ts';
import { flowFigures, type FlowFigures } from '../../../shared/folds/flow-figures.ts';
import type { Summary } from '../../../shared/folds/summary.ts';
import type { TimeWindow } from '../../../shared/view/chart-view.ts';

export interface ViewState {
  player: Player;
  /** null until the player first reports. */
  playback: PlayerState | null;
  data: Folds;
  /** Bumped on every update: the folds are mutated in place. */
  version: number;
  window: TimeWindow | null;
  setWindow(w: TimeWindow | null): void;
}

export type ViewStore = StoreApi<ViewState>;

export function createView(player: Player): ViewStore {
  const store = createStore<ViewState>()((set) => ({
    player,
    playback: null,
    data: new Folds(),
    version: 0,
    window: null,
    setWindow: (window) => set({ window }),
  }));
  // Batches are folded as they arrive, but React hears about them once per animation frame: at
  // 3600× or in fast mode, updates come faster than frames.
  let pending: { state: PlayerState; folds: Folds } | null = null;
  let raf = 0;
  const publish = () => {
    raf = 0;
    const p = pending!;
    pending = null;
    store.setState((s) => ({ playback: p.state, data: p.folds, version: s.version + 1 }));
  };
  player.setListener((state, folds) => {
    pending = { state, folds };
    raf ||= requestAnimationFrame(publish);
  });
  return store;
}

/** The player's clock: the instant the chart's cursor, the lanes' open ends and the cards all show. */
export const selectNow = (s: ViewState): number => s.playback?.nowMs ?? 0;

/** The source is a packet capture: the views show what a capture can tell (no radio, no beliefs). */
export const selectIsCapture = (s: ViewState): boolean => s.playback?.kind === 'capture';

const summaries = new WeakMap<ViewState, Summary>();

/**
 * The folds' summary at the player's clock (null until the player first reports): the cards, a
 * compare and a saved summary read it here, from the state the chart and lanes draw, so no figure
 * waits for the next event (a NAT that expired at 2:00 is dead time at 2:30). One summary per
 * published state: selectors stay stable, and every reader of one state gets the same object.
 */
export function selectSummary(s: ViewState): Summary | null {
  if (!s.playback) return null;
  let summary = summaries.get(s);
  if (!summary) summaries.set(s, (summary = s.data.summary.result(selectNow(s))));
  return summary;
}

const flows = new WeakMap<ViewState, FlowFigures>();

/** A capture's card figures at the player's clock, from the flow lane the page draws (one per published state). */
export function selectFlowFigures(s: ViewState): FlowFigures {
  let f = flows.get(s);
  if (!f) flows.set(s, (f = flowFigures(s.data.series.flow, selectNow(s))));
  return f;
}

export const ViewContext = createContext<ViewStore | null>(null);

/** A value of the view this component was given. */
export function useView<T>(select: (s: ViewState) => T): T {
  const v = useContext(ViewContext);
  if (!v) throw new Error('Invariant: a view component outside a ViewContext');
  return useZustand(v, select);
}
