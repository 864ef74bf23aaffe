// One view per source (docs/design.md "The player"): a small store fed by the source's player. The chart,
// lanes, cards and table read the view they are given (ViewContext), so two views side by side are
// a compare, and a live run and a recorded session look the same to them.
import { createContext, useContext } from 'react';
import { createStore, useStore as useZustand, type StoreApi } from 'zustand';
import type { Player, PlayerState } from '../../../shared/player/player.ts';
import { Folds } from '../../../shared/player/folds.ts';
import { flowFigures } from '../../../shared/folds/flow-figures.ts';
import type { Summary } from '../../../shared/folds/summary.ts';
import type { TimeWindow } from '../../../shared/view/chart-view.ts';

export interface ViewState {
  player: Player;
  /** null until the player first reports. */
  playback: PlayerState | null;
  data: Folds;
  /**
   * Bumped when the folds may have changed (they are mutated in place): other folds, another event
   * count or a seek. Not on a change of progress, speed or status alone, so those do not redraw the
   * chart, lanes and table: a big session reports its progress some hundred times while it loads.
   */
  version: number;
  window: TimeWindow | null;
  setWindow(w: TimeWindow | null): void;
  /**
   * Another player takes over this view, the previous one closed: a source that finished loading
   * (its LoadingPlayer gives way to a RecordedPlayer on the same folds). The view and what draws it
   * stay mounted; the version moves only if the folds do, so a million-event session's chart,
   * lanes and table are not drawn again from nothing once it is open (issue 16: that redraw was a
   * 110–140 ms task). The zoom goes, as with a new view.
   */
  handOver(player: Player): void;
}

export type ViewStore = StoreApi<ViewState>;

export function createView(player: Player): ViewStore {
  // Batches are folded as they arrive, but React hears about them once per animation frame: at
  // 3600× or in fast mode, updates come faster than frames.
  let pending: { player: Player; state: PlayerState; folds: Folds } | null = null;
  let raf = 0;
  const publish = (patch?: Pick<ViewState, 'window'>) => {
    raf = 0;
    const p = pending!;
    pending = null;
    store.setState((s) => ({ ...patch, player: p.player, playback: p.state, data: p.folds, version: foldsMoved(s, p) ? s.version + 1 : s.version }));
  };
  const listen = (to: Player) =>
    to.setListener((state, folds) => {
      pending = { player: to, state, folds };
      raf ||= requestAnimationFrame(() => publish());
    });
  const store = createStore<ViewState>()((set, get) => ({
    player,
    playback: null,
    data: new Folds(),
    version: 0,
    window: null,
    setWindow: (window) => set({ window }),
    handOver: (next) => {
      get().player.close();
      // The new player reports at once (setListener): published now, with the player, in one update.
      listen(next);
      if (raf) cancelAnimationFrame(raf);
      publish({ window: null });
    },
  }));
  listen(player);
  return store;
}

/** The published folds are not those `next` brings: other folds, more or fewer events, or a seek. */
const foldsMoved = (s: ViewState, next: { state: PlayerState; folds: Folds }): boolean =>
  !s.playback || s.data !== next.folds || s.playback.index !== next.state.index || s.playback.seekSeq !== next.state.seekSeq;

/** The player's clock: the instant the chart's cursor, the lanes' open ends and the cards all show. */
export const selectNow = (s: ViewState): number => s.playback?.nowMs ?? 0;

/** The source is a packet capture: the views show what a capture can tell (no radio, no beliefs). */
export const selectIsCapture = (s: ViewState): boolean => s.playback?.kind === 'capture';

/**
 * One value per view, folds version and clock: a state that changed nothing else (progress, speed)
 * keeps it. Kept per player, as one player has one view (two views may draw the same folds).
 */
function perFoldsAndClock<T>(compute: (s: ViewState) => T): (s: ViewState) => T {
  const memo = new WeakMap<Player, { data: Folds; version: number; now: number; value: T }>();
  return (s) => {
    const m = memo.get(s.player);
    if (m && m.data === s.data && m.version === s.version && m.now === selectNow(s)) return m.value;
    const value = compute(s);
    memo.set(s.player, { data: s.data, version: s.version, now: selectNow(s), value });
    return value;
  };
}

const summaryAtClock = perFoldsAndClock((s) => s.data.summary.result(selectNow(s)));

/**
 * The folds' summary at the player's clock (null until the player first reports): the cards, a
 * compare and a saved summary read it here, from the state the chart and lanes draw, so no figure
 * waits for the next event (a NAT that expired at 2:00 is dead time at 2:30). One summary per
 * folds version and clock: selectors stay stable, every reader of one state gets the same object,
 * and the cards show the folds the chart draws (not those that grew meanwhile as a session loads).
 */
export const selectSummary = (s: ViewState): Summary | null => (s.playback ? summaryAtClock(s) : null);

/** A capture's card figures at the player's clock, from the flow lane the page draws (one per folds version and clock). */
export const selectFlowFigures = perFoldsAndClock((s) => flowFigures(s.data.series.flow, selectNow(s)));

export const ViewContext = createContext<ViewStore | null>(null);

/** A value of the view this component was given. */
export function useView<T>(select: (s: ViewState) => T): T {
  const v = useContext(ViewContext);
  if (!v) throw new Error('Invariant: a view component outside a ViewContext');
  return useZustand(v, select);
}
