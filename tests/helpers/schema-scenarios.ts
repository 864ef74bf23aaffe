// Scenarios generated from the scenario's own JSON Schema (what `lifeline schema` prints), with
// extreme values: every number at its floor, just above it, below it, zero, huge or at its
// ceiling; enums, booleans, nulls and optional parts drawn at random. Seeded: the same seed gives
// the same scenarios. Cross-field references (timeline times, network names) are drawn from what
// was generated, so that a fair share passes validation and runs.
import { scenarioJsonSchema } from '../../shared/scenario/scenario.ts';
import { seededRandom } from '../../shared/util/random.ts';

interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  items?: JsonSchema;
  minimum?: number;
  maximum?: number;
  maxItems?: number;
}

/** Fields a generated scenario leaves out: free text and the test expectations do not pace a run. */
const SKIPPED = new Set(['$schema', 'lesson', 'expect']);
const NETWORK_NAMES = ['wifi_home', 'mobile_carrier'];
/** How often an optional part is there: a scenario needs a NAT unless it has networks. */
const PRESENT: Record<string, number> = { nat: 0.9, model: 0.6, networks: 0.2 };
/** Durations worth running: an instant, a second, a minute, ten minutes, an hour, the 30-day ceiling. */
const DURATIONS = [0.001, 1, 60, 600, 3600, 30 * 86_400];

export function schemaScenarios(seed: number, count: number): unknown[] {
  const rnd = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const root = scenarioJsonSchema() as JsonSchema;
  let hostile = false;

  const number = (s: JsonSchema, integer: boolean): number => {
    const min = s.minimum ?? 0;
    const max = s.maximum !== undefined && s.maximum < 1e9 ? s.maximum : 1e9;
    const valid = [min, min, integer ? min + 1 : min * 1.5 + 1e-9, integer ? Math.min(max, min + 3) : Math.min(max, min * 10 + 1), max];
    // In a hostile scenario a number is below its floor one time in four (refused, naming the field).
    const invalid = integer ? [min - 1] : [min / 1000, 0, -1, 1e-6];
    return hostile && rnd() < 1 / 4 ? pick(invalid) : pick(valid);
  };

  const value = (s: JsonSchema, key: string): unknown => {
    if (s.anyOf) return value(rnd() < 0.3 && s.anyOf.some((b) => b.type === 'null') ? { type: 'null' } : pick(s.anyOf.filter((b) => b.type !== 'null')), key);
    if (s.enum) return pick(s.enum);
    switch (s.type) {
      case 'null':
        return null;
      case 'boolean':
        return rnd() < 0.5;
      case 'integer':
        return number(s, true);
      case 'number':
        return key === 'durationSec' ? pick(DURATIONS) : number(s, false);
      case 'string':
        return key === 'name' ? 'generated' : pick(NETWORK_NAMES);
      case 'array':
        return Array.from({ length: Math.floor(rnd() * 5) }, () => value(s.items!, key));
      case 'object':
        return object(s);
      default:
        throw new Error(`Invariant: no generator for schema type ${s.type}`);
    }
  };

  const object = (s: JsonSchema): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    if (!s.properties && typeof s.additionalProperties === 'object') {
      // A record (networks): one or two of the names the rest of the scenario refers to.
      for (const name of NETWORK_NAMES.slice(0, 1 + Math.floor(rnd() * 2))) out[name] = value(s.additionalProperties, name);
      return out;
    }
    for (const [k, p] of Object.entries(s.properties ?? {})) {
      if (SKIPPED.has(k)) continue;
      if (s.required?.includes(k) || rnd() < (PRESENT[k] ?? 0.35)) out[k] = value(p, k);
    }
    return out;
  };

  return Array.from({ length: count }, () => {
    hostile = rnd() < 0.3;
    const s = object(root) as Generated & { durationSec: number; timeline?: { atSec: number; to?: string; action: string }[] };
    // Timeline times within the run, mostly, and only a network change names a network.
    for (const e of s.timeline ?? []) {
      if (rnd() < 0.9) e.atSec = Math.round(rnd() * s.durationSec * 1000) / 1000;
      if (e.action !== 'network-change' || !s.networks) delete e.to;
    }
    if (s.networks && rnd() < 0.9) {
      delete s.nat;
      s.network = NETWORK_NAMES[0];
    } else if (!s.networks) delete s.network;
    if (!hostile) agree(s);
    return s;
  });
}

type Generated = Record<string, unknown> & { app: Record<string, unknown>; server: Record<string, unknown>; networks?: object };

/** A friendly scenario's parts agree with each other, so that its extreme numbers get to run. */
function agree(s: Generated): void {
  const r = s.app.reconnect as { initialSec: number; maxSec: number } | null;
  if (r && r.maxSec < r.initialSec) [r.initialSec, r.maxSec] = [r.maxSec, r.initialSec];
  if (s.server.pushVia !== 'local-push') delete s.server.fallback;
  else if (!s.networks) s.server.pushVia = 'socket';
  if (s.app.localPush) s.app.localPush = s.networks ? { ssids: Object.keys(s.networks) } : undefined;
  if (s.server.pushVia === 'local-push' && !s.app.localPush) s.app.localPush = { ssids: Object.keys(s.networks!) };
  if (s.app.heartbeatPolicy === 'mqtt' && s.app.mqttKeepAliveSec === undefined) s.app.mqttKeepAliveSec = 60;
}
