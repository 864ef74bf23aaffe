// summarize(events): the Summary contract (docs/design.md "Summary fields"), as an incremental
// fold so the CLI, the live view and a replay all feed events through the same code.
import type { ClockMode, HeartbeatSource, LifelineEvent, PushRoute } from '../log/events.ts';
import { RadioFold, type Energy } from './radio-fold.ts';
import { Reachability, type PathState } from './reachability.ts';

export interface Summary {
  scenario: string;
  mode: ClockMode;
  /** Your own server's URL without a password (docs/own-server.md); absent for the built-in server. */
  server?: string;
  simulatedSec: number;
  wallMs: number;
  /** The path the pushes take (`server.pushVia`): the headline figures below are this path's. */
  pushVia: PushRoute;
  /** Breaks of the push path (shared/folds/reachability.ts), each counted once. */
  disconnects: number;
  natExpiries: number;
  /** Time the server (and the app) believed a push would arrive while it would not. */
  deadSec: number;
  /** Share of simulated time in which a push sent would have arrived. */
  connectedRatio: number;
  wakeups: number;
  terminations: number;
  heartbeats: { client: number; server: number; keepaliveHandler: number };
  /**
   * `blocked`: VoIP pushes the system refused after repeated CallKit failures (part of `lost`);
   * `delayed`: silent pushes held back over the budget (delivered later, or dropped and lost).
   */
  pushes: { sent: number; delivered: number; lost: number; blocked: number; delayed: number };
  bytes: { up: number; down: number };
  /** FACTS: Radio energy of a heartbeat — what the traffic cost the device's radio. */
  energy: Energy;
  /** The heartbeat policy that drives the connection (the client's if it beat at all, else the server's). */
  heartbeat: HeartbeatStats;
  /** The app's own socket by the same rule, whatever path the pushes take, and how late the app learned of each break. */
  appSocket: AppSocketStats;
}

export interface AppSocketStats {
  connectedRatio: number;
  deadSec: number;
  disconnects: number;
  /**
   * From each break of the socket's path under a connection the app believed in (mapping expired,
   * client dropped by the server, socket reclaimed) to the app's `conn closed`: `count` breaks
   * learned of, their `median` and `max` in seconds; `pending`: a break not learned of by the end.
   */
  learnSec: { count: number; median: number; max: number; pending: number };
}

export interface HeartbeatStats {
  /** The interval each PING used; null when nobody sent one. */
  intervalSec: { first: number; final: number; min: number; max: number } | null;
  /** Whether an adaptive policy (Mars) has settled; null for fixed policies. */
  stable: boolean | null;
  /** Steps up to a longer interval (including re-probes). */
  probes: number;
  /** PINGs judged failed: no reply in time, or the connection broke first. */
  failures: number;
}

type Side = 'device' | 'server';

class BeatStats {
  first = 0;
  final = 0;
  min = Infinity;
  max = 0;
  beats = 0;
  stable: boolean | null = null;
  probes = 0;
  failures = 0;

  beat(sec: number): void {
    if (this.beats++ === 0) this.first = sec;
    this.final = sec;
    if (sec < this.min) this.min = sec;
    if (sec > this.max) this.max = sec;
  }

  result(): HeartbeatStats {
    return {
      intervalSec: this.beats ? { first: this.first, final: this.final, min: this.min, max: this.max } : null,
      stable: this.stable,
      probes: this.probes,
      failures: this.failures,
    };
  }
}

/** What the server and the app believe against whether a push would arrive, at one instant. */
export type ConnectionLaneState = PathState;

/**
 * What the last event counted, as bits of `SummaryFold.counted`: the chart marks an event exactly
 * where the summary counts it, so a mark and a card can never disagree.
 */
export const COUNTED = {
  disconnect: 1,
  natExpiry: 2,
  wakeup: 4,
  termination: 8,
  clientHeartbeat: 16,
  serverHeartbeat: 32,
  keepaliveHandler: 64,
  pushSent: 128,
  pushDelivered: 256,
  pushBlocked: 512,
} as const;

/** Where each heartbeat source is counted: its summary field and its COUNTED bit. */
const HEARTBEAT_COUNTS: Record<HeartbeatSource, [keyof Summary['heartbeats'], number]> = {
  client: ['client', COUNTED.clientHeartbeat],
  server: ['server', COUNTED.serverHeartbeat],
  keepalive: ['keepaliveHandler', COUNTED.keepaliveHandler],
};

export class SummaryFold {
  private scenario = '';
  private mode: ClockMode = 'fast';
  private server: string | undefined;
  private start = 0;
  private last = 0;
  private wallMs = 0;
  /** The run's last event has been seen: no time passes after it. */
  private ended = false;
  private counts = { disconnects: 0, natExpiries: 0, wakeups: 0, terminations: 0 };
  private heartbeats = { client: 0, server: 0, keepaliveHandler: 0 };
  private pushes = { sent: 0, delivered: 0, blocked: 0, delayed: 0 };
  private bytes = { up: 0, down: 0 };
  /** The newest NAT mapping: only its expiry is the app's connection timing out. */
  private mapping = 0;
  /** The radio's RRC state machine, fed by the same events (its segments feed the radio lane). */
  readonly radio = new RadioFold();
  /** Whether a push would arrive, on the run's push path and on the app's socket. */
  readonly reach = new Reachability();
  private beats: Record<Side, BeatStats> = { device: new BeatStats(), server: new BeatStats() };
  /** COUNTED bits of the last event pushed. */
  counted = 0;

  /** The connection lane's state now (the push path's): a string, so folding a million events allocates nothing. */
  get connection(): ConnectionLaneState {
    return this.reach.path.state;
  }

  push(e: LifelineEvent): void {
    this.counted = 0;
    this.radio.push(e);
    this.reach.push(e);
    if (this.reach.broke) {
      this.counts.disconnects++;
      this.counted |= COUNTED.disconnect;
    }
    if (e.t > this.last) this.last = e.t;
    switch (e.kind) {
      case 'run.start':
        this.scenario = e.scenario;
        this.mode = e.mode;
        this.server = e.server;
        this.start = this.last = e.t;
        break;
      case 'run.end':
        this.wallMs = e.wallMs;
        this.ended = true;
        break;
      case 'lifecycle':
        if (e.state === 'woken') {
          this.counts.wakeups++;
          this.counted |= COUNTED.wakeup;
        }
        if (e.state === 'terminated') {
          this.counts.terminations++;
          this.counted |= COUNTED.termination;
        }
        break;
      case 'nat':
        // Expiry of the current mapping from idleness (a network change drops mappings too, but that is not the NAT's timer).
        if (e.op === 'expired' && e.reason === 'idle' && e.mapping === this.mapping) {
          this.counts.natExpiries++;
          this.counted |= COUNTED.natExpiry;
        } else if (e.op === 'created') this.mapping = e.mapping;
        break;
      case 'policy': {
        const b = this.beats[e.side];
        if (e.stable !== undefined) b.stable = e.stable;
        if (e.op === 'step' || e.op === 're-probe') b.probes++;
        else if (e.op === 'failure') b.failures++;
        break;
      }
      case 'heartbeat':
        if (e.intervalSec !== undefined && e.source !== 'keepalive') this.beats[e.source === 'client' ? 'device' : 'server'].beat(e.intervalSec);
        this.heartbeats[HEARTBEAT_COUNTS[e.source][0]]++;
        this.counted |= HEARTBEAT_COUNTS[e.source][1];
        break;
      case 'push':
        if (e.op === 'sent') {
          this.pushes.sent++;
          this.counted |= COUNTED.pushSent;
        } else if (e.op === 'delivered') {
          this.pushes.delivered++;
          this.counted |= COUNTED.pushDelivered;
        }
        break;
      case 'push.system':
        if (e.op === 'blocked') {
          this.pushes.blocked++;
          this.counted |= COUNTED.pushBlocked;
        } else if (e.op === 'delayed') this.pushes.delayed++;
        break;
      case 'frame':
        if (e.dir === 'send') this.bytes[e.side === 'device' ? 'up' : 'down'] += e.bytes;
        break;
      default:
        break;
    }
  }

  /**
   * The summary of the run up to `at` (ms; the last event by default), with no event between the
   * last one and `at`: a player's cursor, a selected range's edge; a run that ended ends there (a
   * live run's clock runs on while its sockets close). The fold is not changed, so the cards at a
   * cursor read the same fold the chart draws, at the same instant.
   */
  result(at = this.last): Summary {
    const until = this.ended ? this.last : Math.max(at, this.last);
    const simMs = until - this.start;
    const { path, socket } = this.reach.timeAt(until);
    return {
      scenario: this.scenario,
      mode: this.mode,
      ...(this.server !== undefined ? { server: this.server } : {}),
      simulatedSec: simMs / 1000,
      wallMs: this.wallMs,
      ...this.counts,
      pushVia: this.reach.via,
      deadSec: path.deadMs / 1000,
      connectedRatio: ratio(path.upMs, simMs),
      heartbeats: { ...this.heartbeats },
      pushes: { sent: this.pushes.sent, delivered: this.pushes.delivered, lost: this.pushes.sent - this.pushes.delivered, blocked: this.pushes.blocked, delayed: this.pushes.delayed },
      bytes: { ...this.bytes },
      energy: this.radio.result(until),
      heartbeat: (this.beats.device.beats > 0 || this.beats.device.stable !== null ? this.beats.device : this.beats.server).result(),
      appSocket: {
        connectedRatio: ratio(socket.upMs, simMs),
        deadSec: socket.deadMs / 1000,
        disconnects: this.reach.socket.breaks,
        learnSec: this.reach.learn.result(),
      },
    };
  }
}

/** A share to four places (0 when the whole is empty). */
export function ratio(part: number, whole: number): number {
  return whole > 0 ? Math.round((part / whole) * 10000) / 10000 : 0;
}

export function summarize(events: Iterable<LifelineEvent>): Summary {
  const fold = new SummaryFold();
  for (const e of events) fold.push(e);
  return fold.result();
}
