// The limits a run enforces on itself (docs/design.md "Bounded runs"), and the words that say which
// scenario field drove a run into one. Validation refuses what estimateEvents says cannot fit; this
// is the backstop for whatever it could not foresee (a live client, a bug, a source it misjudged).
import type { LifelineEvent } from '../log/events.ts';
import { EVENT_BUDGET, type Scenario } from './scenario.ts';

/**
 * Events one virtual millisecond may hold: the start of a run and a few sources firing together
 * record a few dozen, and each timeline action due in that millisecond up to ACTION_EVENTS more.
 * Past this, virtual time has stopped moving and the run would never end.
 */
export const EVENTS_PER_MS_BASE = 2000;
const ACTION_EVENTS = 60;

export function eventsPerMsLimit(s: Scenario): number {
  const at = new Map<number, number>();
  let most = 0;
  for (const e of s.timeline) {
    const ms = Math.round(e.atSec * 1000);
    const n = (at.get(ms) ?? 0) + 1;
    at.set(ms, n);
    most = Math.max(most, n);
  }
  return EVENTS_PER_MS_BASE + ACTION_EVENTS * most;
}

export interface RunLimits {
  maxEvents: number;
  maxPerMs: number;
}

export function runLimits(s: Scenario, maxEvents = EVENT_BUDGET): RunLimits {
  return { maxEvents, maxPerMs: eventsPerMsLimit(s) };
}

/** The scenario field that paces an event's source, or null for an event another one set off. */
function paceOf(s: Scenario, e: LifelineEvent): string | null {
  switch (e.kind) {
    case 'heartbeat':
      if (e.source === 'keepalive') return 'app.keepAliveTimeoutSec';
      if (e.source === 'server') return s.server.heartbeatPolicy === 'mars' ? 'server.heartbeatPolicy' : 'server.heartbeatSec';
      return s.app.heartbeatPolicy === 'mqtt' ? 'app.mqttKeepAliveSec' : s.app.heartbeatPolicy === 'mars' ? 'app.heartbeatPolicy' : 'app.clientHeartbeatSec';
    case 'push':
      return e.op === 'sent' ? 'server.pushEverySec' : null;
    case 'refresh':
      return e.op === 'scheduled' ? 'app.backgroundRefresh.earliestBeginSec' : null;
    case 'conn':
      return e.op === 'connecting' ? 'app.reconnect.initialSec' : null;
    case 'nat':
      return e.op === 'expired' ? 'nat.idleTimeoutSec' : null;
    case 'action':
      return e.source === 'live' ? 'live actions (run.act)' : 'timeline';
    case 'local-push':
      return e.op === 'timer' ? 'model.localPushTimerSec' : e.op === 'stop' ? 'model.lockedWifiOffEverySec' : null;
    default:
      return null;
  }
}

/** The field whose source recorded most among `events`, with its value in the scenario. */
export function drivingField(s: Scenario, events: readonly LifelineEvent[]): string {
  const counts = new Map<string, number>();
  for (const e of events) {
    const f = paceOf(s, e);
    if (f) counts.set(f, (counts.get(f) ?? 0) + 1);
  }
  let top: string | null = null;
  for (const [f, n] of counts) if (top === null || n > counts.get(top)!) top = f;
  if (top === null) return 'durationSec';
  const value = top.split('.').reduce<unknown>((o, k) => (o !== null && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), s);
  return value === undefined || typeof value === 'object' ? top : `${top} (${JSON.stringify(value)})`;
}

/** Why a run stopped itself, in one line that names the field that drove it. */
export function limitMessage(s: Scenario, hit: { limit: 'events' | 'per-ms'; count: number; t: number; recent: readonly LifelineEvent[] }): string {
  const at = `t = ${(hit.t / 1000).toLocaleString('en', { maximumFractionDigits: 3 })} s`;
  const field = drivingField(s, hit.limit === 'per-ms' ? hit.recent.filter((e) => e.t === hit.t) : hit.recent);
  const kept = 'the session file keeps the run up to here';
  if (hit.limit === 'events') return `run stopped at ${at}: it reached the event budget of ${hit.count.toLocaleString('en')} events, driven by ${field}; ${kept}`;
  return `run stopped at ${at}: ${hit.count.toLocaleString('en')} events within one virtual millisecond (virtual time stopped moving), driven by ${field}; ${kept}`;
}
