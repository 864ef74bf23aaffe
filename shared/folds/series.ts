// Chart series as a pure, incremental fold of the event log (docs/design.md "Shared folds"): the
// idle-gap sawtooth, heartbeat and failure markers, and the lifecycle and connection lanes. Live,
// replay and tests all build them with this code.
import type { LifecycleState, LifelineEvent, PushRoute, TimelineActionName } from '../log/events.ts';
import { COUNTED, type ConnectionLaneState, type SummaryFold } from './summary.ts';
import { MarksByKind, type MarkerKind } from './marks-by-kind.ts';

export type { ConnectionLaneState, MarkerKind };

/**
 * The push service as the app sees it (FACTS: PushKit VoIP pushes; CallKit reporting rule): the
 * system's connection up or down, or VoIP pushes blocked after repeated CallKit failures.
 */
export type PushServiceLaneState = 'down' | 'up' | 'blocked';

/** FACTS: Local Push Connectivity — the provider extension runs only on a listed network. */
export type LocalPushLaneState = 'stopped' | 'running';

/** FACTS: Background app refresh — a run in progress or not. */
export type RefreshLaneState = 'waiting' | 'running';
/**
 * The flow as a NAT on its path sees it, from packets alone (what a capture can show): packets
 * keep coming within the timeout, a gap has outlasted it, or a FIN or RST ended the connection.
 */
export type FlowLaneState = 'within-timeout' | 'over-timeout' | 'closed' | 'reset';

export interface Marker {
  t: number;
  /**
   * Seconds since the line's NAT mapping last saw traffic, at that instant: the mark sits on the
   * line. null when there is no line for it to sit on: no mapping then, or the mark concerns an
   * earlier connection whose mapping is gone (a server's PING into the mapping a network change wiped).
   */
  y: number | null;
  kind: MarkerKind;
  /** This marker's number among its kind (0, 1, 2…): lets thinning keep the same ones while panning. */
  n: number;
  /** The event's own number: heartbeat seq, push id, or the connection that ended. */
  ref: number;
  /**
   * Whether it arrived: a push at the app (false until it does; still false at the end = lost), a
   * heartbeat through the NAT (false: the NAT dropped it, or answered it with a reset). Absent for
   * what is not a delivery, and for a heartbeat whose passage the log does not show (a capture).
   */
  delivered?: boolean;
  /** The app's connection it concerns (its `conn` number), when one does. */
  conn?: number;
  /** Its connection's NAT mapping had expired: the NAT no longer knew the flow. */
  expired?: true;
  /** Why, in the log's words (the server giving up: "2 PINGs unanswered"). */
  reason?: string;
}

/** A connection's line begins: its NAT mapping was created (by app connection `conn`, when the log names one). */
export interface LineStart {
  t: number;
  mapping: number;
  conn?: number;
}

/** A timeline or live action, for the actions lane. */
export interface ActionMark {
  t: number;
  action: TimelineActionName;
  source: 'timeline' | 'live';
}

/** Which marker kind each counted heartbeat gets. */
const HEARTBEAT_MARKS: [bit: number, kind: MarkerKind][] = [
  [COUNTED.serverHeartbeat, 'server-heartbeat'],
  [COUNTED.clientHeartbeat, 'client-heartbeat'],
  [COUNTED.keepaliveHandler, 'keepalive'],
];

export interface IntervalPoint {
  t: number;
  sec: number;
}

export interface Segment<S> {
  from: number;
  /** null while the segment is still open (it ends "now"). */
  to: number | null;
  state: S;
}

/**
 * The interval each heartbeat used, per side: append-only arrays in a class of their own, so the
 * player's checkpoints keep their lengths like any fold's (shared/player/checkpoint.ts).
 */
export class IntervalsBySide {
  readonly client: IntervalPoint[] = [];
  readonly server: IntervalPoint[] = [];
}

export class SeriesFold {
  /** The sawtooth as parallel arrays (times in ms, idle seconds or null for a gap): cheap to append. */
  readonly idleT: number[] = [];
  readonly idleY: (number | null)[] = [];
  readonly markers: Marker[] = [];
  /** Each kind's marks, by position in `markers`. */
  readonly byKind = new MarksByKind();
  /** Marks drawn hollow (delivered false) and marks with no line to sit on (y null), counted as they change: the legend asks on every frame. */
  undeliveredMarks = 0;
  offLineMarks = 0;
  readonly lifecycle: Segment<LifecycleState>[] = [];
  /** When the app was woken (the replay's jump to the next wake). */
  readonly wakes: number[] = [];
  /** Whether a push would arrive on the run's push path (`via`): the lane, the shading, the cards. */
  readonly connection: Segment<ConnectionLaneState>[] = [];
  /** The path the connection lane shows. */
  via: PushRoute = 'socket';
  /** The app's own socket by the same rule, when the pushes take another path (empty otherwise). */
  readonly appSocket: Segment<ConnectionLaneState>[] = [];
  readonly actions: ActionMark[] = [];
  /** Empty unless the run uses the push service or background refresh. */
  readonly pushService: Segment<PushServiceLaneState>[] = [];
  readonly refresh: Segment<RefreshLaneState>[] = [];
  readonly localPush: Segment<LocalPushLaneState>[] = [];
  /** The capture view's lane: packets and gaps, in nobody's beliefs. */
  readonly flow: Segment<FlowLaneState>[] = [];
  /** The interval each heartbeat used (seconds), per side, for the chart's step line. */
  readonly intervals = new IntervalsBySide();
  /** Where each connection's line starts (a NAT mapping created), for the chart's labels. */
  readonly lines: LineStart[] = [];
  /** The run's scenario (a capture's label), for titles. */
  scenario = '';
  natIdleTimeoutSec = 0;
  /** The NAT timeout in force from each instant on (one entry per network joined). */
  readonly natTimeouts: { t: number; sec: number }[] = [];
  durationMs = 0;
  lastT = 0;
  private mapping = 0;
  private lastRefresh: number | null = null;
  private counts = new Map<MarkerKind, number>();
  private conn = 0;
  private pushes = new Map<number, Marker>();
  /** The app connection behind each NAT mapping, and the mapping behind each of the server's clients. */
  private mappingConn = new Map<number, number>();
  private clientMapping = new Map<number, number>();
  /** The mapping the last HELLO passed: the server's next client is that connection. */
  private helloMapping = 0;
  /** Whether the line's mapping has expired. */
  private expired = false;
  /**
   * A heartbeat marked but not yet seen at the NAT, per direction (its index in `markers`): its fate
   * is the NAT's next PING that way at the same instant. Only while it is still the last mark: the
   * player's checkpoints copy a fold's last mark and share the ones before it (shared/player/checkpoint.ts).
   */
  private inFlight = new Map<'up' | 'down', number>();

  private mark(t: number, kind: MarkerKind, ref: number): Marker {
    const n = this.counts.get(kind) ?? 0;
    this.counts.set(kind, n + 1);
    const onLine = this.lastRefresh !== null;
    const m: Marker = { t, y: onLine ? this.idleAt(t) : null, kind, n, ref };
    if (!onLine) this.offLineMarks++;
    const conn = onLine ? this.mappingConn.get(this.mapping) : undefined;
    if (conn !== undefined) m.conn = conn;
    if (onLine && this.expired) m.expired = true;
    this.byKind.add(kind, this.markers.length);
    this.markers.push(m);
    return m;
  }

  /**
   * `summary` has already folded `e`: its lane state and what `e` counted place the lane and the
   * marks, so every counted metric has exactly the marks that count it; besides those, only the
   * push system's own steps are marked (a VoIP push handed to the app, a call reported to CallKit),
   * and the server giving up on a client.
   */
  push(e: LifelineEvent, summary: Pick<SummaryFold, 'reach' | 'counted'>): void {
    this.lastT = e.t;
    switch (e.kind) {
      case 'run.start':
        this.scenario = e.scenario;
        this.via = e.pushVia ?? 'socket';
        this.natIdleTimeoutSec = e.natIdleTimeoutSec;
        this.natTimeouts.push({ t: e.t, sec: e.natIdleTimeoutSec });
        this.durationMs = e.durationSec * 1000;
        break;
      case 'action':
        this.actions.push({ t: e.t, action: e.action, source: e.source });
        break;
      case 'network':
        this.natIdleTimeoutSec = e.natIdleTimeoutSec;
        this.natTimeouts.push({ t: e.t, sec: e.natIdleTimeoutSec });
        break;
      case 'heartbeat':
        if (e.intervalSec !== undefined && e.source !== 'keepalive') this.intervals[e.source].push({ t: e.t, sec: e.intervalSec });
        break;
      case 'conn':
        this.conn = e.conn;
        if (e.op === 'closed') lane(this.flow, e.t, e.cause === 'reset' ? 'reset' : 'closed');
        break;
      case 'lifecycle':
        lane(this.lifecycle, e.t, e.state);
        if (e.state === 'woken') this.wakes.push(e.t);
        break;
      case 'push.service':
        if (e.local) break;
        if (e.op === 'listening') lane(this.pushService, e.t, 'down');
        else if (e.who === 'device' && (e.op === 'connected' || e.op === 'closed') && this.pushService.at(-1)?.state !== 'blocked') {
          lane(this.pushService, e.t, e.op === 'connected' ? 'up' : 'down');
        }
        break;
      case 'push.system':
        this.onPushSystem(e);
        break;
      case 'server':
        this.onServer(e);
        break;
      case 'local-push':
        if (e.op !== 'timer') lane(this.localPush, e.t, e.op === 'start' ? 'running' : 'stopped');
        break;
      case 'refresh':
        if (e.op === 'scheduled' && this.refresh.length === 0) lane(this.refresh, e.t, 'waiting');
        else if (e.op === 'begin' || e.op === 'end') lane(this.refresh, e.t, e.op === 'begin' ? 'running' : 'waiting');
        break;
      default:
        break;
    }
    this.markCounted(e, summary.counted);
    // After the marks: a mark at an expiry or a refresh reads the idle time up to that instant.
    if (e.kind === 'nat') this.onNat(e);
    const reach = summary.reach;
    // The silent budget frees up with no event of its own: the lane changes where it did.
    if (reach.freedAt >= 0) instantLane(this.connection, reach.freedAt, 'connected');
    instantLane(this.connection, e.t, reach.path.state);
    if (this.via !== 'socket') instantLane(this.appSocket, e.t, reach.socket.state);
  }

  private markCounted(e: LifelineEvent, counted: number): void {
    if (counted === 0) return;
    if (counted & COUNTED.natExpiry) this.mark(e.t, 'nat-expiry', e.kind === 'nat' ? e.mapping : 0);
    if (counted & COUNTED.disconnect) this.mark(e.t, 'disconnect', this.conn).conn = this.conn;
    for (const [bit, kind] of HEARTBEAT_MARKS) {
      if (!(counted & bit) || e.kind !== 'heartbeat') continue;
      this.mark(e.t, kind, e.seq);
      this.inFlight.set(kind === 'server-heartbeat' ? 'down' : 'up', this.markers.length - 1);
    }
    if (counted & COUNTED.pushBlocked && e.kind === 'push.system') this.mark(e.t, 'push-blocked', e.id);
    if (e.kind !== 'push') return;
    if (counted & COUNTED.pushSent) {
      const m = this.mark(e.t, 'push', e.id);
      this.setDelivered(m, false);
      this.pushes.set(e.id, m);
    }
    const sent = this.pushes.get(e.id);
    if (counted & COUNTED.pushDelivered && sent) this.setDelivered(sent, true);
  }

  private onPushSystem(e: Extract<LifelineEvent, { kind: 'push.system' }>): void {
    // What the system did with a push, which the summary does not count: a VoIP push handed to the
    // app and a call reported to CallKit. A blocked push is counted, and marked in markCounted().
    if (e.op === 'received' && e.type === 'voip') this.mark(e.t, 'voip-push', e.id);
    else if (e.op === 'reported') this.mark(e.t, 'callkit-report', e.id);
    if (e.blocks) lane(this.pushService, e.t, 'blocked');
  }

  private onServer(e: Extract<LifelineEvent, { kind: 'server' }>): void {
    if (e.op === 'hello') this.clientMapping.set(e.client, this.helloMapping);
    if (e.op !== 'dead') return;
    // The server gives up on a client whose PINGs go unanswered (docs/design.md "Heartbeat server"):
    // the moment it learns the connection is gone. On the line when that client is the line's.
    const mapping = this.clientMapping.get(e.client);
    const m = this.mark(e.t, 'server-gave-up', e.client);
    if (e.reason) m.reason = e.reason;
    if (mapping !== undefined && mapping !== this.mapping) this.offLine(m, mapping);
  }

  private setDelivered(m: Marker, delivered: boolean): void {
    this.undeliveredMarks += Number(delivered === false) - Number(m.delivered === false);
    m.delivered = delivered;
  }

  /** A mark of an earlier connection than the line's: it has no line to sit on. */
  private offLine(m: Marker, mapping: number): void {
    if (m.y !== null) this.offLineMarks++;
    m.y = null;
    delete m.expired;
    const conn = this.mappingConn.get(mapping);
    if (conn === undefined) delete m.conn;
    else m.conn = conn;
  }

  /** A heartbeat's fate: the NAT forwarded its PING, dropped it, or answered it with a reset. */
  private settleHeartbeat(e: Extract<LifelineEvent, { kind: 'nat' }>): void {
    const dir = e.op === 'rst' ? 'up' : e.dir;
    const at = dir && this.inFlight.get(dir);
    const m = at === this.markers.length - 1 ? this.markers[at] : undefined;
    if (!dir || !m || m.t !== e.t) return;
    if (e.op === 'rst') {
      // The device's packet met a forgotten mapping (FACTS: NAT and middleboxes).
      if (e.side !== 'device' || !(e.mapping === this.mapping && this.expired)) return;
    } else if ((e.op !== 'forward' && e.op !== 'drop') || e.verb !== 'PING') return;
    this.inFlight.delete(dir);
    this.setDelivered(m, e.op === 'forward');
    if (e.mapping !== this.mapping) this.offLine(m, e.mapping);
    else if (this.mappingConn.has(e.mapping)) m.conn = this.mappingConn.get(e.mapping)!;
  }

  private onNat(e: Extract<LifelineEvent, { kind: 'nat' }>): void {
    this.settleHeartbeat(e);
    if (e.op === 'forward' && e.dir === 'up' && e.verb === 'HELLO') this.helloMapping = e.mapping;
    if (e.op === 'created') {
      lane(this.flow, e.t, 'within-timeout');
      this.breakLine(e.t);
      this.mapping = e.mapping;
      this.expired = false;
      // The connection that opened it: the device connects, then the box accepts.
      if (this.conn > 0) this.mappingConn.set(e.mapping, this.conn);
      this.lines.push({ t: e.t, mapping: e.mapping, ...(this.conn > 0 ? { conn: this.conn } : {}) });
      this.point(e.t, 0);
      this.lastRefresh = e.t;
      return;
    }
    if (e.mapping !== this.mapping) return;
    if (e.op === 'expired') {
      this.expired = true;
      lane(this.flow, e.t, 'over-timeout');
    }
    // The packet after a gap over the timeout: the flow carries traffic again (in a capture; a run's
    // NAT would have created a new mapping for it).
    if (e.op === 'forward' && this.flow.at(-1)?.state === 'over-timeout') lane(this.flow, e.t, 'within-timeout');
    if (e.op === 'forward' && e.refreshed && this.lastRefresh !== null) {
      this.point(e.t, this.idleAt(e.t));
      this.point(e.t, 0);
      this.lastRefresh = e.t;
    } else if (e.op === 'closed' || e.op === 'rst' || e.op === 'refused') {
      this.breakLine(e.t);
    }
    // After an expiry the line keeps climbing past the timeout: the box has forgotten the flow
    // and nothing refreshes it any more, which is exactly what the chart should show.
  }

  private idleAt(t: number): number {
    return this.lastRefresh === null ? 0 : (t - this.lastRefresh) / 1000;
  }

  private point(t: number, y: number | null): void {
    this.idleT.push(t);
    this.idleY.push(y);
  }

  private breakLine(t: number): void {
    if (this.lastRefresh === null) return;
    this.point(t, this.idleAt(t));
    this.point(t, null);
    this.lastRefresh = null;
  }

  /** The sawtooth's open end: where the line is "now" if a mapping is still counting. */
  tail(now: number): { t: number; y: number } | null {
    return this.lastRefresh === null ? null : { t: now, y: this.idleAt(now) };
  }
}

/**
 * A reachability lane shows the state at the end of each instant: within one, the order of events
 * is the order the hops reported them (a connection is believed before the server's HELLO is read
 * at the same instant), and a state that lasted no time is no state of the path. So a segment that
 * began at this instant takes the new state instead of ending with no length (only the last
 * segment is changed: the arrays stay append-only for the checkpoints).
 */
function instantLane<S>(segments: Segment<S>[], t: number, state: S): void {
  const last = segments[segments.length - 1];
  if (last && last.from === t && last.state !== state) last.state = state;
  else lane(segments, t, state);
}

function lane<S>(segments: Segment<S>[], t: number, state: S): void {
  const last = segments[segments.length - 1];
  if (last && last.state === state) return;
  if (last) last.to = t;
  segments.push({ from: t, to: null, state });
}
