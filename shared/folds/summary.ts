// summarize(events): the Summary contract (docs/design.md "Summary fields"), as an incremental
// fold so the CLI, the live view and a replay all feed events through the same code.
import type { ClockMode, HeartbeatSource, LifelineEvent } from '../log/events.ts';
import { RadioFold, type Energy } from './radio-fold.ts';

export interface Summary {
  scenario: string;
  mode: ClockMode;
  simulatedSec: number;
  wallMs: number;
  disconnects: number;
  natExpiries: number;
  /** Time the app believed it was connected while the path was already dead. */
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

/** What the app believes against what is true of the path, at one instant. */
export type ConnectionLaneState = 'connected' | 'dead' | 'disconnected' | 'reconnecting';

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
  private start = 0;
  private last = 0;
  private wallMs = 0;
  private counts = { disconnects: 0, natExpiries: 0, wakeups: 0, terminations: 0 };
  private heartbeats = { client: 0, server: 0, keepaliveHandler: 0 };
  private pushes = { sent: 0, delivered: 0, blocked: 0, delayed: 0 };
  private bytes = { up: 0, down: 0 };
  private deadMs = 0;
  private upMs = 0;
  /** The radio's RRC state machine, fed by the same events (its segments feed the radio lane). */
  readonly radio = new RadioFold();
  private beats: Record<Side, BeatStats> = { device: new BeatStats(), server: new BeatStats() };

  // The path is one chain: the app's connection, the NAT mapping it created, and the server-side
  // connection. Only the newest of each counts; older ones are already over.
  private believed = false;
  private defunct = false;
  private reconnecting = false;
  private mapping = 0;
  private mappingAlive = false;
  private client = 0;
  private serverAlive = false;
  private connEnded = true;
  /** COUNTED bits of the last event pushed. */
  counted = 0;

  /** The connection lane's state now: a string, so folding a million events allocates nothing. */
  get connection(): ConnectionLaneState {
    if (this.isUp()) return 'connected';
    if (this.believed) return 'dead';
    return this.reconnecting ? 'reconnecting' : 'disconnected';
  }

  private isUp(): boolean {
    return this.believed && !this.defunct && this.mappingAlive && this.serverAlive;
  }

  private endConn(): void {
    if (!this.connEnded) {
      this.counts.disconnects++;
      this.counted |= COUNTED.disconnect;
    }
    this.connEnded = true;
  }

  push(e: LifelineEvent): void {
    this.counted = 0;
    this.radio.push(e);
    if (e.t > this.last) {
      const dt = e.t - this.last;
      if (this.isUp()) this.upMs += dt;
      else if (this.believed) this.deadMs += dt;
      this.last = e.t;
    }
    switch (e.kind) {
      case 'run.start':
        this.scenario = e.scenario;
        this.mode = e.mode;
        this.start = this.last = e.t;
        break;
      case 'run.end':
        this.wallMs = e.wallMs;
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
      case 'conn':
        if (e.op === 'connecting') this.reconnecting = true;
        else if (e.op === 'open') {
          this.believed = true;
          this.defunct = false;
          this.reconnecting = false;
          this.connEnded = false;
        } else {
          this.believed = false;
          this.reconnecting = false;
          this.endConn();
        }
        break;
      case 'socket.defunct':
        this.defunct = true;
        this.endConn();
        break;
      case 'nat':
        if (e.op === 'created') {
          this.mapping = e.mapping;
          this.mappingAlive = true;
        } else if (e.mapping === this.mapping && (e.op === 'expired' || e.op === 'closed' || e.op === 'rst' || e.op === 'refused')) {
          if (e.op === 'expired' && e.reason === 'idle') {
            this.counts.natExpiries++;
            this.counted |= COUNTED.natExpiry;
          }
          if (this.mappingAlive) this.endConn();
          this.mappingAlive = false;
        }
        break;
      case 'server':
        if (e.op === 'hello') {
          this.client = e.client;
          this.serverAlive = true;
        } else if ((e.op === 'closed' || e.op === 'dead') && e.client === this.client) {
          if (this.serverAlive) this.endConn();
          this.serverAlive = false;
        }
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

  result(): Summary {
    const simMs = this.last - this.start;
    return {
      scenario: this.scenario,
      mode: this.mode,
      simulatedSec: simMs / 1000,
      wallMs: this.wallMs,
      ...this.counts,
      deadSec: this.deadMs / 1000,
      connectedRatio: simMs > 0 ? round4(this.upMs / simMs) : 0,
      heartbeats: { ...this.heartbeats },
      pushes: { sent: this.pushes.sent, delivered: this.pushes.delivered, lost: this.pushes.sent - this.pushes.delivered, blocked: this.pushes.blocked, delayed: this.pushes.delayed },
      bytes: { ...this.bytes },
      energy: this.radio.result(this.last),
      heartbeat: (this.beats.device.beats > 0 || this.beats.device.stable !== null ? this.beats.device : this.beats.server).result(),
    };
  }
}

function round4(x: number): number {
  return Math.round(x * 10000) / 10000;
}

export function summarize(events: Iterable<LifelineEvent>): Summary {
  const fold = new SummaryFold();
  for (const e of events) fold.push(e);
  return fold.result();
}
