// The renderer's one store (zustand), fed by event batches. The folds from shared/ do the work;
// big arrays are mutated in place and `version` tells React that something changed.
import { create } from 'zustand';
import { api } from './bridge/index.ts';
import type { LifelineEvent, EventKind, Hop, TimelineActionName } from '../../shared/events.ts';
import { SummaryFold, type Summary } from '../../shared/summary.ts';
import { SeriesFold } from '../../shared/series.ts';
import { ScenarioError, validateScenario, type Scenario } from '../../shared/scenario.ts';
import type { RunStatus } from '../../shared/contract.ts';
import { asEdited, fileStem } from '../../shared/edited-preset.ts';

export interface RunData {
  events: LifelineEvent[];
  summary: SummaryFold;
  series: SeriesFold;
}

const emptyRun = (): RunData => ({ events: [], summary: new SummaryFold(), series: new SeriesFold() });

export type { TimeWindow } from '../../shared/chart-view.ts';
import type { TimeWindow } from '../../shared/chart-view.ts';

export interface LifelineState {
  presets: readonly Scenario[];
  presetName: string;
  /** The scenario being edited, as the user typed it (validated on every change). */
  draft: unknown;
  scenario: Scenario | null;
  formError: string | null;
  mode: 'fast' | 'realtime';
  speed: number;
  status: RunStatus;
  runId: number;
  virtualMs: number;
  error: string | null;
  data: RunData;
  version: number;
  summary: Summary | null;
  window: TimeWindow | null;
  kinds: Set<EventKind>;
  hops: Set<Hop>;
  projector: boolean;
  help: boolean;
  notice: string | null;

  init(): Promise<void>;
  choosePreset(name: string): void;
  setDraft(draft: unknown): void;
  setMode(mode: 'fast' | 'realtime'): void;
  setSpeed(speed: number): void;
  start(): Promise<void>;
  togglePause(): Promise<void>;
  stop(): Promise<void>;
  act(action: TimelineActionName): Promise<void>;
  setWindow(w: TimeWindow | null): void;
  toggleKind(k: EventKind): void;
  toggleHop(h: Hop): void;
  setProjector(on: boolean): void;
  setHelp(on: boolean): void;
  openScenario(): Promise<void>;
  loadScenario(s: Scenario, from: string): void;
  saveScenario(): Promise<void>;
  saveSummary(): Promise<void>;
  newRun(): void;
}

function check(draft: unknown): { scenario: Scenario | null; formError: string | null } {
  try {
    return { scenario: validateScenario(draft, 'scenario'), formError: null };
  } catch (e) {
    return { scenario: null, formError: e instanceof ScenarioError ? e.message : String(e) };
  }
}

export const useStore = create<LifelineState>()((set, get) => ({
  presets: [],
  presetName: '',
  draft: null,
  scenario: null,
  formError: null,
  mode: 'fast',
  speed: 60,
  status: 'idle',
  runId: 0,
  virtualMs: 0,
  error: null,
  data: emptyRun(),
  version: 0,
  summary: null,
  window: null,
  kinds: new Set(),
  hops: new Set(),
  projector: false,
  help: false,
  notice: null,

  async init() {
    // Batches are folded as they arrive, but React hears about them once per animation frame:
    // at 3600× or in fast mode, messages come faster than frames.
    let pending: Partial<LifelineState> | null = null;
    const publish = (patch: Partial<LifelineState>) => {
      if (!pending) {
        pending = {};
        requestAnimationFrame(() => {
          const p = pending!;
          pending = null;
          set({ ...p, version: get().version + 1 });
        });
      }
      Object.assign(pending, patch);
    };
    api.on('run.events', ({ runId, events, virtualMs }) => {
      if (runId !== get().runId) return;
      const d = get().data;
      for (const e of events) {
        d.events.push(e);
        d.summary.push(e);
        d.series.push(e, d.summary);
      }
      publish({ summary: d.summary.result(), virtualMs });
    });
    api.on('run.status', (m) => {
      if (m.runId !== get().runId) return;
      publish({ status: m.status, virtualMs: m.virtualMs, error: m.error ?? null, ...(m.summary ? { summary: m.summary } : {}) });
    });
    const presets = await api.invoke('presets.list', null);
    set({ presets });
    if (presets[0]) get().choosePreset(presets[0].name);
  },

  choosePreset(name) {
    const p = get().presets.find((x) => x.name === name);
    if (p) set({ presetName: name, draft: structuredClone(p), ...check(p) });
  },

  setDraft(input) {
    const draft = asEdited(input, get().presets.find((p) => p.name === get().presetName));
    set({ draft, ...check(draft) });
  },

  setMode(mode) {
    set({ mode });
  },

  setSpeed(speed) {
    set({ speed });
    if (get().status === 'running' || get().status === 'paused') void api.invoke('run.speed', { speed });
  },

  async start() {
    const { scenario, mode, speed } = get();
    if (!scenario) return;
    const r = await api.invoke('run.start', { scenario, mode, speed });
    if (!r.ok) return set({ error: r.error });
    set({ runId: r.value.runId, status: 'running', data: emptyRun(), version: get().version + 1, summary: null, window: null, error: null, virtualMs: 0 });
  },

  async togglePause() {
    const s = get().status;
    if (s === 'running') await api.invoke('run.pause', null);
    else if (s === 'paused') await api.invoke('run.resume', null);
    else await get().start();
  },

  async stop() {
    await api.invoke('run.stop', null);
  },

  async act(action) {
    // The action lands at the virtual time on screen when it was asked for (realtime).
    const r = await api.invoke('run.act', { action, atMs: get().virtualMs });
    if (!r.ok) set({ notice: `${action}: ${r.error}` });
  },

  setWindow(window) {
    set({ window });
  },

  toggleKind(k) {
    const kinds = new Set(get().kinds);
    if (kinds.has(k)) kinds.delete(k);
    else kinds.add(k);
    set({ kinds });
  },

  toggleHop(h) {
    const hops = new Set(get().hops);
    if (hops.has(h)) hops.delete(h);
    else hops.add(h);
    set({ hops });
  },

  setProjector(projector) {
    set({ projector });
  },

  setHelp(help) {
    set({ help });
  },

  async openScenario() {
    const r = await api.openScenarioFile();
    if (!r) return;
    if (!r.ok) return set({ notice: r.error });
    get().loadScenario(r.value.scenario, r.value.name);
  },

  loadScenario(s, from) {
    set({ presetName: '', draft: structuredClone(s), ...check(s), notice: `opened ${from}` });
  },

  async saveScenario() {
    const { draft, scenario } = get();
    if (!scenario) return set({ notice: 'fix the scenario before saving it' });
    const r = await api.saveFile(`${fileStem(scenario.name)}.json`, JSON.stringify(draft, null, 2) + '\n');
    if (r) set({ notice: r.ok ? `saved ${r.value}` : r.error });
  },

  async saveSummary() {
    const { summary } = get();
    if (!summary) return set({ notice: 'run a scenario first: there is no summary yet' });
    const r = await api.saveFile(`${fileStem(summary.scenario)}-summary.json`, JSON.stringify(summary, null, 2) + '\n');
    if (r) set({ notice: r.ok ? `saved ${r.value}` : r.error });
  },

  newRun() {
    void api.invoke('run.stop', null);
    // A run id no host will use: late batches of the stopped run are ignored.
    set({ runId: -1, status: 'idle', data: emptyRun(), summary: null, window: null, version: get().version + 1, virtualMs: 0 });
  },
}));
