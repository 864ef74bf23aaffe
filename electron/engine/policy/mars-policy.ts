// Tencent Mars' "smart heartbeat" (FACTS: Heartbeat designs worth modelling — Tencent Mars;
// mars/stn/src/smart_heartbeat.cc, config.h): probe upward from 210 s until the NAT drops the
// connection, back off, and remember the result per network.
import type { HeartbeatPolicy, PolicyContext, PolicyNote } from './heartbeat-policy.ts';

/** FACTS: Tencent Mars — the constants, in seconds. */
export const MARS = {
  minSec: 210,
  maxSec: 600,
  /** The highest probe (max − 20 s): a step never passes it, and it is stable only after the usual successes at it. */
  capSec: 580,
  stepSec: 60,
  backOffSec: 80,
  /** Counted successes before a step up. */
  successesPerStep: 5,
  /** Failures before backing off (probing) or starting over (stable). */
  failuresToJudge: 2,
  warmUpBeats: 3,
  reprobeAfterSec: 7 * 86_400,
  reprobeStepSec: 20,
  maxNetworks: 20,
  replyTimeoutSec: 8,
  lateReplyTimeoutSec: 5,
  lateAfterSec: 15 * 60,
  /** Reconnect waits while inactive, counted from the start of the last connect attempt (longlink_connect_monitor.cc). */
  reconnectWaitsSec: [0, 60, 120, 240, 360, 480, 600],
  /** A break this long after the attempt began steps the wait index down; a shorter one steps it up. */
  shortLivedSec: 10 * 60,
  /** The monitor looks at a break this long after it (its wake alarm). */
  lookAfterBreakSec: 0.5,
  /** Active-phase waits (__Interval): first minute in the foreground, first 10 min, later (+ 0–19 s), background while active. */
  activeWaitsSec: { foregroundMinute: 15, foregroundTenMinutes: 30, foreground: 120, foregroundJitterSec: 20, background: 300, foregroundLongAfterSec: 10 * 60 },
} as const;

/** What Mars has learned about one network. */
interface NetState {
  cur: number;
  stable: boolean;
  successes: number;
  failures: number;
  /** The first success after each change is not counted. */
  skipNextSuccess: boolean;
  stableSince: number;
}

export class MarsPolicy implements HeartbeatPolicy {
  readonly countsFrom = 'write';
  readonly adaptive = true;
  /** Insertion order is use order: the least recently used network is forgotten past 20. */
  private nets = new Map<string, NetState>();
  private warmUpLeft = 0;
  private reconnectStep = 0;

  /**
   * `adapts`: false on iOS, where Mars sends a fixed 210 s heartbeat while it runs and never counts
   * the process inactive (FACTS: Mars details that decide outcomes). `random`: the 0–19 s added to
   * the foreground reconnect wait.
   */
  constructor(
    private readonly adapts: boolean,
    private readonly random: () => number = () => 0,
  ) {}

  private net(label: string): NetState {
    let n = this.nets.get(label);
    if (n) this.nets.delete(label);
    else n = { cur: MARS.minSec, stable: false, successes: 0, failures: 0, skipNextSuccess: false, stableSince: 0 };
    this.nets.set(label, n);
    if (this.nets.size > MARS.maxNetworks) this.nets.delete(this.nets.keys().next().value!);
    return n;
  }

  private adapting(ctx: PolicyContext): boolean {
    return this.adapts && ctx.inactive && this.warmUpLeft === 0;
  }

  connected(ctx: PolicyContext): PolicyNote[] {
    // FACTS: Mars — the first 3 beats after every connect are at the minimum.
    this.warmUpLeft = MARS.warmUpBeats;
    const n = this.net(ctx.network);
    return [{ op: 'warm-up', intervalSec: MARS.minSec, stable: n.stable }];
  }

  intervalSec(ctx: PolicyContext): number {
    // FACTS: Mars — foreground (and warm-up) always at the minimum; adapts only while inactive.
    return this.adapting(ctx) ? this.net(ctx.network).cur : MARS.minSec;
  }

  replyTimeoutSec(lateSec: number): number {
    return lateSec >= MARS.lateAfterSec ? MARS.lateReplyTimeoutSec : MARS.replyTimeoutSec;
  }

  result(ok: boolean, ctx: PolicyContext): PolicyNote[] {
    const n = this.net(ctx.network);
    if (this.warmUpLeft > 0) {
      // Warm-up beats are not judged; after the last one a known network's value comes back.
      if (!ok) return [];
      this.warmUpLeft--;
      return this.warmUpLeft === 0 && n.cur !== MARS.minSec && this.adapts ? [{ op: 'restore', intervalSec: n.cur, stable: n.stable }] : [];
    }
    if (!this.adapting(ctx)) return [];
    return ok ? this.success(n, ctx.now) : this.failure(n, ctx.now);
  }

  private success(n: NetState, now: number): PolicyNote[] {
    if (n.skipNextSuccess) {
      n.skipNextSuccess = false;
      return [];
    }
    if (n.stable) {
      // FACTS: Mars — a stable value under the cap is re-probed +20 s after 7 days, and probing
      // goes on from there (it is no longer stable).
      if (n.cur >= MARS.capSec || now - n.stableSince < MARS.reprobeAfterSec * 1000) return [];
      this.change(n, n.cur + MARS.reprobeStepSec, false, now);
      return [{ op: 're-probe', intervalSec: n.cur, stable: false }];
    }
    if (++n.successes < MARS.successesPerStep) return [];
    // FACTS: Mars details that decide outcomes — the cap is reached as a probe (570 → 580) and is
    // stable only after the usual count of successes at it (OnHeartResult).
    if (n.cur >= MARS.capSec) {
      this.change(n, MARS.capSec, true, now);
      return [{ op: 'stable', intervalSec: n.cur, stable: true }];
    }
    this.change(n, Math.min(n.cur + MARS.stepSec, MARS.capSec), false, now);
    return [{ op: 'step', intervalSec: n.cur, stable: false }];
  }

  private failure(n: NetState, now: number): PolicyNote[] {
    // FACTS: Mars — failures at a probe add up across reconnects; at the floor they are counted
    // but change nothing (there is nothing lower to fall back to).
    if (++n.failures < MARS.failuresToJudge || n.cur === MARS.minSec) return [];
    if (!n.stable) {
      this.change(n, Math.max(MARS.minSec, n.cur - MARS.backOffSec), true, now);
      return [{ op: 'back-off', intervalSec: n.cur, stable: true }];
    }
    this.change(n, MARS.minSec, false, now);
    return [{ op: 'reset', intervalSec: n.cur, stable: false }];
  }

  private change(n: NetState, cur: number, stable: boolean, now: number): void {
    n.cur = cur;
    n.stable = stable;
    n.successes = 0;
    n.failures = 0;
    n.skipNextSuccess = true;
    if (stable) n.stableSince = now;
  }

  /**
   * FACTS: Mars reconnect backoff (longlink_connect_monitor.cc): the monitor looks 0.5 s after a
   * break (__OnLongLinkStatuChanged's wake alarm); every wait runs from the start of the last
   * connect attempt (__IntervalConnect: interval − posttime, at least 0). While the process is
   * active the active-phase interval applies and the index goes back to 0; once inactive the index
   * steps up before it is used, or down one when the attempt began 10 min or more ago. A network
   * change reconnects at once and starts the index over (NetworkChange).
   */
  reconnectDelaySec(sinceAttemptSec: number, ctx: PolicyContext, networkChanged: boolean): number {
    if (networkChanged) {
      this.reconnectStep = 0;
      return 0;
    }
    const look = MARS.lookAfterBreakSec;
    const posted = sinceAttemptSec + look;
    if (!this.adapts || !ctx.inactive) {
      this.reconnectStep = 0;
      return look + Math.max(0, this.activeWaitSec(ctx) - posted);
    }
    const last = MARS.reconnectWaitsSec.length - 1;
    this.reconnectStep = posted < MARS.shortLivedSec ? Math.min(this.reconnectStep + 1, last) : Math.max(this.reconnectStep - 1, 0);
    return look + Math.min(MARS.shortLivedSec, Math.max(0, MARS.reconnectWaitsSec[this.reconnectStep]! - posted));
  }

  /** FACTS: Mars reconnect backoff — __Interval for the long link while the process is active (baseevent's active_logic.cc). */
  private activeWaitSec(ctx: PolicyContext): number {
    const w = MARS.activeWaitsSec;
    if (!ctx.foreground) return w.background;
    const inForegroundSec = (ctx.now - ctx.foregroundChangedAt) / 1000;
    if (inForegroundSec < 60) return w.foregroundMinute;
    if (inForegroundSec < w.foregroundLongAfterSec) return w.foregroundTenMinutes;
    return w.foreground + Math.floor(this.random() * w.foregroundJitterSec);
  }
}
