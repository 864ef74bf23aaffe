// The renderer's one store (zustand): the form, the page's settings, and the registry of open
// sources — one view per source, fed by its player. A source's own state (status, clock, summary,
// progress, problems) is its player's, read from its view, never copied here.
import { create, createStore, useStore as useZustand, type StoreApi } from 'zustand';
import { api } from './bridge/index.ts';
import type { EventKind, Hop, LifelineEvent, TimelineActionName } from '../../shared/log/events.ts';
import { ScenarioError, validateScenario, type Scenario } from '../../shared/scenario/scenario.ts';
import { parseServerUrl, ServerUrlError, type ServerChoice } from '../../shared/scenario/own-server.ts';
import { asEdited, fileStem } from '../../shared/scenario/edited-preset.ts';
import { RecordedPlayer, type RecordedOptions, type RecordedSource } from '../../shared/player/recorded-player.ts';
import type { LoadProgress, PlayerState, SourceKind, Ticker } from '../../shared/player/player.ts';
import { createView, selectSummary, type ViewState, type ViewStore } from './player/view-store.ts';
import { LivePlayer } from './player/live-player.ts';
import { LoadingPlayer } from './player/loading-player.ts';
import { hostSessionChunks, loadSession, looksLikeSessionFile, openPickedScenario, pickedSessionChunks, pickFile, type SessionChunks } from './player/open-file.ts';
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
  // The event table's filters are the reader's, not a source's: they stay while a new run starts
  // or another source is shown (a query typed as Run is clicked is not lost to the new view).
  kinds: Set<EventKind>;
  hops: Set<Hop>;
  /** The event table's search: matched against each event's kind and details. */
  eventQuery: string;
  projector: boolean;
  help: boolean;
  /**
   * What the page has to say: a file opened, one that did not open, a save. Never a source's own
   * problems (lines skipped, a refused control): those are in its player's state, shown with it.
   */
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
  /**
   * Shows a recorded source in a view of its own: `opts` says its kind and problems; without them a
   * source re-derived in its own slot (a capture's connection or NAT timeout) keeps those it had.
   * `'finished'`: it finished opening or re-deriving in the background, so if another source was
   * put on screen meanwhile, it stays behind that one.
   */
  openRecorded(src: RecordedSource, opts?: Pick<RecordedOptions, 'kind' | 'problems'>, place?: 'front' | 'finished'): string;
  /** A picked or dropped file: a session opens for replay, a scenario in the editor. */
  openFile(file: File): Promise<void>;
  /** A session the host knows (command line, data folder, native dialog). */
  openHostSession(id: string): Promise<boolean>;
  /** A pcap/pcapng as a capture view (renderer/src/player/capture-source.ts). */
  openCaptureSource(reader: CaptureReader, name: string, sourceId: string): Promise<void>;
  /** A capture the host knows (command line, native dialog). */
  openHostCapture(id: string, name: string): Promise<void>;
  openCompare(a: RecordedSource, b: RecordedSource, kind: SourceKind): void;
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
  setEventQuery(q: string): void;
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

/**
 * A source while it opens (a LoadingPlayer: its progress is in its state), shown at once in place of
 * any view of the same source. The previous source's notice goes: this one says what it has to.
 */
function showLoading(player: LoadingPlayer): void {
  const views = new Map(useStore.getState().views);
  views.get(player.sourceId)?.getState().player.close();
  const view = createView(player);
  views.set(player.sourceId, view);
  useStore.setState({ views, active: player.sourceId, compare: null, lesson: null, notice: null, capture: captureOnScreen(view) });
}

/** The sidebar's name for a capture on screen (a capture's view, loading or open), else null. */
function captureOnScreen(view: ViewStore): string | null {
  const p = view.getState().playback;
  return p?.kind === 'capture' ? p.name : null;
}

/** The source is still opening in its view: not closed (or opened again) meanwhile, else it does not open after all. */
const isOpening = (player: LoadingPlayer): boolean => useStore.getState().views.get(player.sourceId)?.getState().player === player;

/**
 * A source that did not open: its view goes (and a capture's reader), the source shown before comes
 * back, and the notice says why. If that one is gone too (it was another file that failed to open
 * meanwhile), the last source opened that is still open comes back.
 */
function dropLoading(id: string, before: string | null, notice: string | null): void {
  const { views: all, active } = useStore.getState();
  const views = new Map(all);
  views.get(id)?.getState().player.close();
  views.delete(id);
  forgetCapture(id);
  // Dropped behind another source put on screen meanwhile: that one stays.
  const shown = active !== id ? active : before !== null && views.has(before) ? before : lastOpen(views);
  useStore.setState({ views, active: shown, notice });
}

/** The source opened last of those open (not loading), if any: views keep the order they were opened in. */
function lastOpen(views: ReadonlyMap<string, ViewStore>): string | null {
  let last: string | null = null;
  for (const [id, view] of views) if (!(view.getState().player instanceof LoadingPlayer)) last = id;
  return last;
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
  views: new Map(),
  active: null,
  compare: null,
  kinds: new Set(),
  hops: new Set(),
  eventQuery: '',
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
      const [a, b] = await Promise.all(sessions.map((s) => loadSession(s.id, hostSessionChunks(s.id))));
      if (a!.ok && b!.ok) get().openCompare(a!.value.source, b!.value.source, 'session');
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
    if (live && isGoing(liveState())) void live.setSpeed(speed);
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
    // A refusal is the live source's problem (LivePlayer), shown with it.
    if (live && s === 'running') await live.pause();
    else if (live && s === 'paused') await live.play();
    else await get().start();
  },

  async stop() {
    await get().live?.stop();
  },

  async act(action) {
    await get().live?.act(action);
  },

  openRecorded(src, opts, place = 'front') {
    const views = new Map(get().views);
    const other = src.sourceId !== get().active;
    const view = views.get(src.sourceId);
    const was = view?.getState();
    const kept = was?.playback ? { kind: was.playback.kind, problems: was.playback.problems } : {};
    const player = new RecordedPlayer(src, pageTicker, opts ?? kept);
    // A source that finished loading keeps its view (what was drawn while it loaded stays mounted).
    if (was?.player instanceof LoadingPlayer) was.handOver(player);
    else {
      was?.player.close();
      views.set(src.sourceId, createView(player));
    }
    // One that finished (loading, or a capture re-deriving) behind another source put on screen
    // meanwhile stays behind it. A compare's two sources come to the front, views or not.
    if (place === 'finished' && was && other && get().active !== null) {
      set({ views });
      return src.sourceId;
    }
    if (other) pauseReplay(activeView());
    // Another source: the previous one's notice goes (the caller says what it has to about this one);
    // the same source re-derived (a capture's connection or NAT timeout) keeps its own.
    set({ views, active: src.sourceId, compare: null, lesson: null, ...(other ? { notice: null, capture: null } : {}) });
    return src.sourceId;
  },

  openCompare(a, b, kind) {
    get().openRecorded(b, { kind });
    get().openRecorded(a, { kind });
    set({ compare: [a.sourceId, b.sourceId] });
  },

  closeCompare() {
    set({ compare: null });
  },

  showSource(id) {
    const view = get().views.get(id);
    if (!view || id === get().active) return;
    pauseReplay(activeView());
    // A capture switched to from the Open list is the capture on screen, as when it was opened.
    set({ active: id, compare: null, lesson: null, capture: captureOnScreen(view) });
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
    // The pair is a source while its runs are made: listed, with its progress, until the compare opens.
    const id = `compare:${broken}:${fixed}`;
    const before = get().active;
    const making = new LoadingPlayer(id, 'compare', `${broken} vs ${fixed}`, { label: `running ${broken}…`, fraction: null });
    showLoading(making);
    // A failure drops the pair's source and says why; one closed meanwhile stays closed.
    const fail = (why: string) => void (isOpening(making) && dropLoading(id, before, why));
    for (const name of [broken, fixed]) {
      const scenario = get().presets.find((p) => p.name === name);
      if (!scenario) return fail(`no preset ${name}`);
      making.setProgress({ label: `running ${name}…`, fraction: null });
      const r = await api.invoke('run.start', { scenario, mode: 'fast', speed: 1 });
      if (!r.ok) return fail(r.error);
      const player = new LivePlayer(r.value.runId, scenario, 1);
      const events = await new Promise<LifelineEvent[] | string>((resolve) =>
        player.setListener((st, folds) => {
          if (st.status === 'done') resolve(folds.events);
          else if (st.status === 'failed') resolve(st.error ?? 'run failed');
        }),
      );
      player.close();
      if (typeof events === 'string') return fail(`${name}: ${events}`);
      sources.push({ sourceId: `preset:${name}`, name, scenario, events });
    }
    if (!isOpening(making)) return;
    dropLoading(id, null, null);
    get().openCompare(sources[0]!, sources[1]!, 'compare');
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

  setEventQuery(eventQuery) {
    set({ eventQuery });
  },

  setProjector(projector) {
    set({ projector });
  },

  setHelp(help) {
    set({ help });
  },

  async openCaptureSource(reader, name, sourceId) {
    const before = get().active;
    const label = `opening ${name}…`;
    const loading = new LoadingPlayer(sourceId, 'capture', name, { label, fraction: 0 });
    showLoading(loading);
    // The same capture open already (picked again): its view is the loading one now, so its reader goes.
    forgetCapture(sourceId);
    const r = await openCapture(reader, sourceId, (f) => showProgress(sourceId, { label, fraction: f }));
    if (!isOpening(loading)) return;
    if (!r.ok) return dropLoading(sourceId, before, r.error);
    const warning = r.value.warning;
    get().openRecorded(r.value.source, { kind: 'capture', problems: warning ? [warning] : [] }, 'finished');
    // Opened behind another source put on screen meanwhile: the sidebar and notice stay that one's.
    if (get().active === sourceId) set({ notice: warning ? null : `opened ${name}`, capture: name });
  },

  async openHostCapture(id, name) {
    await get().openCaptureSource(hostCaptureReader(id), name, id);
  },

  async openFile(file) {
    const sourceId = `file:${file.name}:${file.size}:${file.lastModified}`;
    if (await looksLikeCapture(file)) return get().openCaptureSource(fileCaptureReader(file), file.name, sourceId);
    if (await looksLikeSessionFile(file)) {
      const chunks = pickedSessionChunks(file);
      try {
        await openStreamedSession(sourceId, chunks, file.name);
      } finally {
        chunks.close();
      }
      return;
    }
    const r = await openPickedScenario(file);
    if (!r.ok) return set({ notice: r.error });
    get().loadScenario(r.value.scenario, r.value.name);
  },

  openHostSession: (id) => openStreamedSession(id, hostSessionChunks(id)),

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
    // What the cards on screen show: the live run's once it ended, or a session's at its cursor.
    if (get().compare !== null) return set({ notice: 'a compare is on screen: show one of its runs to save its summary' });
    const view = activeView()?.getState();
    if (view?.playback?.kind === 'capture') return set({ notice: 'a capture has no run summary: its figures are in the capture panel' });
    const summary = view && hasSavedSummary(view) ? selectSummary(view) : null;
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

/**
 * A source's load bar (its player's progress; null: done). The fraction moves once per percent:
 * nothing re-renders a hundred times a second.
 */
export function showProgress(sourceId: string, progress: LoadProgress | null): void {
  const p = progress?.fraction != null ? { ...progress, fraction: Math.floor(100 * progress.fraction) / 100 } : progress;
  useStore.getState().views.get(sourceId)?.getState().player.setProgress(p);
}

/**
 * Opens a session read in chunks (from the host, or a picked file's reader): the source is listed
 * and its bar shown at once, named `name` until its header is read. False if it failed or was closed
 * while it loaded.
 */
async function openStreamedSession(id: string, chunks: SessionChunks, name = id): Promise<boolean> {
  const before = useStore.getState().active;
  // The source is listed and its bar shown at once; once its header is read, what has loaded is
  // drawn as it comes (a LoadingPlayer over the growing folds): at once, then every quarter, as a
  // redraw of a big session costs a frame or more.
  let label = 'opening session…';
  let partial = new LoadingPlayer(id, 'session', name, { label, fraction: 0 });
  showLoading(partial);
  let drawn = -1;
  const r = await loadSession(id, chunks, {
    progress: (done, total) => {
      const fraction = done / Math.max(1, total);
      showProgress(id, { label, fraction });
      if (drawn < 0 || Math.floor(fraction * 4) > drawn) {
        drawn = Math.floor(fraction * 4);
        partial.grew(total);
      }
    },
    start: (headerName, scenario, folded) => {
      label = `opening ${headerName}…`;
      const named = new LoadingPlayer(id, 'session', headerName, { label, fraction: 0 }, scenario, folded.full);
      // The same view, handed over: a source put on screen meanwhile stays on screen.
      if (isOpening(partial)) useStore.getState().views.get(id)!.getState().handOver(named);
      partial = named;
    },
    wanted: () => isOpening(partial),
  });
  if (!isOpening(partial)) return false;
  if (!r.ok) {
    dropLoading(id, before, r.error);
    return false;
  }
  openSession(r.value.source, r.value.warnings);
  return true;
}

/** A session read: replayed in its view, what its reader tolerated as its problems. */
function openSession(src: RecordedSource, warnings: readonly string[]): void {
  useStore.getState().openRecorded(src, { kind: 'session', problems: warnings }, 'finished');
  if (useStore.getState().active === src.sourceId) useStore.setState({ notice: warnings.length ? null : `opened ${src.name}` });
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

/**
 * A session, a capture or a compare is on screen, not the live run (nor nothing): the live run's
 * controls, actions and progress line do not belong beside it.
 */
export const otherSourceOnScreen = (s: LifelineState): boolean => s.compare !== null || (s.active !== null && s.active !== s.live?.sourceId);

/** The live run's player state as on screen (its view's), or null before the first run. */
export function liveState(): PlayerState | null {
  return liveView()?.getState().playback ?? null;
}

/** The view shows a summary to save: a run that ended, or a recorded session (at its cursor); not a capture's figures. */
export const hasSavedSummary = (v: ViewState | null): boolean =>
  !!v?.playback && v.playback.kind !== 'capture' && (v.playback.kind !== 'live' || v.playback.status === 'done');

/** A run still going: the run controls pause, resume and stop it. */
export const isGoing = (p: PlayerState | null | undefined): boolean => p?.status === 'running' || p?.status === 'paused';

const NO_VIEW = createStore<ViewState | null>()(() => null);

/** A value of the view `pick` names in the store (null when there is none). */
function useViewOf<T>(pick: (s: LifelineState) => ViewStore | undefined, select: (v: ViewState | null) => T): T {
  const view = useStore(pick);
  return useZustand<StoreApi<ViewState | null>, T>(view ?? NO_VIEW, select);
}

/** A value of the live run's view (null before the first run): the controls read what the views read. */
export const useLive = <T,>(select: (v: ViewState | null) => T): T => useViewOf((s) => (s.live ? s.views.get(s.live.sourceId) : undefined), select);

/** A value of the view on screen (a compare's first; null when none is). */
export const useShown = <T,>(select: (v: ViewState | null) => T): T => useViewOf((s) => (s.active ? s.views.get(s.active) : undefined), select);
