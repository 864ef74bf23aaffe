// The modelled iOS app: its lifecycle (FACTS: iOS app lifecycle), its background task, its one
// TCP connection to the server through the NAT box, and the rules for what a suspended app's
// socket does (FACTS: Sockets of a suspended app; The legacy VoIP technique).
import type { Clock, Timer } from '../clock/clock.ts';
import type { Recorder } from '../recorder.ts';
import type { Wire } from '../net/traffic-ledger.ts';
import { LineChannel } from '../net/line-channel.ts';
import type { AppChannel, ChannelFactory } from '../net/app-channel.ts';
import { dial } from '../net/loopback.ts';
import { ExecTimers } from './exec-timers.ts';
import type { ReclaimMoment, Scenario } from '../../../shared/scenario/scenario.ts';
import { USER_KILL_REASON, type ConnEndCause, type LifecycleState, type WakeReason } from '../../../shared/log/events.ts';
import type { Message } from '../../../shared/model/protocol.ts';
import { backgroundTaskBudgetSec, keepAliveRefusal, reclaimMoment, socketFate, tcpGiveUpSec, voipHonoured } from '../../../shared/scenario/ios-rules.ts';
import { seededRandom } from '../../../shared/util/random.ts';
import { HeartbeatDriver, type BeatPort } from '../policy/heartbeat-driver.ts';
import type { HeartbeatPolicy, PolicyContext } from '../policy/heartbeat-policy.ts';
import { clientPolicy } from '../policy/make-policy.ts';

/** FACTS: Tencent Mars — "inactive" means 10 min after leaving the foreground. */
const INACTIVE_AFTER_MS = 10 * 60_000;

interface Conn {
  seq: number;
  ch: AppChannel | null;
  /** open: usable; defunct: reclaimed by the kernel, the app does not know yet; closed: failed, not yet seen. */
  state: 'connecting' | 'open' | 'defunct' | 'closed';
  cause?: ConnEndCause;
  errno?: string;
  reason?: string;
  /** The kernel's TCP gives up on bytes nobody acknowledges at this timer (FACTS: TCP retransmission timeout). */
  giveUp: Timer | null;
}

export interface DeviceTarget {
  host: string;
  port: number;
  deviceId: string;
  /** What the app speaks to the server: the line protocol unless your own server speaks MQTT or WebSocket. */
  channel?: ChannelFactory;
}

export class DeviceApp {
  state: LifecycleState = 'not-running';
  private conn: Conn | null = null;
  private connSeq = 0;
  private hbSeq = 0;
  private backoffSec: number;
  private exec: ExecTimers;
  private suspendTimer: Timer | null = null;
  private taskTimer: Timer | null = null;
  private wakeTimer: Timer | null = null;
  private keepAliveTimer: Timer | null = null;
  private lockedFromForeground = false;
  /** The device's screen, not the app's: it outlives a relaunch. */
  private screenLocked = false;
  private readonly voip: boolean;
  private readonly fate: { kept: boolean; reason: string };
  private readonly reclaimAt: ReclaimMoment;
  private readonly random: () => number;
  private readonly policy: HeartbeatPolicy;
  private readonly beats: HeartbeatDriver;
  /** When the app last came to or left the foreground, or was launched (FACTS: Mars details that decide outcomes). */
  private foregroundChangedAt = 0;
  /** When the last connect attempt began (FACTS: Mars reconnect backoff — waits run from it). */
  private lastAttemptAt = 0;
  /** The device changed networks since the last connect attempt began. */
  private networkChangedSinceAttempt = false;
  /** A call in progress in the app: the user's `call-start` … `call-end` (FACTS: Calls). */
  inCall = false;
  /** The user force-quit the app (`kill`) and has not opened it since (FACTS: Silent push budget). */
  userQuit = false;
  /** The network the device is on (FACTS: Mars details that decide outcomes — state per network). */
  network = 'default';

  constructor(
    private readonly s: Scenario,
    private readonly clock: Clock,
    private readonly wire: Wire,
    private readonly rec: Recorder,
    private readonly target: DeviceTarget,
  ) {
    this.exec = new ExecTimers(clock);
    this.voip = voipHonoured(s);
    this.fate = socketFate(s);
    this.reclaimAt = reclaimMoment(s);
    this.random = seededRandom(s.seed ?? 1);
    this.backoffSec = s.app.reconnect?.initialSec ?? 0;
    this.policy = clientPolicy(s);
    // Through a closure: the app's timers may be replaced (a relaunch starts with fresh ones).
    const timers = { set: (name: string, ms: number, fn: () => void) => this.exec.set(name, ms, fn), cancel: (name: string) => this.exec.cancel(name) };
    this.beats = new HeartbeatDriver(this.policy, timers, this.beatPort(), rec);
  }

  private policyContext(): PolicyContext {
    const now = this.clock.now();
    const foreground = this.state === 'active';
    return { now, inactive: !foreground && now - this.foregroundChangedAt >= INACTIVE_AFTER_MS, foreground, foregroundChangedAt: this.foregroundChangedAt, network: this.network };
  }

  private beatPort(): BeatPort {
    return {
      side: 'device',
      ctx: () => this.policyContext(),
      beat: (intervalSec) => {
        const c = this.conn;
        if (c?.state !== 'open' || !c.ch) return null;
        this.rec.record({ kind: 'heartbeat', source: 'client', seq: ++this.hbSeq, intervalSec });
        c.ch.send({ verb: 'PING', seq: this.hbSeq });
        return this.hbSeq;
      },
      giveUp: (reason) => {
        const c = this.conn;
        if (!c) return;
        // The app closes the connection it no longer trusts, and reconnects.
        c.ch?.ts.end();
        c.state = 'closed';
        this.lost(c, 'error', 'ETIMEDOUT', reason);
      },
    };
  }

  /** The process exists (running in any state, suspended included). */
  get running(): boolean {
    return this.state !== 'terminated' && this.state !== 'not-running';
  }

  get executing(): boolean {
    return this.state === 'active' || this.state === 'background' || this.state === 'woken';
  }

  private setState(state: LifecycleState, reason: string): void {
    if (state === this.state) return;
    this.state = state;
    this.rec.record({ kind: 'lifecycle', state, reason });
  }

  // ---- lifecycle -------------------------------------------------------------------------------

  /**
   * A launch (or a relaunch after termination) starts a new process: nothing of the old one's
   * execution state survives — its timers, frozen or not, its backoff, its lock bookkeeping.
   */
  launch(reason: string, state: 'active' | 'woken' | 'background' = 'active'): void {
    this.exec.clear();
    this.exec = new ExecTimers(this.clock);
    this.backoffSec = this.s.app.reconnect?.initialSec ?? 0;
    this.lockedFromForeground = false;
    if (state === 'active') this.userQuit = false;
    this.foregroundChangedAt = this.clock.now();
    this.setState(state, reason);
    // Say up front whether the socket will survive suspension, and why (a trainer's first question).
    this.rec.record({ kind: 'socket.policy', ...this.fate });
    this.registerKeepAlive();
    this.connect();
  }

  /**
   * The system gives the app background time for a push or a refresh run (FACTS: PushKit VoIP
   * pushes; Background app refresh): a suspended app is woken, an app that is not running is
   * launched in the background, each for `windowSec`; an app already running just runs it.
   */
  runInBackground(reason: WakeReason, windowSec: number): void {
    if (!this.running) {
      this.launch(`${reason}: launched in the background`, 'woken');
      this.armWakeWindow(windowSec);
    } else if (this.state === 'woken') {
      this.armWakeWindow(windowSec);
    } else {
      this.wake(reason, windowSec);
    }
  }

  /** The system ends the process (FACTS: CallKit reporting rule). */
  killBySystem(reason: string): void {
    if (this.running) this.terminate(reason);
  }

  /** Home button or lock while in the foreground. */
  background(reason: 'home' | 'lock'): void {
    if (this.state !== 'active') return;
    this.setState('background', reason);
    this.foregroundChangedAt = this.clock.now();
    // The comparison platform: a process that keeps running in the background.
    if (this.s.app.platform === 'android') return;
    const task = this.s.app.backgroundTask;
    if (task === 'none') {
      // FACTS: iOS app lifecycle — about 5 s after didEnterBackground without a task.
      this.suspendTimer = this.clock.after(this.s.model.suspendAfterSec * 1000, () => this.suspend('no background task'));
      return;
    }
    const budgetSec = backgroundTaskBudgetSec(this.s);
    this.rec.record({ kind: 'bgtask', op: 'begin', budgetSec });
    this.taskTimer = this.clock.after(budgetSec * 1000, () => {
      this.taskTimer = null;
      this.rec.record({ kind: 'bgtask', op: 'expired', budgetSec });
      if (task === 'ends-on-expiry') {
        this.rec.record({ kind: 'bgtask', op: 'end', budgetSec });
        this.suspend('background task ended');
      } else {
        // FACTS: Background task — the article's handler sets bgTask = UIBackgroundTaskInvalid
        // without endBackgroundTask:, and a task not ended in time gets the app killed.
        this.terminate('background task never ended (the snippet from the article)');
      }
    });
  }

  foreground(reason = 'foreground'): void {
    if (!this.running) return this.launch(reason);
    if (this.state === 'active') return;
    // The user opened the app: the system may launch it in the background again.
    this.userQuit = false;
    this.cancelSystemTimers();
    if (this.taskTimer) {
      this.clock.cancel(this.taskTimer);
      this.taskTimer = null;
      this.rec.record({ kind: 'bgtask', op: 'end', budgetSec: backgroundTaskBudgetSec(this.s) });
    }
    this.setState('active', reason);
    this.foregroundChangedAt = this.clock.now();
    this.run();
    if (!this.conn) this.connect();
  }

  /** Locking takes a foreground app to the background like Home; unlock brings it back (FACTS: Lock and unlock, a model assumption). */
  lock(): void {
    this.screenLocked = true;
    if (this.state === 'suspended' && !this.voip && this.conn) this.reclaimIfDue(this.conn);
    if (this.state !== 'active') return;
    this.lockedFromForeground = true;
    this.background('lock');
  }

  unlock(): void {
    this.screenLocked = false;
    if (!this.lockedFromForeground) return;
    this.lockedFromForeground = false;
    this.foreground('unlock');
  }

  /**
   * The user is on a call in the app. A call needs a running process: one not running is launched
   * in the background for it, a suspended or woken one runs in the background until the call ends
   * (its audio session keeps it running: FACTS: Calls, a model assumption). While the call
   * lasts, an unreported VoIP push does not kill the app (FACTS: CallKit reporting rule).
   */
  callStart(): void {
    if (this.inCall) return;
    this.inCall = true;
    if (!this.running) return this.launch('call: launched in the background', 'background');
    if (this.state === 'active' || this.state === 'background') return;
    const suspended = this.state === 'suspended';
    this.cancelSystemTimers();
    this.setState('background', 'call in progress');
    if (suspended) {
      this.run();
      if (!this.conn) this.scheduleReconnect();
    }
  }

  /** The call ends: an app in the background is suspended as after any background entry. */
  callEnd(): void {
    if (!this.inCall) return;
    this.inCall = false;
    if (this.state !== 'background' || this.taskTimer || this.s.app.platform === 'android') return;
    // FACTS: iOS app lifecycle — about 5 s in the background without a task, then suspended.
    this.clock.cancel(this.suspendTimer);
    this.suspendTimer = this.clock.after(this.s.model.suspendAfterSec * 1000, () => this.suspend('call ended'));
  }

  kill(): void {
    if (!this.running) return;
    this.terminate(USER_KILL_REASON);
    this.userQuit = true;
  }

  /**
   * Jetsam reclaims background and suspended apps first; a foreground app only gets a warning.
   * FACTS: Memory pressure, a model assumption: the foreground app is never the one reclaimed here.
   */
  memoryPressure(): void {
    if (this.state === 'background' || this.state === 'suspended' || this.state === 'woken') this.terminate('memory pressure (jetsam)');
  }

  private suspend(reason: string): void {
    this.suspendTimer = null;
    if (!this.executing || this.state === 'active' || this.inCall) return;
    this.clock.cancel(this.wakeTimer);
    this.wakeTimer = null;
    this.setState('suspended', reason);
    this.exec.freeze();
    const c = this.conn;
    if (!c || c.state === 'closed' || c.state === 'defunct') return;
    if (this.voip) {
      // FACTS: The legacy VoIP technique — the system keeps the socket; the app stops reading.
      c.ch?.ts.pause();
    } else {
      this.reclaimIfDue(c);
    }
  }

  /**
   * FACTS: Socket reclaim timing — a non-VoIP socket is reclaimed as soon as the app is
   * suspended (DTS 2025); iOS 4–6 waited for the screen to lock, and until then the socket stays
   * open but unread (reclaimMoment: by `ios`, or model.reclaimSocketsAt).
   */
  private reclaimIfDue(c: Conn): void {
    if (c.state !== 'open') return;
    if (this.reclaimAt === 'lock' && !this.screenLocked) return void c.ch?.ts.pause();
    this.rec.record({ kind: 'socket.policy', ...this.fate });
    this.defunct(c);
  }

  /**
   * FACTS: Sockets of a suspended app — the kernel reclaims the socket as soon as the app is
   * suspended (DTS 2025); the peer sees the connection closed; the app learns when it next runs.
   */
  private defunct(c: Conn): void {
    c.state = 'defunct';
    this.rec.record({ kind: 'socket.defunct', conn: c.seq });
    c.ch?.ts.end();
  }

  /** FACTS: "Woken" — a short slice of execution for a suspended app, then suspended again. */
  private wake(reason: WakeReason, windowSec: number): void {
    if (this.state !== 'suspended') return;
    this.setState('woken', reason);
    this.armWakeWindow(windowSec);
    this.run();
    if (!this.conn) this.scheduleReconnect();
  }

  private armWakeWindow(windowSec: number): void {
    this.clock.cancel(this.wakeTimer);
    this.wakeTimer = this.clock.after(windowSec * 1000, () => {
      this.wakeTimer = null;
      if (this.state === 'woken') this.suspend('wake window over');
    });
  }

  /** The app's code runs again: timers resume, the socket is read, failures are noticed. */
  private run(): void {
    this.exec.thaw();
    const c = this.conn;
    if (!c) return;
    if (c.state === 'defunct') {
      // FACTS: sodefunct — so_error = EBADF; the next send fails with EPIPE.
      this.lost(c, 'defunct', 'EBADF');
    } else if (c.state === 'closed') {
      this.lost(c, c.cause ?? 'closed', c.errno, c.reason);
    } else {
      c.ch?.ts.resume();
    }
  }

  private terminate(reason: string): void {
    this.cancelSystemTimers();
    this.clock.cancel(this.taskTimer);
    this.clock.cancel(this.keepAliveTimer);
    this.taskTimer = this.keepAliveTimer = null;
    this.exec.clear();
    this.inCall = false;
    this.setState('terminated', reason);
    const c = this.conn;
    this.conn = null;
    if (c) {
      this.clock.cancel(c.giveUp);
      // The process is gone: the kernel closes its sockets (FIN), whatever the app believed.
      this.rec.record({ kind: 'conn', op: 'closed', conn: c.seq, cause: 'terminated' });
      c.ch?.ts.end();
    }
  }

  private cancelSystemTimers(): void {
    this.clock.cancel(this.suspendTimer);
    this.clock.cancel(this.wakeTimer);
    this.suspendTimer = this.wakeTimer = null;
  }

  // ---- keep-alive handler ----------------------------------------------------------------------

  private registerKeepAlive(): void {
    const timeoutSec = this.s.app.keepAliveTimeoutSec;
    if (timeoutSec === null) return;
    const refusal = keepAliveRefusal(this.s);
    if (refusal) {
      this.rec.record({ kind: 'keepalive', op: 'rejected', timeoutSec, reason: refusal });
      return;
    }
    this.rec.record({ kind: 'keepalive', op: 'registered', timeoutSec });
    this.scheduleKeepAlive(timeoutSec);
  }

  /**
   * FACTS: setKeepAliveTimeout — the handler is called before the timeout, possibly shifted to join
   * other system work (by up to model.keepAliveShiftMaxSec, drawn from the seed), has at most 10 s,
   * and is not kept across launches (terminate() cancels it).
   */
  private scheduleKeepAlive(timeoutSec: number): void {
    const shift = this.random() * Math.min(this.s.model.keepAliveShiftMaxSec, timeoutSec);
    this.keepAliveTimer = this.clock.after((timeoutSec - shift) * 1000, () => {
      this.scheduleKeepAlive(timeoutSec);
      if (this.state === 'active') return;
      this.wake('keepalive', this.s.model.keepAliveHandlerSec);
      this.rec.record({ kind: 'heartbeat', source: 'keepalive', seq: ++this.hbSeq });
      const c = this.conn;
      if (c?.state === 'open' && c.ch) c.ch.send({ verb: 'PING', seq: this.hbSeq });
      else if (!c) this.connect();
    });
  }

  // ---- connection ------------------------------------------------------------------------------

  private connect(): void {
    if (this.conn || !this.executing) return;
    this.exec.cancel('reconnect');
    const c: Conn = { seq: ++this.connSeq, ch: null, state: 'connecting', giveUp: null };
    this.conn = c;
    this.lastAttemptAt = this.clock.now();
    this.networkChangedSinceAttempt = false;
    this.rec.record({ kind: 'conn', op: 'connecting', conn: c.seq });
    dial(
      this.wire,
      this.target.host,
      this.target.port,
      {
        onReady: (ts) => {
          c.ch = this.target.channel ? this.target.channel(ts, this.rec) : new LineChannel(ts, 'device', this.rec);
          c.ch.onSend = () => this.beats.wrote();
          this.opened(c);
        },
        onData: (chunk) => this.onData(c, chunk),
        onClose: (err) => this.onClose(c, err),
        // Only the legacy VoIP mode wakes an app for its socket; any other socket just waits.
        onParked: (what) => this.voip && this.wake(what === 'data' ? 'voip-data' : 'voip-close', this.s.model.voipWakeSec),
        onUnacked: () => this.unacked(c),
      },
      (err) => {
        c.state = 'closed';
        c.cause = 'refused';
        c.errno = err.code;
        if (this.conn === c && this.executing) this.lost(c, 'refused', err.code);
      },
    );
  }

  private opened(c: Conn): void {
    if (this.conn !== c || c.state !== 'connecting' || !c.ch) return void c.ch?.ts.end();
    c.state = 'open';
    this.rec.record({ kind: 'conn', op: 'open', conn: c.seq });
    c.ch.send({ verb: 'HELLO', deviceId: this.target.deviceId });
    this.beats.start();
    if (this.state === 'suspended') {
      if (this.voip) c.ch.ts.pause();
      else this.reclaimIfDue(c);
    }
  }

  /** A line the app cannot parse ends the connection, as the server does; the app reconnects. */
  private onData(c: Conn, chunk: Buffer): void {
    c.ch?.receive(chunk, (m) => this.onMessage(c, m), () => {
      c.ch?.ts.end();
      c.state = 'closed';
      this.lost(c, 'error', 'EPROTO');
    });
  }

  private onMessage(c: Conn, m: Message): void {
    // Any line from the server proves the path works end to end: the backoff starts over. From an
    // MQTT broker the first is its CONNACK (WELCOME), on which clients reset their backoff
    // (FACTS: MQTT keep-alive).
    this.backoffSec = this.s.app.reconnect?.initialSec ?? 0;
    if (m.verb === 'PING') c.ch?.send({ verb: 'PONG', seq: m.seq });
    else if (m.verb === 'PONG') this.beats.pong(m.seq);
    else if (m.verb === 'PUSH') {
      this.rec.record({ kind: 'push', op: 'delivered', id: m.id });
      c.ch?.send({ verb: 'ACK', id: m.id });
    }
  }

  /**
   * FACTS: TCP retransmission timeout — bytes the app sent were dropped on the way (a NAT that
   * forgot the flow), so no ACK comes. The kernel retransmits with backoff, whether the app runs or
   * not, and drops the connection when it gives up; later writes only queue behind the first.
   */
  private unacked(c: Conn): void {
    if (c.giveUp || c.state !== 'open') return;
    const sec = tcpGiveUpSec(this.s);
    c.giveUp = this.clock.after(sec * 1000, () => {
      c.giveUp = null;
      if (c.state !== 'open') return;
      c.state = 'closed';
      c.cause = 'error';
      c.errno = 'ETIMEDOUT';
      c.reason = `TCP gave up after retransmitting for ${sec} s: nothing acknowledged the bytes sent`;
      // tcp_drop sends the peer a RST (which a NAT that forgot the flow drops as well).
      c.ch?.ts.reset();
      if (this.conn !== c) return;
      if (this.executing) this.lost(c, c.cause, c.errno, c.reason);
      // The error is an event on a VoIP stream: it wakes the app, which notices and reconnects.
      else if (this.voip && this.state === 'suspended') this.wake('voip-close', this.s.model.voipWakeSec);
    });
  }

  private onClose(c: Conn, err: NodeJS.ErrnoException | null): void {
    if (c.state === 'defunct' || c.state === 'closed') return;
    c.state = 'closed';
    c.cause = err?.code === 'ECONNRESET' ? 'reset' : err ? 'error' : 'closed';
    c.errno = err?.code;
    // The app sees the failure when its code runs; a VoIP wake got it running already.
    if (this.conn === c && this.executing) this.lost(c, c.cause, c.errno);
  }

  /** The app notices that its connection is gone, and plans the next attempt. */
  private lost(c: Conn, cause: ConnEndCause, errno: string | undefined, reason?: string): void {
    if (this.conn !== c) return;
    this.conn = null;
    this.clock.cancel(c.giveUp);
    c.giveUp = null;
    this.beats.stop();
    this.rec.record({ kind: 'conn', op: 'closed', conn: c.seq, cause, ...(errno ? { errno } : {}), ...(reason ? { reason } : {}) });
    if (c.state === 'defunct') c.state = 'closed';
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    const r = this.s.app.reconnect;
    if (!r || this.conn || this.exec.has('reconnect')) return;
    // FACTS: Mars reconnect backoff — Mars waits by its own rules, counted from the start of the
    // last connect attempt; other policies use the app's backoff.
    const own = this.policy.reconnectDelaySec((this.clock.now() - this.lastAttemptAt) / 1000, this.policyContext(), this.networkChangedSinceAttempt);
    const delay = own ?? this.backoffSec;
    if (own === null) this.backoffSec = Math.min(r.maxSec, this.backoffSec * 2);
    this.exec.set('reconnect', delay * 1000, () => this.connect());
  }

  /** The device is joining a network (the old one's sockets are about to fail). */
  networkChanged(): void {
    this.networkChangedSinceAttempt = true;
  }

  /** Stops without recording: the run is over. */
  shutdown(): void {
    this.cancelSystemTimers();
    this.clock.cancel(this.taskTimer);
    this.clock.cancel(this.keepAliveTimer);
    this.exec.clear();
    this.clock.cancel(this.conn?.giveUp);
    this.conn?.ch?.ts.socket.destroy();
    this.conn = null;
  }
}
