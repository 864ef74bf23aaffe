// A capture → a scenario that reproduces it (`lifeline analyze --scenario`): each side's heartbeat
// cadence, the NAT timeout the capture proves, the pushes (server → client payload that is not a
// heartbeat) and the duration. The device model's parts a capture does not show are the base
// presets' (shared/scenario/presets.ts BASE): a correctly configured VoIP app that stays in the
// foreground, so its timers run as the captured client's did.
import { VERBS } from '../model/protocol.ts';
import { round6, type PacketDir } from './capture-analysis.ts';
import type { NatTimeoutBounds } from './nat-timeout.ts';
import { MIN_INTERVAL_SEC, MIN_NAT_IDLE_SEC, validateScenario, type Scenario } from '../scenario/scenario.ts';
import { roundMs } from '../util/time-format.ts';

/** What one payload-carrying packet is to keep-alive. */
export type PayloadKind = 'beat' | 'reply' | 'push';

/** An answer this soon after the other side's payload is a reply, not a heartbeat of its own. */
export const REPLY_WITHIN_SEC = 2;

const MQTT_PINGREQ = 0xc0;
const MQTT_PINGRESP = 0xd0;
const MQTT_PUBLISH = 0x30;

/**
 * Lifeline's line protocol by verb (shared/model/protocol.ts), MQTT by packet type; anything else
 * by timing: a quick answer to the other side is a reply, the rest a heartbeat.
 */
export function payloadKind(payload: Uint8Array, dir: PacketDir, sinceOtherSideSec: number): PayloadKind {
  const verb = new TextDecoder().decode(payload.subarray(0, 8)).split(/[ \n]/)[0]!;
  if ((VERBS as readonly string[]).includes(verb)) return verb === 'PING' ? 'beat' : verb === 'PUSH' ? 'push' : 'reply';
  const type = (payload[0] ?? 0) & 0xf0;
  if (payload.length === 2 && type === MQTT_PINGREQ) return 'beat';
  if (payload.length === 2 && type === MQTT_PINGRESP) return 'reply';
  if (type === MQTT_PUBLISH && dir === 'down' && payload[1] !== undefined) return 'push';
  return sinceOtherSideSec <= REPLY_WITHIN_SEC ? 'reply' : 'beat';
}

/** Median seconds between heartbeats (client's, server's) and between pushes; null with fewer than two. */
export interface Cadence {
  client: number | null;
  server: number | null;
  push: number | null;
}

/** The cadence of each side's heartbeats and of the server's pushes, from the packets' payload. */
export class CadenceFold {
  private readonly lastPayload: Record<PacketDir, number | null> = { up: null, down: null };
  private readonly last: Record<'up' | 'down' | 'push', number | null> = { up: null, down: null, push: null };
  private readonly intervals: Record<'up' | 'down' | 'push', number[]> = { up: [], down: [], push: [] };
  private first: number | null = null;

  add(tSec: number, dir: PacketDir, payload: Uint8Array): void {
    this.first ??= tSec;
    if (payload.length === 0) return;
    const other = this.lastPayload[dir === 'up' ? 'down' : 'up'];
    const kind = payloadKind(payload, dir, other === null ? Infinity : tSec - other);
    this.lastPayload[dir] = tSec;
    const series = kind === 'push' ? 'push' : kind === 'beat' ? dir : null;
    if (series === null) return;
    const prev = this.last[series];
    if (prev !== null) this.intervals[series].push(tSec - prev);
    this.last[series] = tSec;
  }

  medians(): Cadence {
    // One push: a periodic push whose first comes one period after the connection opened.
    const onePush = this.intervals.push.length === 0 && this.last.push !== null ? [this.last.push - this.first!] : [];
    return { client: median(this.intervals.up), server: median(this.intervals.down), push: median([...this.intervals.push, ...onePush]) };
  }
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = Float64Array.from(xs).sort();
  const mid = s.length >> 1;
  return round6(s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2);
}

export interface ScenarioFromCapture {
  name: string;
  durationSec: number;
  cadence: Cadence;
  bounds: NatTimeoutBounds;
  largestGapSec: number | null;
  /** The NAT timeout the user gave (`--nat-timeout`, the inspector's field), if any. */
  userNatSec: number | null;
  defaultNatSec: number;
}

/**
 * The NAT idle timeout to simulate. With an upper bound, a second under it, so the gap that broke
 * the capture's connection breaks the run's too (a NAT counts whole seconds, FACTS: RFC idle timeouts). With only a lower bound, the user's value, else one just
 * above every gap seen, so no mapping the capture kept expires in the run.
 */
export function natForScenario(s: Pick<ScenarioFromCapture, 'bounds' | 'largestGapSec' | 'userNatSec' | 'defaultNatSec'>): number {
  const { low, high } = s.bounds;
  if (high !== null) return Math.max(MIN_NAT_IDLE_SEC, Math.floor(low) + 1, Math.ceil(high) - 1);
  if (s.userNatSec !== null) return Math.max(MIN_NAT_IDLE_SEC, s.userNatSec);
  return Math.max(s.defaultNatSec, Math.floor(s.largestGapSec ?? 0) + 1);
}

const cadenceSec = (x: number | null) => (x === null ? null : Math.max(MIN_INTERVAL_SEC, round6(x)));

export function scenarioFromCapture(s: ScenarioFromCapture): Scenario {
  const nat = natForScenario(s);
  return validateScenario({
    name: s.name,
    lesson: `Made from a capture: client heartbeat ${s.cadence.client ?? 'none'}, server heartbeat ${s.cadence.server ?? 'none'}, pushes every ${s.cadence.push ?? 'never'} s; NAT ${nat} s (${describeSource(s)}).`,
    durationSec: Math.max(1, Math.ceil(s.durationSec)),
    seed: 1,
    ios: 9,
    app: {
      voipSocket: true,
      voipBackgroundMode: true,
      clientHeartbeatSec: cadenceSec(s.cadence.client),
      keepAliveTimeoutSec: null,
      backgroundTask: 'none',
      reconnect: { initialSec: 2, maxSec: 120 },
    },
    server: { heartbeatSec: cadenceSec(s.cadence.server), pushEverySec: cadenceSec(s.cadence.push) },
    nat: { idleTimeoutSec: nat, onExpiry: 'drop', refreshOn: 'both' },
    timeline: [],
  }, s.name);
}

function describeSource(s: ScenarioFromCapture): string {
  if (s.bounds.high !== null) return `the capture shows the path forgot the connection after ${roundMs(s.bounds.low)}–${roundMs(s.bounds.high)} s idle`;
  return s.userNatSec !== null ? 'the value given; the capture shows no upper bound' : 'above every idle gap in the capture';
}
