// Whether a push sent now would arrive — the one definition behind `connectedRatio`, `deadSec` and
// `disconnects`, the connection lane, the chart's dead shading, the disconnect marks, lesson mode
// and the sweep's recommendation (docs/design.md "Reachability"). A pure fold of the event log, so a
// replay says what the live run said. Each push path (`server.pushVia`, named in `run.start`) has
// its own rule; the app's own socket is always followed too, for its own figures (`appSocket`).
import { USER_KILL_REASON, type LifelineEvent, type PushRoute } from '../log/events.ts';

/** Each push path's name on screen (lanes, cards, the SVG key) and in a sentence (lesson mode). */
export const PUSH_PATHS: Record<PushRoute, { label: string; words: string }> = {
  socket: { label: 'app socket', words: "the app's own socket" },
  pushkit: { label: 'PushKit', words: 'the push service, as PushKit VoIP pushes' },
  silent: { label: 'silent push', words: 'the push service, as silent pushes' },
  'local-push': { label: 'Local Push', words: "the Local Push provider's own connection" },
};

/** What the server and the app believe against whether a push would arrive, at one instant. */
export type PathState = 'connected' | 'dead' | 'disconnected' | 'reconnecting';

const HOUR_MS = 3600_000;

/** Time a path would carry a push, and time it was believed up but would not. */
export interface PathTime {
  upMs: number;
  deadMs: number;
}

/** `ms` spent in `state`, added to a path's time: the one rule for the figures and their projection. */
function accrue(t: PathTime, state: PathState, ms: number): void {
  if (state === 'connected') t.upMs += ms;
  else if (state === 'dead') t.deadMs += ms;
}

/** The share, dead time and breaks of one path, integrated over time. */
export class PathFigures implements PathTime {
  state: PathState = 'disconnected';
  /** The path's connections (and permissions) hold: false → a break. Throttles are not breaks. */
  linked = false;
  upMs = 0;
  deadMs = 0;
  breaks = 0;

  account(ms: number): void {
    accrue(this, this.state, ms);
  }

  /** Takes the new state; true when the path's links broke just now. */
  set(state: PathState, linked: boolean): boolean {
    this.state = state;
    const broke = this.linked && !linked;
    this.linked = linked;
    if (broke) this.breaks++;
    return broke;
  }
}

/**
 * The app's socket as the app learns of its breaks: a break starts when the path dies under a
 * connection the app still believes in (mapping expired, client dropped by the server, socket
 * defunct) and ends at the app's `conn closed`. The durations are append-only (checkpoints).
 */
export class LearnTimes {
  readonly ms: number[] = [];
  /** When the unnoticed break began, or -1. */
  since = -1;

  result(): { count: number; median: number; max: number; pending: number } {
    const sorted = [...this.ms].sort((a, b) => a - b);
    const n = sorted.length;
    const median = n === 0 ? 0 : n % 2 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
    return { count: n, median: Math.round(median) / 1000, max: n ? sorted[n - 1]! / 1000 : 0, pending: this.since >= 0 ? 1 : 0 };
  }
}

export class Reachability {
  via: PushRoute = 'socket';
  private fallback = false;
  private silentPerHour = 0;
  private last = 0;

  // The app's socket is one chain: the app's connection, the NAT mapping it created, and the
  // server-side connection (the server pushes to the newest client that said HELLO). Only the
  // newest of each counts; older ones are already over.
  private believed = false;
  private defunct = false;
  private reconnecting = false;
  private mapping = 0;
  private mappingAlive = false;
  private client = 0;
  private serverAlive = false;
  /** FACTS: Socket reclaim timing — a suspended app reads its socket only if the system keeps it for a wake (VoIP). */
  private suspended = false;
  private kept = true;

  // The push service (APNs) and the Local Push server: the device's connection (the system's, or
  // the provider's), and the server's own connection to hand them pushes.
  private apnsDevice = false;
  private apnsSender = false;
  /** FACTS: CallKit reporting rule — VoIP pushes stopped after repeated unreported ones. */
  private blocked = false;
  private localDevice = false;
  private localSender = false;

  // FACTS: Silent push budget — deliveries (append-only; those before `silentFrom` are over an
  // hour old), the push held over budget, and whether the user force-quit an app not running.
  private readonly silentAt: number[] = [];
  private silentFrom = 0;
  private held = -1;
  private userQuit = false;
  private running = false;

  /** The path the pushes take, and the app's own socket. */
  readonly path = new PathFigures();
  readonly socket = new PathFigures();
  readonly learn = new LearnTimes();
  /** The last event broke the push path (a disconnect). */
  broke = false;
  /** Where the silent budget freed up between the previous event and this one (no event marks it); -1 if it did not. */
  freedAt = -1;

  /** A push sent now would arrive at once. */
  get wouldArrive(): boolean {
    return this.path.state === 'connected';
  }

  push(e: LifelineEvent): void {
    this.broke = false;
    this.freedAt = -1;
    if (e.t > this.last) this.advance(e.t);
    this.apply(e);
    this.update(e);
  }

  /**
   * The push path's and the socket's time had it passed to t with no event (a player's cursor between
   * two events, the edge of a selected range), read off without passing it: the fold stays where
   * its last event left it. The same accounting as advance(), so the figures at a cursor never wait
   * for the next event (a NAT that expired at 2:00 is dead time at 2:30, not at the next PING).
   */
  timeAt(t: number): { path: PathTime; socket: PathTime } {
    const path = { upMs: this.path.upMs, deadMs: this.path.deadMs };
    const socket = { upMs: this.socket.upMs, deadMs: this.socket.deadMs };
    if (t <= this.last) return { path, socket };
    // The socket's state depends on no budget: it holds until the next event.
    accrue(socket, this.socket.state, t - this.last);
    let from = this.last;
    let state = this.path.state;
    const free = this.freeBefore(t);
    if (free !== null) {
      accrue(path, state, free - from);
      [from, state] = [free, this.pathState(this.judgeSilent(true))];
    }
    accrue(path, state, t - from);
    return { path, socket };
  }

  /** Time passes: each figure accounts for it in its state, which only the silent budget changes without an event. */
  private advance(t: number): void {
    const free = this.freeBefore(t);
    if (free !== null) {
      this.account(free - this.last);
      this.last = free;
      this.update(null);
      if (this.path.state === 'connected') this.freedAt = free;
    }
    this.account(t - this.last);
    this.last = t;
  }

  /**
   * The connection lane's open end, not stored (as the radio's projection): from where the silent
   * budget frees up after the last event and before `now`, the path is connected. The series marks
   * that instant only when the next event comes (FACTS: Silent push budget).
   */
  projected(now: number): { from: number; to: number; state: 'connected' }[] {
    const free = this.freeBefore(now);
    if (free === null || this.pathState(this.judgeSilent(true)) !== 'connected') return [];
    return [{ from: free, to: now, state: 'connected' }];
  }

  /** Where the silent budget frees up after the last event and before t, if it does. */
  private freeBefore(t: number): number | null {
    const free = this.budgetFreesAt();
    return free !== null && free > this.last && free < t ? free : null;
  }

  private account(ms: number): void {
    this.path.account(ms);
    this.socket.account(ms);
  }

  private apply(e: LifelineEvent): void {
    switch (e.kind) {
      case 'run.start':
        this.via = e.pushVia ?? 'socket';
        this.fallback = e.pushFallback === 'pushkit';
        this.silentPerHour = e.silentPushesPerHour ?? 0;
        this.last = e.t;
        break;
      case 'lifecycle':
        this.suspended = e.state === 'suspended';
        this.running = e.state !== 'terminated' && e.state !== 'not-running';
        if (e.state === 'terminated') this.userQuit = e.reason === USER_KILL_REASON;
        else if (e.state === 'active') this.userQuit = false;
        break;
      case 'socket.policy':
        this.kept = e.kept;
        break;
      case 'conn':
        if (e.op === 'connecting') this.reconnecting = true;
        else if (e.op === 'open') {
          this.believed = true;
          this.defunct = false;
          this.reconnecting = false;
        } else {
          this.believed = false;
          this.reconnecting = false;
        }
        break;
      case 'socket.defunct':
        this.defunct = true;
        break;
      case 'nat':
        if (e.op === 'created') {
          this.mapping = e.mapping;
          this.mappingAlive = true;
        } else if (e.mapping === this.mapping && (e.op === 'expired' || e.op === 'closed' || e.op === 'rst' || e.op === 'refused')) {
          this.mappingAlive = false;
        }
        break;
      case 'server':
        if (e.op === 'hello') {
          this.client = e.client;
          this.serverAlive = true;
        } else if ((e.op === 'closed' || e.op === 'dead') && e.client === this.client) {
          this.serverAlive = false;
        }
        break;
      case 'push.service':
        this.onPushService(e);
        break;
      case 'push.system':
        if (e.blocks) this.blocked = true;
        if (e.type !== 'silent') break;
        if (e.op === 'received') {
          this.silentAt.push(e.t);
          if (e.id === this.held) this.held = -1;
        } else if (e.op === 'delayed') this.held = e.id;
        else if (e.op === 'dropped' && e.id === this.held) this.held = -1;
        break;
      default:
        break;
    }
  }

  private onPushService(e: Extract<LifelineEvent, { kind: 'push.service' }>): void {
    const up = e.op === 'listening' || e.op === 'connected';
    if (e.op !== 'listening' && e.op !== 'connected' && e.op !== 'closed') return;
    // The server's connection to the service is dialled as the service starts (a loopback hop
    // that does not fail in a run): up from `listening` until it closes.
    if (e.op === 'listening' || e.who === 'provider') {
      if (e.local) this.localSender = up;
      else this.apnsSender = up;
    } else if (e.who === 'device') {
      if (e.local) this.localDevice = up;
      else this.apnsDevice = up;
    }
  }

  /** FACTS: Silent push budget — at most silentPerHour deliveries in any hour (a delivery an hour old no longer counts). */
  private budgetRoom(t: number): boolean {
    while (this.silentFrom < this.silentAt.length && this.silentAt[this.silentFrom]! <= t - HOUR_MS) this.silentFrom++;
    return this.silentAt.length - this.silentFrom < this.silentPerHour;
  }

  /** When the budget has room again, if that is all a silent push waits for; else null. */
  private budgetFreesAt(): number | null {
    if (this.via !== 'silent' || this.silentPerHour === 0 || this.held >= 0 || this.path.state === 'connected') return null;
    const inHour = this.silentAt.length - this.silentFrom;
    if (inHour < this.silentPerHour) return null;
    return this.silentAt[this.silentAt.length - this.silentPerHour]! + HOUR_MS;
  }

  /** The socket chain holds: the app believes in its connection, the kernel kept it, the mapping and the server's client live. */
  private socketLinked(): boolean {
    return this.believed && !this.defunct && this.mappingAlive && this.serverAlive;
  }

  /** A push through the push service: the server hands it over, the device's system is connected, VoIP pushes not blocked. */
  private apnsLinked(voip: boolean): boolean {
    return this.apnsSender && this.apnsDevice && !(voip && this.blocked);
  }

  /**
   * Per path: [the path's links hold, a push would arrive, the server and the app believe it would].
   * - socket: the chain holds and the app reads: running, or suspended with a socket the system
   *   keeps for it (a VoIP wake); a suspended app's unkept socket only parks the bytes.
   * - pushkit: the push service's two connections and no CallKit block. The app's state does not
   *   stop a VoIP push: the system wakes or launches the app for it (FACTS: PushKit VoIP pushes).
   * - silent: the same connections, room in the budget with no push held, and not an app the
   *   user force-quit that is not running (FACTS: Silent push budget).
   * - local-push: the provider connected to the Local Push server (it runs only on a listed
   *   network); without it the fallback's rule, or nothing (FACTS: Local Push Connectivity).
   * The server believes a push would arrive when it can hand it over and nobody told it otherwise:
   * the app's belief for its socket, the push service's acceptance for APNs; the Local Push server
   * knows whether the provider is connected.
   */
  private judge(via: PushRoute, t: number): [linked: boolean, arrives: boolean, believed: boolean] {
    switch (via) {
      case 'socket': {
        const linked = this.socketLinked();
        return [linked, linked && (!this.suspended || this.kept), this.believed];
      }
      case 'pushkit': {
        const linked = this.apnsLinked(true);
        return [linked, linked, this.apnsSender];
      }
      case 'silent':
        return this.judgeSilent(this.held < 0 && this.budgetRoom(t));
      case 'local-push':
        if (this.localDevice) return [this.localSender, this.localSender, this.localSender];
        return this.fallback ? this.judge('pushkit', t) : [false, false, false];
    }
  }

  /** The silent path, `room` saying whether a push waits for nothing (none held, room in the budget). */
  private judgeSilent(room: boolean): [linked: boolean, arrives: boolean, believed: boolean] {
    const linked = this.apnsLinked(false);
    return [linked, linked && room && !(this.userQuit && !this.running), this.apnsSender];
  }

  /** A path's state from its judgement: a push would arrive, or the server believes it would (dead), or neither. */
  private pathState([, arrives, believed]: [linked: boolean, arrives: boolean, believed: boolean]): PathState {
    return arrives ? 'connected' : believed ? 'dead' : 'disconnected';
  }

  private update(e: LifelineEvent | null): void {
    const t = this.last;
    const [linked, arrives, believed] = this.judge('socket', t);
    const sock = arrives ? 'connected' : believed ? 'dead' : this.reconnecting ? 'reconnecting' : 'disconnected';
    const closed = e?.kind === 'conn' && e.op === 'closed';
    if (this.socket.set(sock, linked) && !closed) this.learn.since = t;
    if (closed && this.learn.since >= 0) {
      this.learn.ms.push(t - this.learn.since);
      this.learn.since = -1;
    }
    if (this.via === 'socket') {
      this.broke = this.path.set(sock, linked);
      return;
    }
    const judged = this.judge(this.via, t);
    this.broke = this.path.set(this.pathState(judged), judged[0]) || this.broke;
  }
}
