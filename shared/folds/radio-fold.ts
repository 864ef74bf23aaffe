// The radio's energy as a pure fold of the event log (FACTS: Radio energy of a heartbeat): an RRC
// state machine driven by every packet on the device's link, with promotions, tails (DRX / FACH)
// and idle paging. Energy is integrated lazily from one "anchor" (the instant the tail last
// restarted), so folding costs O(1) per packet and the result can be read at any instant.
import type { LifelineEvent } from '../log/events.ts';
import { RADIO, type Promotion, type RadioProfile, type RadioProfileName, type RadioState } from '../model/radio.ts';

export interface Energy {
  /** What traffic costs: promotions, tails (DRX, FACH) and data. */
  joules: number;
  /** `joules` scaled to 24 h of the same traffic. */
  joulesPerDay: number;
  /** Time out of idle (promotion and tail). */
  radioOnSec: number;
  /** Idle paging / standby: what the radio spends anyway. */
  idleJoules: number;
  /** The radio profile (or profiles, in order of use, joined by '+'). */
  profile: string;
}

export interface RadioSegment {
  from: number;
  to: number;
  state: RadioState;
}

const DAY_SEC = 86_400;

/**
 * Which events are packets on the device's link. The NAT box stands where the carrier's network
 * meets the device: a line it forwards either way crossed the radio; a line from the server it
 * drops never reached it (the mapping is gone), while one from the device it drops had already
 * been sent over it; its RSTs toward the device and the handshake of a new mapping crossed it too.
 * The device's own frames would be wrong for the downlink: a suspended app reads late, but the
 * radio received the bytes when they arrived.
 */
export function isLinkPacket(e: LifelineEvent): boolean {
  if (e.kind !== 'nat') return false;
  switch (e.op) {
    case 'created':
    case 'forward':
      return true;
    case 'drop':
      return e.dir === 'up';
    case 'rst':
      return e.side === 'device' || e.side === 'both';
    case 'closed':
      return true;
    default:
      return false;
  }
}

export class RadioFold {
  private profile: RadioProfile = RADIO.lte;
  private used: RadioProfileName[] = [];
  private start = 0;
  /** Energy and on-time already settled, up to `settled`. */
  private joules = 0;
  private idleJoules = 0;
  private onMs = 0;
  private settled = 0;
  /** The power of the last promotion (paid in full up front; result() counts only its part so far). */
  private promotionWatts = 0;
  /** Tail restarted here; null while idle. */
  private anchor: number | null = null;
  private last = 0;
  /** Settled RRC segments, in order, contiguous; the open stretch after `settled` is projected. */
  readonly segments: RadioSegment[] = [];

  get profileName(): RadioProfileName {
    return this.profile.name;
  }

  push(e: LifelineEvent): void {
    if (e.t > this.last) this.last = e.t;
    if (e.kind === 'run.start') {
      this.start = this.settled = this.last = e.t;
      this.use(e.radio ?? 'lte', e.t);
      return;
    }
    if (e.kind === 'network') {
      // A new network is a new radio: the old one's tail ends where the switch happens.
      this.settleTo(e.t);
      this.anchor = null;
      this.use(e.radio, e.t);
      return;
    }
    if (e.kind === 'frame' && e.side === 'device') {
      this.joules += e.bytes * (e.dir === 'send' ? this.profile.upJoulesPerByte : this.profile.downJoulesPerByte);
      return;
    }
    if (isLinkPacket(e)) this.packet(e.t);
  }

  private use(name: RadioProfileName, t: number): void {
    this.profile = RADIO[name];
    if (this.used[this.used.length - 1] !== name) this.used.push(name);
    this.settled = Math.max(this.settled, t);
  }

  private packet(t: number): void {
    const p = this.profile;
    if (this.anchor !== null && t < this.anchor) return; // still promoting: the packet waits
    if (this.anchor !== null && t < this.anchor + tailMs(p)) {
      // In the tail: it restarts from its first phase (LTE DRX → continuous reception), after the
      // phase's own promotion where it has one (FACTS: 3G radio states — FACH → DCH).
      const promotion = phaseAt(p, t - this.anchor)?.promotion;
      this.settleTo(t);
      if (promotion) this.promote(t, promotion);
      else this.anchor = t;
      return;
    }
    this.settleTo(t);
    if (p.promotion) this.promote(t, p.promotion);
    else this.anchor = t;
  }

  /** The packet at t waits while the radio pays a promotion; the tail starts after it. */
  private promote(t: number, promotion: Promotion): void {
    const ms = promotion.sec * 1000;
    this.promotionWatts = promotion.watts;
    this.joules += promotion.sec * promotion.watts;
    this.onMs += ms;
    this.emit(t, t + ms, 'promotion');
    this.settled = t + ms;
    this.anchor = t + ms;
  }

  /** Settles energy, on-time and segments from `settled` up to t. */
  private settleTo(t: number): void {
    if (t <= this.settled) return;
    const r = this.integrate(this.settled, t, true);
    this.joules += r.joules;
    this.idleJoules += r.idleJoules;
    this.onMs += r.onMs;
    this.settled = t;
  }

  /** Energy between a and b under the current anchor; with `emit`, the segments too. */
  private integrate(a: number, b: number, emit: boolean): { joules: number; idleJoules: number; onMs: number } {
    const r = { joules: 0, idleJoules: 0, onMs: 0 };
    this.walk(a, b, (from, to, state, watts) => {
      const sec = (to - from) / 1000;
      if (state === 'idle') r.idleJoules += sec * watts;
      else {
        r.joules += sec * watts;
        r.onMs += to - from;
      }
      if (emit) this.emit(from, to, state);
    });
    return r;
  }

  /**
   * Visits the RRC states between a and b (a ≥ the anchor's promotion end): tail phases, then idle.
   * A visitor rather than a list: the fold settles at every packet, and a list of segments made
   * for each was a fifth of a million-event session's radio fold.
   */
  private walk(a: number, b: number, visit: (from: number, to: number, state: RadioState, watts: number) => void): void {
    let at = a;
    if (this.anchor !== null) {
      let from = this.anchor;
      for (const ph of this.profile.tail) {
        const to = from + ph.sec * 1000;
        const x = Math.max(at, from);
        const y = Math.min(b, to);
        if (y > x) {
          visit(x, y, ph.state, ph.watts);
          at = y;
        }
        from = to;
      }
      at = Math.max(at, Math.min(b, from));
    }
    if (b > at) visit(at, b, 'idle', this.profile.idleWatts);
  }

  private emit(from: number, to: number, state: RadioState): void {
    const last = this.segments[this.segments.length - 1];
    if (last && last.state === state && last.to === from) last.to = to;
    else this.segments.push({ from, to, state });
  }

  /** The projected segments from the last settled instant to `now` (not stored): the lane's open end. */
  projected(now: number): RadioSegment[] {
    const out: RadioSegment[] = [];
    this.walk(this.settled, now, (from, to, state) => out.push({ from, to, state }));
    return out;
  }

  /** Energy up to the last event seen (or `until`), without changing the fold. */
  result(until = this.last): Energy {
    const { joules, overMs, r } = this.upTo(until);
    const simSec = (until - this.start) / 1000;
    return {
      joules: roundJoules(joules),
      joulesPerDay: joulesPerDay(joules, simSec),
      radioOnSec: roundJoules((this.onMs + r.onMs - overMs) / 1000),
      idleJoules: roundJoules(this.idleJoules + r.idleJoules),
      profile: (this.used.length ? this.used : [this.profile.name]).join('+'),
    };
  }

  /**
   * Joules up to `until`, unrounded: a short range's rate per day is scaled by a day over its
   * length, and the hundredths `result` keeps would be scaled with it (±14 J/day over a minute).
   */
  joulesUntil(until = this.last): number {
    return this.upTo(until).joules;
  }

  private upTo(until: number): { joules: number; overMs: number; r: { joules: number; idleJoules: number; onMs: number } } {
    // A promotion still under way at `until` was paid in full when it began: only its part before
    // `until` counts (a heartbeat at the last instant of a run would otherwise outlast the run).
    const overMs = Math.max(0, this.settled - until);
    const r = this.integrate(this.settled, Math.max(until, this.settled), false);
    return { joules: this.joules + r.joules - (overMs / 1000) * this.promotionWatts, overMs, r };
  }
}

function tailMs(p: RadioProfile): number {
  return p.tail.reduce((s, ph) => s + ph.sec * 1000, 0);
}

/** The tail phase `ms` after the tail started (undefined past its end). */
function phaseAt(p: RadioProfile, ms: number): RadioProfile['tail'][number] | undefined {
  let end = 0;
  return p.tail.find((ph) => ms < (end += ph.sec * 1000));
}

/** The rate the Radio energy card shows: joules spent over `sec` seconds, per day (0 over no time). */
export function joulesPerDay(joules: number, sec: number): number {
  return sec > 0 ? roundJoules((joules / sec) * DAY_SEC) : 0;
}

/** Joules as the energy fold reports them (to the hundredth); a range's difference is rounded the same way. */
export function roundJoules(x: number): number {
  return Math.round(x * 100) / 100;
}
