// Tencent Mars' "smart heartbeat" (FACTS: Heartbeat designs worth modelling — Tencent Mars;
// mars/stn/src/smart_heartbeat.cc, config.h): probe upward from 210 s until the NAT drops the
// connection, back off, and remember the result per network.
import type { HeartbeatPolicy, PolicyContext, PolicyNote } from './heartbeat-policy.ts';

/** FACTS: Tencent Mars — the constants, in seconds. */
export const MARS = {
  minSec: 210,
  maxSec: 600,
  /** A step that would pass this is capped here and marked stable. */
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
  /** Reconnect waits while inactive, stepping up only after a connection that lived < 10 min. */
  reconnectWaitsSec: [0, 60, 120, 240, 360, 480, 600],
  shortLivedSec: 10 * 60,
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

  /** `adapts`: false on iOS, where Mars sends a fixed 210 s heartbeat while it runs (FACTS). */
  constructor(private readonly adapts: boolean) {}

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
      // FACTS: Mars — a stable value is re-probed +20 s after 7 days.
      if (now - n.stableSince < MARS.reprobeAfterSec * 1000) return [];
      this.change(n, Math.min(MARS.capSec, n.cur + MARS.reprobeStepSec), true, now);
      return [{ op: 're-probe', intervalSec: n.cur, stable: true }];
    }
    if (++n.successes < MARS.successesPerStep) return [];
    const next = n.cur + MARS.stepSec;
    if (next > MARS.capSec) {
      this.change(n, MARS.capSec, true, now);
      return [{ op: 'stable', intervalSec: n.cur, stable: true }];
    }
    this.change(n, next, false, now);
    return [{ op: 'step', intervalSec: n.cur, stable: false }];
  }

  private failure(n: NetState, now: number): PolicyNote[] {
    // FACTS: Mars — failures at a probe add up across reconnects.
    if (++n.failures < MARS.failuresToJudge) return [];
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

  reconnectDelaySec(livedSec: number, ctx: PolicyContext): number | null {
    if (!ctx.inactive) return null;
    if (livedSec >= MARS.shortLivedSec) this.reconnectStep = 0;
    const wait = MARS.reconnectWaitsSec[this.reconnectStep]!;
    if (livedSec < MARS.shortLivedSec) this.reconnectStep = Math.min(this.reconnectStep + 1, MARS.reconnectWaitsSec.length - 1);
    return wait;
  }
}
