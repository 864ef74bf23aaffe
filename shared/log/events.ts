// The event log is the one source of truth (docs/design.md "The event log"): every view is a pure function of it.
// Times are virtual milliseconds since the run started.
import type { RadioProfileName } from '../model/radio.ts';
import type { Verb } from '../model/protocol.ts';
import type { FrameLabel } from '../model/frame-labels.ts';

export type { Verb, FrameLabel };

/** FACTS: iOS app lifecycle. "woken" = a suspended app given a short slice of execution. */
export type LifecycleState = 'not-running' | 'active' | 'background' | 'suspended' | 'woken' | 'terminated';

/** Why a suspended app got execution time without coming to the foreground. */
export type WakeReason = 'voip-data' | 'voip-close' | 'keepalive' | PushType | 'refresh' | 'local-push';

/** FACTS: PushKit VoIP pushes; Silent push budget — the two kinds of push the system delivers to the app. */
export type PushType = 'voip' | 'silent';

/**
 * What the system does with a push that came through the push service: hands it to the app
 * (`received`), hears the app report a call to CallKit or not (`reported` / `unreported`), stops
 * delivering VoIP pushes (`blocked`), or holds (`delayed`) and coalesces (`dropped`) silent pushes
 * over budget.
 */
export type PushSystemOp = 'received' | 'reported' | 'unreported' | 'blocked' | 'delayed' | 'dropped';

export type ClockMode = 'fast' | 'realtime';


/** How a connection ended, from the app's point of view. */
export type ConnEndCause = 'closed' | 'reset' | 'defunct' | 'refused' | 'terminated' | 'error';

export type HeartbeatSource = 'client' | 'server' | 'keepalive';

/** What a scenario's timeline or a user can do to the phone and the network: the one list. */
export const TIMELINE_ACTIONS = [
  'background', 'foreground', 'lock', 'unlock', 'kill', 'memory-pressure', 'network-change', 'server-restart', 'push', 'call-start', 'call-end',
] as const;
export type TimelineActionName = (typeof TIMELINE_ACTIONS)[number];

/** What a heartbeat policy reports: a reply judged, or a change of its state (FACTS: Tencent Mars). */
/**
 * How the server's pushes reach the device (`server.pushVia`): the app's own socket (the seed), a
 * PushKit VoIP push or a silent push through the push service, or the Local Push server on a
 * listed Wi-Fi. The one list: the scenario's schema and the log's `run.start` use it.
 */
export const PUSH_ROUTES = ['socket', 'pushkit', 'silent', 'local-push'] as const;
export type PushRoute = (typeof PUSH_ROUTES)[number];
/** With pushVia "local-push": what may carry a push while the provider is not running (absent: nothing). */
export const PUSH_FALLBACKS = ['pushkit'] as const;
export type PushFallback = (typeof PUSH_FALLBACKS)[number];

/** The lifecycle reason of a user's force-quit: the system will not launch such an app for a silent push (FACTS: Silent push budget). */
export const USER_KILL_REASON = 'killed by the user';

export type PolicyOp = 'success' | 'failure' | 'warm-up' | 'restore' | 'step' | 'stable' | 'back-off' | 'reset' | 're-probe';

export type NatOp = 'created' | 'forward' | 'drop' | 'expired' | 'rst' | 'closed' | 'refused';

export type LifelineEvent =
  | { t: number; kind: 'run.start'; scenario: string; mode: ClockMode; seed: number; natIdleTimeoutSec: number; durationSec: number; wallClock: string; radio?: RadioProfileName; network?: string;
      /** The path the run's pushes take (absent in sessions recorded before it was logged: `socket`), its fallback, and the silent budget. */
      pushVia?: PushRoute; pushFallback?: PushFallback; silentPushesPerHour?: number;
      /** Your own server's URL, without a password (docs/own-server.md); absent: the built-in server. */
      server?: string }
  | { t: number; kind: 'run.end'; wallMs: number }
  | { t: number; kind: 'action'; action: TimelineActionName; source: 'timeline' | 'live'; to?: string }
  | { t: number; kind: 'lifecycle'; state: LifecycleState; reason: string }
  | { t: number; kind: 'bgtask'; op: 'begin' | 'end' | 'expired'; budgetSec: number }
  | { t: number; kind: 'keepalive'; op: 'registered' | 'rejected'; timeoutSec: number; reason?: string }
  | { t: number; kind: 'conn'; op: 'connecting' | 'open' | 'closed'; conn: number; cause?: ConnEndCause; errno?: string; reason?: string }
  | { t: number; kind: 'socket.defunct'; conn: number }
  /** Whether the app's socket survives suspension, and why: at launch, and when it is reclaimed. */
  | { t: number; kind: 'socket.policy'; kept: boolean; reason: string }
  /** `hex`: the frame's bytes, for binary protocols (your own server), so an export carries them; a line protocol frame is its `line`. */
  | { t: number; kind: 'frame'; side: 'device' | 'server'; dir: 'send' | 'recv'; verb: FrameLabel | '?'; line: string; bytes: number; hex?: string }
  | { t: number; kind: 'nat'; op: NatOp; mapping: number; dir?: 'up' | 'down'; verb?: FrameLabel | '?'; refreshed?: boolean; reason?: string; side?: 'device' | 'server' | 'both' }
  | { t: number; kind: 'server'; op: 'listening' | 'hello' | 'closed' | 'dead' | 'err' | 'restart'; client: number; reason?: string }
  | { t: number; kind: 'heartbeat'; source: HeartbeatSource; seq: number; intervalSec?: number }
  | { t: number; kind: 'policy'; side: 'device' | 'server'; op: PolicyOp; intervalSec: number; network: string; stable?: boolean; reason?: string }
  | { t: number; kind: 'push'; op: 'sent' | 'delivered' | 'lost'; id: number; reason?: string }
  /** The device joined a network (named in the scenario's `networks`): its NAT and its radio. */
  | { t: number; kind: 'network'; label: string; radio: RadioProfileName; natIdleTimeoutSec: number }
  | { t: number; kind: 'push.service'; op: 'listening' | 'connected' | 'closed' | 'forward' | 'lost'; who?: 'device' | 'provider'; id?: number; reason?: string; /** The Local Push server on the Wi-Fi, not APNs. */ local?: true }
  | { t: number; kind: 'local-push'; op: 'start' | 'stop' | 'timer'; network: string | null; reason?: string }
  | { t: number; kind: 'push.system'; op: PushSystemOp; type: PushType; id: number; reason?: string; /** This failure makes the system stop delivering VoIP pushes. */ blocks?: true }
  | { t: number; kind: 'refresh'; op: 'scheduled' | 'begin' | 'end' | 'skipped'; earliestSec?: number; reason?: string };

export type EventKind = LifelineEvent['kind'];

export const EVENT_KINDS: readonly EventKind[] = [
  'run.start', 'run.end', 'action', 'lifecycle', 'bgtask', 'keepalive', 'conn', 'socket.defunct', 'socket.policy',
  'frame', 'nat', 'server', 'heartbeat', 'push', 'push.service', 'push.system', 'refresh', 'local-push', 'network', 'policy',
];

/** Which hop of the path an event belongs to, for the event table's filter. */
export type Hop = 'device' | 'nat' | 'server' | 'push' | 'run';

export function hopOf(e: LifelineEvent): Hop {
  switch (e.kind) {
    case 'nat':
      return 'nat';
    case 'server':
      return 'server';
    case 'push.service':
      return 'push';
    case 'frame':
      return e.side;
    case 'heartbeat':
      return e.source === 'server' ? 'server' : 'device';
    case 'policy':
      return e.side;
    case 'push':
      return e.op === 'delivered' ? 'device' : 'server';
    case 'run.start':
    case 'run.end':
    case 'action':
    case 'network':
      return 'run';
    default:
      return 'device';
  }
}
