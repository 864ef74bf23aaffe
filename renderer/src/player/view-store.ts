// One view per source (docs/design.md "The player"): a small store fed by the source's player. The chart,
// lanes, cards and table read the view they are given (ViewContext), so two views side by side are
// a compare, and a live run and a recorded session look the same to them.
import { createContext, useContext } from 'react';
import { createStore, useStore as useZustand, type StoreApi } from 'zustand';
import type { Player, PlayerState } from '../../../shared/player/player.ts';
import { Folds } from '../../../shared/player/folds.ts';
import type { Summary } from '../../../shared/folds/summary.ts';
import type { TimeWindow } from '../../../shared/view/chart-view.ts';

export interface ViewState {
  player: Player;
  /** null until the player first reports. */
  playback: PlayerState | null;
  data: Folds;
  /** Bumped on every update: the folds are mutated in place. */
  version: number;
  virtualMs: number;
  summary: Summary | null;
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
    virtualMs: 0,
    summary: null,
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
    store.setState((s) => ({ playback: p.state, data: p.folds, virtualMs: p.state.nowMs, summary: p.folds.summary.result(), version: s.version + 1 }));
  };
  player.setListener((state, folds) => {
    pending = { state, folds };
    raf ||= requestAnimationFrame(publish);
  });
  return store;
}

export const ViewContext = createContext<ViewStore | null>(null);

/** A value of the view this component was given. */
export function useView<T>(select: (s: ViewState) => T): T {
  const v = useContext(ViewContext);
  if (!v) throw new Error('Invariant: a view component outside a ViewContext');
  return useZustand(v, select);
}
