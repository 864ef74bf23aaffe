// Chart series as a pure, incremental fold of the event log (docs/design.md "Shared folds"): the
// idle-gap sawtooth, heartbeat and failure markers, and the lifecycle and connection lanes. Live,
// replay and tests all build them with this code.
import type { LifecycleState, LifelineEvent } from './events.ts';
import type { ConnectionLaneState } from './summary.ts';

export type { ConnectionLaneState };

export type MarkerKind = 'server-heartbeat' | 'client-heartbeat' | 'keepalive' | 'push' | 'nat-expiry' | 'disconnect';

export interface Marker {
  t: number;
  /** Seconds since the NAT mapping last saw traffic, at that instant. */
  y: number;
  kind: MarkerKind;
  /** This marker's number among its kind (0, 1, 2…): lets thinning keep the same ones while panning. */
  n: number;
}

export interface Segment<S> {
  from: number;
  /** null while the segment is still open (it ends "now"). */
  to: number | null;
  state: S;
}

export class SeriesFold {
  /** The sawtooth as parallel arrays (times in ms, idle seconds or null for a gap): cheap to append. */
  readonly idleT: number[] = [];
  readonly idleY: (number | null)[] = [];
  readonly markers: Marker[] = [];
  readonly lifecycle: Segment<LifecycleState>[] = [];
  readonly connection: Segment<ConnectionLaneState>[] = [];
  natTimeoutSec = 0;
  durationMs = 0;
  lastT = 0;
  private mapping = 0;
  private lastRefresh: number | null = null;
  private counts = new Map<MarkerKind, number>();

  private mark(t: number, y: number, kind: MarkerKind): void {
    const n = this.counts.get(kind) ?? 0;
    this.counts.set(kind, n + 1);
    this.markers.push({ t, y, kind, n });
  }

  /** `connection` is the lane state after the event (from the summary fold, so both agree). */
  push(e: LifelineEvent, connection: ConnectionLaneState): void {
    this.lastT = e.t;
    switch (e.kind) {
      case 'run.start':
        this.natTimeoutSec = e.natIdleTimeoutSec;
        this.durationMs = e.durationSec * 1000;
        break;
      case 'nat':
        this.onNat(e);
        break;
      case 'heartbeat':
        this.mark(e.t, this.idleAt(e.t), e.source === 'server' ? 'server-heartbeat' : e.source === 'client' ? 'client-heartbeat' : 'keepalive');
        break;
      case 'push':
        if (e.op === 'sent') this.mark(e.t, this.idleAt(e.t), 'push');
        break;
      case 'conn':
        if (e.op === 'closed') this.mark(e.t, 0, 'disconnect');
        break;
      case 'socket.defunct':
        this.mark(e.t, 0, 'disconnect');
        break;
      case 'lifecycle':
        lane(this.lifecycle, e.t, e.state);
        break;
      default:
        break;
    }
    lane(this.connection, e.t, connection);
  }

  private onNat(e: Extract<LifelineEvent, { kind: 'nat' }>): void {
    if (e.op === 'created') {
      this.breakLine(e.t);
      this.mapping = e.mapping;
      this.point(e.t, 0);
      this.lastRefresh = e.t;
      return;
    }
    if (e.mapping !== this.mapping) return;
    if (e.op === 'forward' && e.refreshed && this.lastRefresh !== null) {
      this.point(e.t, this.idleAt(e.t));
      this.point(e.t, 0);
      this.lastRefresh = e.t;
    } else if (e.op === 'expired') {
      this.mark(e.t, this.natTimeoutSec, 'nat-expiry');
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

function lane<S>(segments: Segment<S>[], t: number, state: S): void {
  const last = segments[segments.length - 1];
  if (last && last.state === state) return;
  if (last) last.to = t;
  segments.push({ from: t, to: null, state });
}
