// Runs one side's heartbeat policy on one connection: arms the timer, sends the PING through the
// side's port, waits for the PONG, reports results to the policy and records what it decided.
// The timers are the side's own: a device's stop while the app is suspended (ExecTimers).
import type { Recorder } from '../recorder.ts';
import type { HeartbeatPolicy, PolicyContext, PolicyNote } from './heartbeat-policy.ts';

export interface BeatTimers {
  set(name: string, delayMs: number, fn: () => void): void;
  cancel(name: string): void;
}

export interface BeatPort {
  readonly side: 'device' | 'server';
  ctx(): PolicyContext;
  /** Records the heartbeat and writes the PING; returns its seq, or null when there is no open connection. */
  beat(intervalSec: number): number | null;
  /** The PONG did not come in time: the side gives the connection up. */
  giveUp(reason: string): void;
  /** Checked before each beat; false skips it (the server's dead-peer check). */
  beforeBeat?(): boolean;
}

const BEAT = 'heartbeat';
const REPLY = 'heartbeat-reply';

export class HeartbeatDriver {
  private lastWrite = 0;
  /** The PING waiting for its PONG; `judged`: the policy has a reply timeout and hears the result. */
  private awaiting: { seq: number; intervalSec: number; judged: boolean } | null = null;
  private running = false;

  constructor(
    private readonly policy: HeartbeatPolicy,
    private readonly timers: BeatTimers,
    private readonly port: BeatPort,
    private readonly rec: Recorder,
  ) {}

  /** A connection is up: the countdown starts. */
  start(): void {
    this.running = true;
    this.awaiting = null;
    const ctx = this.port.ctx();
    this.lastWrite = ctx.now;
    this.note(this.policy.connected(ctx));
    this.arm();
  }

  /** The side wrote a line: for write-counted policies, the countdown starts over. */
  wrote(): void {
    if (!this.running) return;
    this.lastWrite = this.port.ctx().now;
    if (this.policy.countsFrom === 'write' && !this.awaiting?.judged) this.arm();
  }

  /** A PONG arrived. */
  pong(seq: number): void {
    const a = this.awaiting;
    if (!a || a.seq !== seq) return;
    this.awaiting = null;
    // A policy that does not judge replies only needed to know this PING was answered.
    if (!a.judged) return;
    this.timers.cancel(REPLY);
    this.judge(true, a.intervalSec);
    this.arm();
  }

  /** The connection is over. A PING still waiting for its PONG failed (the link broke first). */
  stop(): void {
    this.running = false;
    this.timers.cancel(BEAT);
    this.timers.cancel(REPLY);
    const a = this.awaiting;
    this.awaiting = null;
    if (a) this.judge(false, a.intervalSec, 'connection lost before the reply');
  }

  private arm(): void {
    const ctx = this.port.ctx();
    const sec = this.policy.intervalSec(ctx);
    if (sec === null) return;
    const from = this.policy.countsFrom === 'write' ? this.lastWrite : ctx.now;
    const due = from + sec * 1000;
    this.timers.set(BEAT, Math.max(0, due - ctx.now), () => this.fire(sec, due));
  }

  private fire(intervalSec: number, due: number): void {
    // A policy without a reply timeout (fixed) still counts a PING left unanswered by the time of
    // the next one as failed: `heartbeat.failures` counts every PING not answered in time.
    const unanswered = this.awaiting;
    if (unanswered) {
      this.awaiting = null;
      this.judge(false, unanswered.intervalSec, 'no PONG before the next PING was due');
    }
    if (this.port.beforeBeat && !this.port.beforeBeat()) return;
    const now = this.port.ctx().now;
    const seq = this.port.beat(intervalSec);
    if (seq === null) return;
    const timeoutSec = this.policy.replyTimeoutSec((now - due) / 1000);
    if (timeoutSec === null) {
      this.awaiting = { seq, intervalSec, judged: false };
      return this.arm();
    }
    // Writing the PING re-armed the countdown; it waits for the reply instead.
    this.timers.cancel(BEAT);
    this.awaiting = { seq, intervalSec, judged: true };
    this.timers.set(REPLY, timeoutSec * 1000, () => {
      this.awaiting = null;
      this.judge(false, intervalSec, `no PONG within ${timeoutSec} s`);
      this.running = false;
      this.timers.cancel(BEAT);
      this.port.giveUp(`heartbeat ${seq} unanswered after ${timeoutSec} s`);
    });
  }

  private judge(ok: boolean, intervalSec: number, reason?: string): void {
    const ctx = this.port.ctx();
    this.rec.record({ kind: 'policy', side: this.port.side, op: ok ? 'success' : 'failure', intervalSec, network: ctx.network, ...(reason ? { reason } : {}) });
    this.note(this.policy.result(ok, ctx));
  }

  private note(notes: PolicyNote[]): void {
    const network = this.port.ctx().network;
    for (const n of notes) this.rec.record({ kind: 'policy', side: this.port.side, op: n.op, intervalSec: n.intervalSec, stable: n.stable, network });
  }
}
