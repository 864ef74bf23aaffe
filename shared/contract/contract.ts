// The one contract between the renderer and whoever runs the engine: the Electron main process
// (IPC through the preload) or browser mode (a WebSocket). Modelled on GitHub Desktop's typed
// channel maps: every channel is named here with its request and response, and every request is
// validated on arrival, because a renderer is not trusted.
import { z } from 'zod';
import type { LifelineEvent, TimelineActionName } from '../log/events.ts';
import type { SessionInfo } from '../session/session-library.ts';
import type { Scenario } from '../scenario/scenario.ts';
import type { Summary } from '../folds/summary.ts';
import { MAX_SCENARIO_BYTES, TIMELINE_ACTIONS } from '../scenario/scenario.ts';
import { echo } from '../util/one-line.ts';
import { MAX_SPEED } from './speed.ts';

export { MAX_SPEED };
import type { SweepResult } from '../scenario/sweep.ts';
import type { ConnectionInfo, ConnPacket } from '../capture/capture-analysis.ts';
import type { NatAnalysis } from '../capture/nat-timeout-pass.ts';

/** One field swept over a range, from the inspector's Sweep view. */
export interface SweepRequest {
  scenario: unknown;
  field: string;
  from: number;
  to: number;
  step: number;
}

export type RunStatus = 'idle' | 'running' | 'paused' | 'done' | 'failed';

export interface StartRunRequest {
  scenario: unknown;
  mode: 'fast' | 'realtime';
  speed: number;
  /** Your own MQTT broker or WebSocket server instead of the built-in one (docs/own-server.md); realtime at 1× only. */
  server?: { url: string; pushUrl?: string };
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

/** Renderer → engine, each answered once. */
export interface InvokeChannels {
  'presets.list': { req: null; res: readonly Scenario[] };
  'scenario.validate': { req: { scenario: unknown }; res: Result<Scenario> };
  'run.start': { req: StartRunRequest; res: Result<{ runId: number }> };
  'run.pause': { req: null; res: Result<null> };
  'run.resume': { req: null; res: Result<null> };
  'run.stop': { req: null; res: Result<null> };
  'run.speed': { req: { speed: number }; res: Result<null> };
  /** `atMs`: the virtual time the user saw when asking; the action lands there if nothing happened since. */
  'run.act': { req: { action: TimelineActionName; atMs?: number }; res: Result<null> };
  /** A sweep belongs to its client: at most one at a time, stopped by sweep.cancel or when the client goes. */
  'sweep.run': { req: SweepRequest; res: Result<SweepResult> };
  /** Stops this client's sweep: its sweep.run answers "sweep cancelled". */
  'sweep.cancel': { req: null; res: Result<null> };
  /** Sessions named on the command line (`serve A.jsonl [B.jsonl]`, `npm start -- A.jsonl`): two open a compare. */
  'session.startup': { req: null; res: { sessions: { id: string; name: string; kind?: 'capture' }[] } };
  /** A capture the host knows (`serve x.pcapng`, the native dialog): its connections (pass one, on the host). */
  'capture.scan': { req: { id: string }; res: Result<CaptureScan> };
  /** One connection's packets (pass two, on the host), in chunks of CAPTURE_PACKETS_CHUNK. */
  'capture.packets': { req: { id: string; conn: number; offset: number }; res: Result<CapturePackets> };
  /** What one connection proves about the path's NAT timeout, and its cadence (a third pass, on the host). */
  'capture.nat': { req: { id: string; conn: number }; res: Result<NatAnalysis> };
  /** A session's events in chunks (a big session never crosses as one message). */
  'session.read': { req: { id: string; offset: number }; res: Result<SessionChunk> };
  /** The sessions recorded in the data folder, newest first. */
  'session.list': { req: null; res: Result<SessionInfo[]> };
  'session.delete': { req: { id: string }; res: Result<null> };
  'session.rename': { req: { id: string; name: string }; res: Result<SessionInfo> };
}

export interface SessionChunk {
  name: string;
  scenario: Scenario;
  /**
   * The chunk's event lines as they are in the file, joined by "\n": the page parses them with the
   * same SessionParser as any file (re-encoding a million events as JSON cost seconds).
   */
  lines: string;
  /** The file line number of the chunk's first line, for error messages. */
  firstLine: number;
  /** The offset of the next chunk, or null after the last. */
  next: number | null;
  /** Event lines in the file: exact with the last chunk, estimated from the file size before it. */
  total: number;
  warnings: string[];
}

/**
 * A capture's connection table, wherever it was read (the host for its files, the page for a
 * picked one): the same shared passes (shared/capture/capture-passes.ts) fill it.
 */
export interface CaptureScan {
  name: string;
  format: 'pcap' | 'pcapng';
  packets: number;
  connections: ConnectionInfo[];
  /** "file: byte N: reason" where the capture is damaged (what came before is in the table). */
  damage: string | null;
  /** What the reader tolerated and tells, one line each naming file and offset, as `analyze` prints them. */
  warnings: string[];
  /** Wall-clock time (µs since the epoch) of the capture's first TCP packet. */
  firstUs: number;
}

/** A chunk of one connection's packets; `late`: those the reorder window could not put back (lateWarning). */
export interface CapturePackets {
  packets: ConnPacket[];
  next: number | null;
  late: number;
}

/**
 * Packets per capture.packets answer: about 1.4 MB of JSON, which the page decodes in one go (a
 * 5 MB answer of 100,000 packets held it for 70–100 ms), as SESSION_CHUNK below.
 */
export const CAPTURE_PACKETS_CHUNK = 25_000;

/**
 * Events per session.read answer (fewer when its lines pass 4 MB): about 1 MB of JSON, which the page decodes in one go (a 10 MB
 * answer held it for 80 ms and more, a 2.5 MB one 55–67 ms of CPU with its first fold slice); the next answer is on its way
 * while one is parsed.
 */
export const SESSION_CHUNK = 10_000;

/** A session.read answer also ends after this many characters, so a chunk of long lines stays a few MB. */
export const SESSION_CHUNK_CHARS = 4 << 20;

export interface RunStatusMessage {
  runId: number;
  status: RunStatus;
  virtualMs: number;
  summary?: Summary;
  error?: string;
}

/** Engine → renderer. Events arrive in batches (at most ~30 a second), never one per message. */
export interface PushChannels {
  'run.events': { runId: number; events: LifelineEvent[]; virtualMs: number };
  'run.status': RunStatusMessage;
  /** A capture pass on the host: the fraction of the file read. */
  'capture.progress': { id: string; fraction: number };
  /** A sweep's progress: runs done of total. */
  'sweep.progress': { done: number; total: number };
  /** Electron's native menu; browser mode never sends it. */
  'menu.command': MenuCommand;
}

export type InvokeChannel = keyof InvokeChannels;
export type PushChannel = keyof PushChannels;
export type InvokeReq<C extends InvokeChannel> = InvokeChannels[C]['req'];
export type InvokeRes<C extends InvokeChannel> = InvokeChannels[C]['res'];

/**
 * What answers the contract: one handler per channel, keyed by channel (RunHost implements it).
 * A handler that returns the wrong response type fails the typecheck here, not in the renderer.
 */
export type InvokeHandlers = { [C in InvokeChannel]: (req: InvokeReq<C>) => Promise<InvokeRes<C>> };

const speed = z.number().min(1).max(MAX_SPEED);
/** A session id is an opaque token the host handed out: never a path. */
const sessionId = z.string().max(200).regex(/^[\w .():-]+$/);
export const INVOKE_SCHEMAS: { [C in InvokeChannel]: z.ZodType<InvokeChannels[C]['req']> } = {
  'presets.list': z.null(),
  'scenario.validate': z.strictObject({ scenario: z.unknown() }) as z.ZodType<{ scenario: unknown }>,
  'run.start': z.strictObject({
    scenario: z.unknown(), mode: z.enum(['fast', 'realtime']), speed,
    server: z.strictObject({ url: z.string().max(2000), pushUrl: z.string().max(2000).optional() }).optional(),
  }) as z.ZodType<StartRunRequest>,
  'run.pause': z.null(),
  'run.resume': z.null(),
  'run.stop': z.null(),
  'run.speed': z.strictObject({ speed }),
  'run.act': z.strictObject({ action: z.enum(TIMELINE_ACTIONS), atMs: z.number().min(0).optional() }),
  'sweep.run': z.strictObject({ scenario: z.unknown(), field: z.string().max(200), from: z.number(), to: z.number(), step: z.number().positive() }) as z.ZodType<SweepRequest>,
  'sweep.cancel': z.null(),
  'session.startup': z.null(),
  'session.read': z.strictObject({ id: sessionId, offset: z.number().int().min(0) }),
  'capture.scan': z.strictObject({ id: sessionId }),
  'capture.packets': z.strictObject({ id: sessionId, conn: z.number().int().min(1), offset: z.number().int().min(0) }),
  'capture.nat': z.strictObject({ id: sessionId, conn: z.number().int().min(1) }),
  'session.list': z.null(),
  'session.delete': z.strictObject({ id: sessionId }),
  // Not starting with a dot: the file would be hidden (and ".." is no name).
  'session.rename': z.strictObject({ id: sessionId, name: z.string().min(1).max(120).regex(/^(?!\.)[\w .()-]+$/, 'letters a–z, digits, spaces and . _ - ( ) only, not starting with a dot') }),
};

export const INVOKE_CHANNELS = Object.keys(INVOKE_SCHEMAS) as InvokeChannel[];

/** Checks a request from an untrusted sender; the error names the channel and the field. */
export function checkRequest(channel: unknown, payload: unknown): Result<{ channel: InvokeChannel; req: unknown }> {
  // Own keys only: 'toString' or '__proto__' are "in" every object.
  if (typeof channel !== 'string' || !Object.hasOwn(INVOKE_SCHEMAS, channel)) return { ok: false, error: `unknown channel ${echo(JSON.stringify(channel) ?? String(channel))}` };
  const c = channel as InvokeChannel;
  const r = INVOKE_SCHEMAS[c].safeParse(payload);
  if (!r.success) {
    const i = r.error.issues[0]!;
    return { ok: false, error: `${c}: ${i.path.join('.') || 'payload'}: ${i.message}` };
  }
  return { ok: true, value: { channel: c, req: r.data } };
}

/** Largest message over browser mode's WebSocket: any scenario the schema accepts, plus framing. */
export const MAX_WS_MESSAGE_BYTES = MAX_SCENARIO_BYTES + 64 * 1024;

/** Batching: the engine side sends at most one message this often (≤ 30 a second). */
export const EVENT_BATCH_MS = 34;

/**
 * The API the renderer sees, over IPC (the preload) or a WebSocket (browser mode): one generic,
 * typed `invoke` and `on` (GitHub Desktop's pattern), so the channel map above is the only list.
 */
export interface LifelineApi {
  invoke<C extends InvokeChannel>(channel: C, req: InvokeReq<C>): Promise<InvokeRes<C>>;
  on<C extends PushChannel>(channel: C, cb: (m: PushChannels[C]) => void): () => void;
  /** Asks the user for a scenario file: a native dialog, or the browser's file picker. */
  openScenarioFile(): Promise<HostChannels['file.open-scenario']['res']>;
  /** Saves text (or base64 binary) where the user says: a native save dialog, or a browser download. */
  saveFile(suggestedName: string, text: string, base64?: boolean): Promise<HostChannels['file.save']['res']>;
  readonly host: 'electron' | 'browser';
}

/** Channels only the Electron main process answers (browser mode does these in the page). */
export interface HostChannels {
  'file.open-scenario': { req: null; res: Result<{ scenario: Scenario; name: string }> | null };
  /** `base64`: binary content (a PNG), decoded by the host. */
  'file.save': { req: { suggestedName: string; text: string; base64?: boolean }; res: Result<string> | null };
}

export type HostChannel = keyof HostChannels;

export const HOST_SCHEMAS: { [C in keyof HostChannels]: z.ZodType<HostChannels[C]['req']> } = {
  'file.open-scenario': z.null(),
  'file.save': z.strictObject({ suggestedName: z.string().max(200).regex(/^[\w .()-]+$/), text: z.string().max(200_000_000), base64: z.boolean().optional() }),
};

/** What the inspector exports: the chart (PNG at 2×, SVG), the events (CSV), the summary (JSON), the hops' packets (pcapng). */
export const EXPORT_FORMATS = ['png', 'svg', 'csv', 'json', 'pcapng'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export type MenuCommand =
  | { kind: 'new-run' }
  | { kind: 'open-scenario'; scenario: Scenario; path: string }
  /** A session file opened by the native dialog: read it with session.read. */
  | { kind: 'open-session'; id: string; name: string }
  /** A pcap/pcapng opened by the native dialog: read it with capture.scan and capture.packets. */
  | { kind: 'open-capture'; id: string; name: string }
  | { kind: 'export'; format: ExportFormat }
  | { kind: 'open-failed'; error: string }
  | { kind: 'save-scenario-as' }
  | { kind: 'save-summary' }
  | { kind: 'projector' }
  | { kind: 'lesson' }
  | { kind: 'help' }
  | { kind: 'about' };
