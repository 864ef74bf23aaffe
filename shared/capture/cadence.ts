// The keep-alive cadence a capture shows: which payload is a heartbeat, a reply or a push, and the
// median interval of each side's heartbeats and of the pushes. Apart from the scenario it feeds
// (capture-scenario.ts), so reading a capture never loads the scenario's schema.
import { VERBS } from '../model/protocol.ts';
import { round6, type PacketDir } from './capture-analysis.ts';

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
