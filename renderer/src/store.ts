// The renderer's one store (zustand), fed by event batches. The folds from shared/ do the work;
// big arrays are mutated in place and `version` tells React that something changed.
import { create, createStore, useStore as useZustand, type StoreApi } from 'zustand';
import { api } from './bridge/index.ts';
import type { EventKind, Hop, LifelineEvent, TimelineActionName } from '../../shared/log/events.ts';
import { ScenarioError, validateScenario, type Scenario } from '../../shared/scenario/scenario.ts';
import { parseServerUrl, ServerUrlError, type ServerChoice } from '../../shared/scenario/own-server.ts';
import type { Result } from '../../shared/contract/contract.ts';
import { asEdited, fileStem } from '../../shared/scenario/edited-preset.ts';
import { RecordedPlayer, type RecordedSource } from '../../shared/player/recorded-player.ts';
import type { PlayerState, Ticker } from '../../shared/player/player.ts';
import { createView, selectSummary, type ViewState, type ViewStore } from './player/view-store.ts';
import { LivePlayer } from './player/live-player.ts';
import { LoadingPlayer } from './player/loading-player.ts';
import { loadHostSession, openPickedFile, pickFile } from './player/open-file.ts';
import type { LessonMoment } from '../../shared/folds/lesson/moments.ts';
import { fileCaptureReader, forgetCapture, hostCaptureReader, looksLikeCapture, openCapture, type CaptureReader } from './player/capture-source.ts';

export type { TimeWindow } from '../../shared/view/chart-view.ts';

/** Playback of recorded sessions runs on the page's clock. */
const pageTicker: Ticker = {
  now: () => performance.now(),
  every: (ms, fn) => {
    const h = setInterval(fn, ms);
    return () => clearInterval(h);
  },
};

/** Lesson mode: the run on screen told as a story, one moment at a time (renderer/src/lesson.ts). */
export interface LessonState {
  moments: LessonMoment[];
  index: number;
}

/**
 * The server a run uses (docs/own-server.md): the built-in one, or your own with its URL. Kept
 * apart from the scenario, so saving a scenario never writes a URL's password to a file.
 */
export interface ServerForm {
  choice: ServerChoice;
  url: string;
  /** Typed apart from the URL so it never shows on screen (a projector); it joins the URL's user name. */
  password: string;
  /** WebSocket only: the push endpoint; empty = pushes off. */
  pushUrl: string;
}

/** The form's server as run.start takes it, or an error naming the field; null for the built-in server. */
export function serverRequest(f: ServerForm): { url: string; pushUrl?: string } | null | { error: string } {
  if (f.choice === 'built-in') return null;
  try {
    const typed = parseServerUrl(f.url, 'server URL', [f.choice]);
    let url = f.url.trim();
    if (f.password !== '') {
      if (typed.username === undefined) return { error: 'password: give the user name in the URL too (mqtt://USER@HOST:PORT)' };
      if (typed.password !== undefined) return { error: 'password: the URL has one already' };
      url = url.replace('@', `:${encodeURIComponent(f.password)}@`);
    }
    const push = f.choice === 'ws' && f.pushUrl.trim() !== '' ? f.pushUrl.trim() : undefined;
    if (push !== undefined) parseServerUrl(push, 'push endpoint', ['ws']);
    return { url, ...(push !== undefined ? { pushUrl: push } : {}) };
  } catch (e) {
    if (e instanceof ServerUrlError) return { error: e.message };
    throw e;
  }
}

export interface LifelineState {
  presets: readonly Scenario[];
  presetName: string;
  /** The scenario being edited, as the user typed it (validated on every change). */
  draft: unknown;
  scenario: Scenario | null;
  /** Why the draft is refused, one "path: message" per field (the CLI's words), for the form to show at each field. */
  formIssues: readonly string[];
  mode: 'fast' | 'realtime';
  speed: number;
  server: ServerForm;
  /** The live run's own server, as shown (no password); null for the built-in server. */
  runServer: string | null;
  /**
   * The live run's player. Its status, clock and summary are read from its view (useLive), never
   * copied here: the engine's word reaches the controls and the views by one path.
   */
  live: LivePlayer | null;
  error: string | null;
  /** One view per source: the live run and every session opened. */
  views: Map<string, ViewStore>;
  /** The view on screen, or two side by side. */
  active: string | null;
  compare: [string, string] | null;
  kinds: Set<EventKind>;
  hops: Set<Hop>;
  projector: boolean;
  help: boolean;
  notice: string | null;
  /**
   * The capture on screen (its file name) while no scenario has been chosen since it opened: the
   * sidebar says so rather than show the last preset as if it were loaded.
   */
  capture: string | null;
  /** The main area: the run inspector, or the Sweep view. */
  view: 'run' | 'sweep';
  lesson: LessonState | null;

  init(): Promise<void>;
  choosePreset(name: string): void;
  setDraft(draft: unknown): void;
  setMode(mode: 'fast' | 'realtime'): void;
  setSpeed(speed: number): void;
  setServer(patch: Partial<ServerForm>): void;
  start(): Promise<void>;
  togglePause(): Promise<void>;
  stop(): Promise<void>;
  act(action: TimelineActionName): Promise<void>;
  openRecorded(src: RecordedSource): string;
  /** A picked or dropped file: a session opens for replay, a scenario in the editor. */
  openFile(file: File): Promise<void>;
  /** A session the host knows (command line, data folder, native dialog). */
  openHostSession(id: string): Promise<boolean>;
  /** A pcap/pcapng as a capture view (renderer/src/player/capture-source.ts). */
  openCaptureSource(reader: CaptureReader, name: string, sourceId: string): Promise<void>;
  /** A capture the host knows (command line, native dialog). */
  openHostCapture(id: string, name: string): Promise<void>;
  /** Shown while a big session loads. */
  loading: string | null;
  /** How much of it has loaded (0..1), while `loading`. */
  loadProgress: number | null;
  openCompare(a: RecordedSource, b: RecordedSource): void;
  /** Shows an open source (the list of open sources). */
  showSource(id: string): void;
  /** Closes an open source: its player stops, its view and its capture data go (their memory is freed). */
  closeSource(id: string): void;
  closeCompare(): void;
  /** Runs two presets (fast) and compares them: "broken vs fixed" in one click. */
  comparePresets(broken: string, fixed: string): Promise<void>;
  /** Loads a recorded session's scenario and runs it again. */
  rerunSession(id: string): Promise<void>;
  toggleKind(k: EventKind): void;
  toggleHop(h: Hop): void;
  setProjector(on: boolean): void;
  setHelp(on: boolean): void;
  openScenario(): Promise<void>;
  loadScenario(s: Scenario, from: string): void;
  saveScenario(): Promise<void>;
  saveSummary(): Promise<void>;
  newRun(): void;
  setView(view: 'run' | 'sweep'): void;
}

function check(draft: unknown): { scenario: Scenario | null; formIssues: readonly string[] } {
  try {
    return { scenario: validateScenario(draft, 'scenario'), formIssues: [] };
  } catch (e) {
    return { scenario: null, formIssues: e instanceof ScenarioError ? e.issues : [String(e)] };
  }
}

/** A recording or capture left for another source stops playing behind it. */
function pauseReplay(view: ViewStore | undefined): void {
  const v = view?.getState();
  if (v?.playback?.capabilities.includes('seek') && v.playback.status === 'running') v.player.pause();
}

/** The views without the live run's (its player closed). */
function dropView(views: Map<string, ViewStore>, live: LivePlayer | null): Map<string, ViewStore> {
  const next = new Map(views);
  if (!live) return next;
  next.get(live.sourceId)?.getState().player.close();
  next.delete(live.sourceId);
  return next;
}

/** A control's answer from the engine: a refusal is shown, never dropped. */
function shown(what: string, r: Result<null>): void {
  if (!r.ok) useStore.setState({ notice: `${what}: ${r.error}` });
}

export const useStore = create<LifelineState>()((set, get) => ({
  presets: [],
  presetName: '',
  draft: null,
  scenario: null,
  formIssues: [],
  mode: 'fast',
  speed: 60,
  server: { choice: 'built-in', url: '', password: '', pushUrl: '' },
  runServer: null,
  live: null,
  error: null,
  loading: null,
  loadProgress: null,
  views: new Map(),
  active: null,
  compare: null,
  kinds: new Set(),
  hops: new Set(),
  projector: false,
  help: false,
  notice: null,
  capture: null,
  view: 'run',
  lesson: null,

  async init() {
    const presets = await api.invoke('presets.list', null);
    set({ presets });
    if (presets[0]) get().choosePreset(presets[0].name);
    // Sessions named on the command line: one opens for replay, two side by side.
    const { sessions } = await api.invoke('session.startup', null);
    const capture = sessions.find((s) => s.kind === 'capture');
    if (capture) return get().openHostCapture(capture.id, capture.name);
    if (sessions.length === 2) {
      const [a, b] = await Promise.all(sessions.map((s) => loadHostSession(s.id)));
      if (a!.ok && b!.ok) get().openCompare(a!.value.source, b!.value.source);
      else set({ notice: [a, b].map((r) => (r && !r.ok ? r.error : '')).join(' ') });
    } else if (sessions[0]) await get().openHostSession(sessions[0].id);
  },

  choosePreset(name) {
    const p = get().presets.find((x) => x.name === name);
    if (p) set({ presetName: name, draft: structuredClone(p), capture: null, ...check(p) });
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
    const live = get().live;
    if (live && isGoing(liveState())) void live.setSpeed(speed).then((r) => shown('speed', r));
  },

  setServer(patch) {
    set({ server: { ...get().server, ...patch } });
  },

  async start() {
    const { scenario } = get();
    if (!scenario) return;
    const server = serverRequest(get().server);
    if (server && 'error' in server) return set({ error: server.error });
    // A real server keeps wall-clock time: realtime at 1× (OWN_SERVER_TIME).
    const [mode, speed] = server ? (['realtime', 1] as const) : [get().mode, get().speed];
    const r = await api.invoke('run.start', { scenario, mode, speed, ...(server ? { server } : {}) });
    if (!r.ok) return set({ error: r.error });
    const views = dropView(get().views, get().live);
    pauseReplay(activeView());
    const player = new LivePlayer(r.value.runId, scenario, mode === 'realtime' ? speed : 1, server !== null);
    views.set(player.sourceId, createView(player));
    set({ live: player, runServer: server ? parseServerUrl(server.url).display : null, views, active: player.sourceId, compare: null, error: null, notice: null, capture: null, lesson: null });
  },

  async togglePause() {
    const live = get().live;
    const s = liveState()?.status;
    if (live && s === 'running') shown('pause', await live.pause());
    else if (live && s === 'paused') shown('resume', await live.play());
    else await get().start();
  },

  async stop() {
    const live = get().live;
    if (live) shown('stop', await live.stop());
  },

  async act(action) {
    const live = get().live;
    if (live) shown(action, await live.act(action));
  },

  openRecorded(src) {
    const views = new Map(get().views);
    const other = src.sourceId !== get().active;
    if (other) pauseReplay(activeView());
    views.get(src.sourceId)?.getState().player.close();
    views.set(src.sourceId, createView(new RecordedPlayer(src, pageTicker)));
    // Another source: the previous one's notice goes (the caller says what it has to about this one);
    // the same source re-derived (a capture's connection or NAT timeout) keeps its own.
    set({ views, active: src.sourceId, compare: null, lesson: null, ...(other ? { notice: null, capture: null } : {}) });
    return src.sourceId;
  },

  openCompare(a, b) {
    get().openRecorded(b);
    get().openRecorded(a);
    set({ compare: [a.sourceId, b.sourceId] });
  },

  closeCompare() {
    set({ compare: null });
  },

  showSource(id) {
    if (!get().views.has(id) || id === get().active) return;
    pauseReplay(activeView());
    set({ active: id, compare: null, lesson: null });
  },

  closeSource(id) {
    const views = new Map(get().views);
    const view = views.get(id);
    if (!view) return;
    const live = get().live?.sourceId === id;
    if (live && isGoing(liveState())) void get().stop();
    view.getState().player.close();
    views.delete(id);
    forgetCapture(id);
    const { active, compare } = get();
    const shown = active === id || (compare?.includes(id) ?? false);
    set({ views, ...(live ? { live: null, runServer: null } : {}), ...(shown ? { active: null, compare: null, lesson: null, capture: null } : {}) });
  },

  async comparePresets(broken, fixed) {
    const sources: RecordedSource[] = [];
    for (const name of [broken, fixed]) {
      const scenario = get().presets.find((p) => p.name === name);
      if (!scenario) return set({ notice: `no preset ${name}` });
      set({ loading: `running ${name}…` });
      const r = await api.invoke('run.start', { scenario, mode: 'fast', speed: 1 });
      if (!r.ok) return set({ loading: null, notice: r.error });
      const player = new LivePlayer(r.value.runId, scenario, 1);
      const events = await new Promise<LifelineEvent[] | string>((resolve) =>
        player.setListener((st, folds) => {
          if (st.status === 'done') resolve(folds.events);
          else if (st.status === 'failed') resolve(st.error ?? 'run failed');
        }),
      );
      player.close();
      if (typeof events === 'string') return set({ loading: null, notice: `${name}: ${events}` });
      sources.push({ sourceId: `preset:${name}`, name, scenario, events });
    }
    set({ loading: null });
    get().openCompare(sources[0]!, sources[1]!);
  },

  async rerunSession(id) {
    const r = await api.invoke('session.read', { id, offset: 0 });
    if (!r.ok) return set({ notice: r.error });
    get().loadScenario(r.value.scenario, r.value.name);
    await get().start();
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

  async openCaptureSource(reader, name, sourceId) {
    const label = `opening ${name}…`;
    showLoadProgress(label, 0);
    const r = await openCapture(reader, sourceId, (f) => showLoadProgress(label, f));
    set({ loading: null, loadProgress: null });
    if (!r.ok) return set({ notice: r.error });
    get().openRecorded(r.value.source);
    set({ notice: r.value.warning ?? `opened ${name}`, capture: name });
  },

  async openHostCapture(id, name) {
    await get().openCaptureSource(hostCaptureReader(id), name, id);
  },

  async openFile(file) {
    if (await looksLikeCapture(file)) return get().openCaptureSource(fileCaptureReader(file), file.name, `file:${file.name}:${file.size}:${file.lastModified}`);
    const r = await openPickedFile(file);
    if (!r.ok) return set({ notice: r.error });
    if (r.value.kind === 'scenario') return get().loadScenario(r.value.scenario, r.value.name);
    get().openRecorded(r.value.source);
    set({ notice: r.value.warnings.join(' ') || `opened ${r.value.source.name}` });
  },

  async openHostSession(id) {
    const before = get().active;
    set({ loading: 'opening session…', loadProgress: 0 });
    // What has loaded is drawn as it comes (a LoadingPlayer over the growing folds): at once, then
    // every quarter, as a redraw of a big session costs a frame or more.
    let partial: LoadingPlayer | null = null;
    let drawn = -1;
    // The bar moves once per percent: nothing re-renders a hundred times a second.
    const r = await loadHostSession(
      id,
      (done, total) => {
        const p = Math.floor((100 * done) / Math.max(1, total)) / 100;
        if (p === get().loadProgress) return;
        set({ loadProgress: p });
        if (drawn < 0 || Math.floor(p * 4) > drawn) {
          drawn = Math.floor(p * 4);
          partial?.grew(total);
        }
      },
      (name, scenario, folded) => {
        partial = new LoadingPlayer(id, name, scenario, folded.full);
        const views = new Map(get().views);
        views.get(id)?.getState().player.close();
        views.set(id, createView(partial));
        set({ views, active: id, compare: null, lesson: null, notice: null, capture: null, loading: `opening ${name}…` });
      },
    );
    set({ loading: null, loadProgress: null });
    if (!r.ok) {
      const views = new Map(get().views);
      if (partial) {
        views.get(id)?.getState().player.close();
        views.delete(id);
      }
      set({ notice: r.error, views, active: partial ? (before !== id ? before : null) : get().active });
      return false;
    }
    get().openRecorded(r.value.source);
    set({ notice: r.value.warnings.join(' ') || `opened ${r.value.source.name}` });
    return true;
  },

  async openScenario() {
    if (api.host === 'browser') {
      const f = await pickFile('.json,.jsonl,.pcap,.pcapng,.cap,application/json,application/vnd.tcpdump.pcap');
      if (f) await get().openFile(f);
      return;
    }
    const r = await api.openScenarioFile();
    if (!r) return;
    if (!r.ok) return set({ notice: r.error });
    get().loadScenario(r.value.scenario, r.value.name);
  },

  loadScenario(s, from) {
    set({ presetName: '', draft: structuredClone(s), ...check(s), capture: null, notice: `opened ${from}` });
  },

  async saveScenario() {
    const { draft, scenario } = get();
    if (get().capture !== null) return set({ notice: 'a capture is open, not a scenario: choose a preset or open a scenario to save one' });
    if (!scenario) return set({ notice: 'fix the scenario before saving it' });
    const r = await api.saveFile(`${fileStem(scenario.name)}.json`, JSON.stringify(draft, null, 2) + '\n');
    if (r) set({ notice: r.ok ? `saved ${r.value}` : r.error });
  },

  async saveSummary() {
    const view = liveView()?.getState();
    const summary = view ? selectSummary(view) : null;
    if (!summary) return set({ notice: 'run a scenario first: there is no summary yet' });
    const r = await api.saveFile(`${fileStem(summary.scenario)}-summary.json`, JSON.stringify(summary, null, 2) + '\n');
    if (r) set({ notice: r.ok ? `saved ${r.value}` : r.error });
  },

  setView(view) {
    // A notice is about what the tab showed ("opened live.pcap"): it does not follow to another tab.
    set(get().view === view ? { view } : { view, notice: null });
  },

  newRun() {
    // The live player closes with its view: late batches of the stopped run reach no one.
    if (isGoing(liveState())) void get().stop();
    set({ live: null, runServer: null, views: dropView(get().views, get().live), active: null, compare: null, error: null, notice: null, capture: null, lesson: null });
  },
}));

/** `label` in the load bar at `fraction` (0..1), moved once per percent: nothing re-renders a hundred times a second. */
export function showLoadProgress(label: string, fraction: number): void {
  const p = Math.floor(100 * fraction) / 100;
  const s = useStore.getState();
  if (p !== s.loadProgress || label !== s.loading) useStore.setState({ loading: label, loadProgress: p });
}

/** The view on screen (a compare's first view when two are side by side), if any. */
export function activeView(): ViewStore | undefined {
  const s = useStore.getState();
  return s.active ? s.views.get(s.active) : undefined;
}

/** The live run's view, if a run was started (it stays after the run ends, until File → New run). */
export function liveView(): ViewStore | undefined {
  const s = useStore.getState();
  return s.live ? s.views.get(s.live.sourceId) : undefined;
}

/** The live run's player state as on screen (its view's), or null before the first run. */
export function liveState(): PlayerState | null {
  return liveView()?.getState().playback ?? null;
}

/** A run still going: the run controls pause, resume and stop it. */
export const isGoing = (p: PlayerState | null | undefined): boolean => p?.status === 'running' || p?.status === 'paused';

const NO_VIEW = createStore<ViewState | null>()(() => null);

/** A value of the live run's view (null before the first run): the controls read what the views read. */
export function useLive<T>(select: (v: ViewState | null) => T): T {
  const view = useStore((s) => (s.live ? s.views.get(s.live.sourceId) : undefined));
  return useZustand<StoreApi<ViewState | null>, T>(view ?? NO_VIEW, select);
}
