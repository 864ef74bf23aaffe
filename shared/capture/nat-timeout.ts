// What a capture proves about the path's NAT idle timeout: a pure fold over one connection's
// packets (and the SYNs of later connections between the same two hosts). An idle gap after which
// traffic flowed both ways bounds the timeout from below; one after which the path answered with a
// RST, never answered, or the client opened a new connection bounds it from above
// (FACTS: What an expired mapping does — it drops or resets what follows).
import { round6, type PacketDir } from './capture-analysis.ts';
import { TCP_ACK, TCP_FIN, TCP_RST } from './packet-decode.ts';
import { roundMs } from '../util/time-format.ts';

/** One packet of the analysed connection, numbered as tshark numbers frames (1-based, every packet of the file). */
export interface NatPacket {
  frame: number;
  tSec: number;
  dir: PacketDir;
  flags: number;
}

/** Why a bound holds. */
export type NatProof = 'answered' | 'reset' | 'unanswered' | 'reconnect';

export interface NatEvidence {
  bound: 'low' | 'high';
  gapSec: number;
  proof: NatProof;
  /** The last packet before the idle gap. */
  beforeFrame: number;
  /** The first packet after it. */
  afterFrame: number;
  /** The packet that decides: the answer, the RST, the last unanswered retransmission, or the new SYN. */
  proofFrame: number;
}

export interface NatTimeoutBounds {
  /** The longest idle gap after which the connection still worked; 0 when no gap shows it. */
  low: number;
  /** The shortest idle gap after which it did not; null when none did. */
  high: number | null;
  evidence: NatEvidence[];
}

/** Gaps shorter than this say nothing about a NAT: NATs count idle time in whole seconds (FACTS: RFC idle timeouts). */
export const MIN_IDLE_GAP_SEC = 1;
/** A new connection between the same hosts this soon after an unanswered packet means the client gave up on the old one. */
export const RECONNECT_WITHIN_SEC = 30;
/** This many packets one way after a gap, with nothing back, is a retransmission storm: the path dropped them. */
export const STORM_PACKETS = 3;

interface Pending {
  gapSec: number;
  beforeFrame: number;
  afterFrame: number;
  afterT: number;
  dir: PacketDir;
  /** Packets sent the same way since the gap, the first included. */
  sent: number;
  lastFrame: number;
}

export class NatTimeoutFold {
  private last: NatPacket | null = null;
  private readonly spoke: Record<PacketDir, boolean> = { up: false, down: false };
  private closing = false;
  private pending: Pending | null = null;
  private low: NatEvidence | null = null;
  private high: NatEvidence | null = null;

  add(p: NatPacket): void {
    const resolved = this.pending !== null && this.resolve(p);
    const established = this.spoke.up && this.spoke.down;
    if (!resolved && this.pending === null && this.last && established && !this.closing) {
      const gapSec = p.tSec - this.last.tSec;
      if (gapSec >= MIN_IDLE_GAP_SEC) {
        const opened: Pending = { gapSec, beforeFrame: this.last.frame, afterFrame: p.frame, afterT: p.tSec, dir: p.dir, sent: 1, lastFrame: p.frame };
        if (p.flags & TCP_RST) this.decide(opened, 'reset', p.frame);
        else this.pending = opened;
      }
    }
    // The handshake counts: a SYN answered by a SYN-ACK is a path that worked; one answered by a RST is not.
    if (!(p.flags & TCP_RST)) this.spoke[p.dir] = true;
    if (p.flags & (TCP_FIN | TCP_RST)) this.closing = true;
    this.last = p;
  }

  /** A pure SYN of a later connection between the same client and server hosts. */
  reconnect(frame: number, tSec: number): void {
    const p = this.pending;
    if (p && tSec - p.afterT <= RECONNECT_WITHIN_SEC) this.decide(p, 'reconnect', frame);
    this.pending = null;
  }

  result(): NatTimeoutBounds {
    const p = this.pending;
    if (p && p.sent >= 2) this.decide(p, 'unanswered', p.lastFrame);
    this.pending = null;
    return { low: this.low?.gapSec ?? 0, high: this.high?.gapSec ?? null, evidence: [this.low, this.high].filter((e) => e !== null) };
  }

  /** A packet after a gap: an answer, a RST, or one more packet sent into silence. True when it settled the gap. */
  private resolve(p: NatPacket): boolean {
    const pending = this.pending!;
    if (p.flags & TCP_RST) return this.decide(pending, 'reset', p.frame), true;
    if (p.dir !== pending.dir && (p.flags & TCP_ACK || p.flags === 0)) return this.decide(pending, 'answered', p.frame), true;
    pending.sent++;
    pending.lastFrame = p.frame;
    // A storm: whatever comes back later, the path did not carry this connection as a kept mapping would.
    if (pending.sent >= STORM_PACKETS) this.decide(pending, 'unanswered', p.frame);
    return false;
  }

  private decide(p: Pending, proof: NatProof, proofFrame: number): void {
    const e: NatEvidence = { bound: proof === 'answered' ? 'low' : 'high', gapSec: round6(p.gapSec), proof, beforeFrame: p.beforeFrame, afterFrame: p.afterFrame, proofFrame };
    if (e.bound === 'low' && (!this.low || e.gapSec > this.low.gapSec)) this.low = e;
    if (e.bound === 'high' && (!this.high || e.gapSec < this.high.gapSec)) this.high = e;
    // A forgotten connection proves nothing more: what follows it is its end, not a path at work.
    if (e.bound === 'high') this.closing = true;
    this.pending = null;
  }
}

/** "240–300 s idle"; "at most 300 s idle" where no gap the path survived bounds it from below. */
export function forgottenAfter(b: NatTimeoutBounds & { high: number }): string {
  return b.low > 0 ? `${roundMs(b.low)}–${roundMs(b.high)} s idle` : `at most ${roundMs(b.high)} s idle`;
}

/** "this path forgot the connection after 240–300 s idle", or what the capture does show. */
export function describeBounds(b: NatTimeoutBounds): string {
  if (b.high !== null) return `this path forgot the connection after ${forgottenAfter({ ...b, high: b.high })}`;
  if (b.low > 0) return `this path kept the connection through ${roundMs(b.low)} s idle; no longer gap shows where it forgets`;
  return 'no idle gap in the capture shows the path\'s NAT timeout';
}
