// A heartbeat policy decides what a side sends next and when, given replies and failures. The
// engine's HeartbeatDriver does the sending and timing; a new policy is one file here plus one
// line in make-policy.ts. FACTS: Heartbeat designs worth modelling.
import type { PolicyOp } from '../../../shared/log/events.ts';

export interface PolicyContext {
  /** Virtual ms now. */
  now: number;
  /** FACTS: Mars details that decide outcomes — adapts only while the process is inactive (10 min after leaving the foreground). */
  inactive: boolean;
  /** The app is in the foreground (FACTS: Mars reconnect backoff — the active-phase waits depend on it). */
  foreground: boolean;
  /** Virtual ms when the app last came to or left the foreground (or was launched). */
  foregroundChangedAt: number;
  /** The network the device is on (FACTS: Mars details that decide outcomes — state per network). */
  network: string;
}

/** A change of the policy's state worth recording (and plotting). */
export interface PolicyNote {
  op: PolicyOp;
  intervalSec: number;
  stable: boolean;
}

export interface HeartbeatPolicy {
  /** What the countdown to the next PING starts from: the last PING, or the side's last write of any line. */
  readonly countsFrom: 'beat' | 'write';
  /** Adaptive policies record their state (the summary's `stable` is null for the others). */
  readonly adaptive: boolean;
  /** A new connection is up. */
  connected(ctx: PolicyContext): PolicyNote[];
  /** Seconds to the next PING; null: this policy sends none. */
  intervalSec(ctx: PolicyContext): number | null;
  /** How long a PING may wait for its PONG; null: replies are not judged. `lateSec`: how late the timer fired. */
  replyTimeoutSec(lateSec: number): number | null;
  /** A PING was answered in time (true), or not (false: timed out, or the connection broke first). */
  result(ok: boolean, ctx: PolicyContext): PolicyNote[];
  /**
   * Wait before reconnecting, `sinceAttemptSec` after the last connect attempt began, and after a
   * network change since then or not; null: the app's own backoff.
   */
  reconnectDelaySec(sinceAttemptSec: number, ctx: PolicyContext, networkChanged: boolean): number | null;
}
