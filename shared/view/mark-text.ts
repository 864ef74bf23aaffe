// What hovering a mark says, as DevTools' tooltips do: its time to the millisecond, its kind and
// number, the connection it concerns, where it sits (the idle time, or why it has no line) and
// whether it arrived. The inspector's tooltip lists this for every mark of a group.
import type { Marker, MarkerKind } from '../folds/series.ts';
import { formatTimeMs } from '../util/time-format.ts';
import { MARKERS } from './chart-view.ts';

export interface MarkText {
  time: string;
  /** "push sent #3". */
  title: string;
  /** "connection #1", "idle 330 s, after its NAT mapping expired", "lost"… */
  facts: string[];
}

const PUSHES: ReadonlySet<MarkerKind> = new Set(['push', 'voip-push', 'callkit-report', 'push-blocked']);
const HEARTBEATS: ReadonlySet<MarkerKind> = new Set(['server-heartbeat', 'client-heartbeat', 'keepalive']);

function where(m: Marker): string | null {
  if (m.y !== null) return `idle ${Math.round(m.y)} s${m.expired ? ', after its NAT mapping expired' : ''}`;
  // A push on another path than the app's socket (PushKit, a silent push) has no mapping to lack:
  // "not on an app connection" says where it is; "no NAT mapping" beside "delivered" read as a fault.
  if (m.conn === undefined && PUSHES.has(m.kind)) return null;
  // No line to sit on: an earlier connection's mapping, or none at all.
  return m.conn !== undefined ? 'its NAT mapping is gone' : 'no NAT mapping';
}

function fate(m: Marker): string | null {
  if (m.delivered === undefined) return null;
  if (m.kind === 'push') return m.delivered ? 'delivered' : 'never delivered: lost';
  if (HEARTBEATS.has(m.kind)) return m.delivered ? 'passed the NAT' : 'dropped at the NAT: never arrived';
  return m.delivered ? 'arrived' : 'never arrived';
}

export function markText(m: Marker): MarkText {
  const facts: string[] = [];
  if (m.conn !== undefined) facts.push(`connection #${m.conn}`);
  else if (m.conn === undefined && PUSHES.has(m.kind)) facts.push('not on an app connection');
  const at = where(m);
  if (at) facts.push(at);
  const f = fate(m);
  if (f) facts.push(f);
  if (m.reason) facts.push(m.reason);
  return { time: formatTimeMs(m.t), title: `${MARKERS[m.kind].label} #${m.ref}`, facts };
}
