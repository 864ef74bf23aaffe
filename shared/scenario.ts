// The scenario file (docs/design.md "Scenario format"): validated with zod, exported as JSON Schema for editors.
import { z } from 'zod';
import type { TimelineActionName } from './events.ts';
import { locateJsonFault } from './json-locate.ts';
import { ExpectSchema } from './expect.ts';

const positive = (what: string) => z.number({ error: `must be a number (${what})` }).positive({ error: `must be > 0 (${what})` });
const seconds = positive('seconds');

export const TIMELINE_ACTIONS = [
  'background', 'foreground', 'lock', 'unlock', 'kill', 'memory-pressure', 'network-change', 'server-restart', 'push',
] as const satisfies readonly TimelineActionName[];

/** FACTS: setKeepAliveTimeout keep-alive handler — the minimum timeout is 600 s (UIMinimumKeepAliveTimeout). */
export const MIN_KEEPALIVE_TIMEOUT_SEC = 600;

/**
 * Model settings whose real value is uncertain (confidence M or L; docs/model.md "Model settings"):
 * each is a setting with the documented default, and the UI shows the confidence next to it.
 */
export const ModelSettings = z.strictObject({
  /** FACTS: iOS app lifecycle — about 5 s from didEnterBackground to suspension (M). */
  suspendAfterSec: seconds.default(5),
  /** FACTS: Background task — null picks the observed budget for the iOS version (M/L). */
  backgroundTaskSec: seconds.nullable().default(null),
  /** FACTS: VoIP wake length — undocumented, so a setting; default 10 s (L). */
  voipWakeSec: seconds.default(10),
  /** FACTS: setKeepAliveTimeout keep-alive handler — the handler has at most 10 s (H). */
  keepAliveHandlerSec: seconds.default(10),
  /** FACTS: setKeepAliveTimeout keep-alive handler — may run early, by an unknown amount (L). */
  keepAliveShiftMaxSec: z.number().min(0).default(0),
});

export const ScenarioSchema = z.strictObject({
  /** Lets a scenario file name its JSON Schema, so editors complete and check it. */
  $schema: z.string().optional(),
  name: z.string().min(1, { error: 'must not be empty' }),
  lesson: z.string().optional(),
  durationSec: seconds.max(30 * 86400, { error: 'must be at most 30 days' }),
  seed: z.number().int({ error: 'must be an integer' }).optional(),
  ios: z.number().int({ error: 'must be an integer major version' }).min(4, { error: 'must be 4 or later (the VoIP APIs start with iOS 4)' }).max(30),
  app: z.strictObject({
    voipSocket: z.boolean(),
    voipBackgroundMode: z.boolean(),
    clientHeartbeatSec: seconds.nullable(),
    keepAliveTimeoutSec: z
      .number()
      .min(MIN_KEEPALIVE_TIMEOUT_SEC, { error: `must be at least ${MIN_KEEPALIVE_TIMEOUT_SEC} s (UIMinimumKeepAliveTimeout: setKeepAliveTimeout rejects less)` })
      .nullable(),
    backgroundTask: z.enum(['none', 'ends-on-expiry', 'seed-snippet']),
    reconnect: z
      .strictObject({ initialSec: seconds, maxSec: seconds })
      .refine((r) => r.maxSec >= r.initialSec, { error: 'maxSec must be >= initialSec', path: ['maxSec'] })
      .nullable(),
  }),
  server: z.strictObject({
    heartbeatSec: seconds.nullable(),
    pushEverySec: seconds.nullable(),
    /** Dead-peer detection: unanswered PINGs before the server drops a client. */
    deadAfterMissed: z.number().int().min(1).default(2),
    restartDownSec: z.number().min(0).default(5),
  }),
  nat: z.strictObject({
    idleTimeoutSec: seconds,
    onExpiry: z.enum(['silent-drop', 'reset']),
    refreshOn: z.enum(['both', 'outbound']),
  }),
  timeline: z
    .array(z.strictObject({ atSec: z.number().min(0, { error: 'must be >= 0' }), action: z.enum(TIMELINE_ACTIONS) }))
    .default([]),
  model: ModelSettings.default(ModelSettings.parse({})),
  /** Constraints on the summary, checked by `lifeline test` (shared/expect.ts). */
  expect: ExpectSchema.optional(),
});

export type Scenario = z.output<typeof ScenarioSchema>;
export type ScenarioInput = z.input<typeof ScenarioSchema>;
export type TimelineEntry = Scenario['timeline'][number];

export class ScenarioError extends Error {
  constructor(
    readonly source: string,
    readonly issues: string[],
  ) {
    super(`${source}: ${issues.join('; ')}`);
  }
}

/** Validates an already-parsed value; errors name the source and the field path. */
export function validateScenario(value: unknown, source = 'scenario'): Scenario {
  const r = ScenarioSchema.safeParse(value);
  if (r.success) {
    const late = r.data.timeline.findIndex((e) => e.atSec > r.data.durationSec);
    if (late >= 0) throw new ScenarioError(source, [`timeline[${late}].atSec: is after durationSec (${r.data.durationSec})`]);
    return r.data;
  }
  throw new ScenarioError(
    source,
    r.error.issues.map((i) => `${i.path.length ? formatPath(i.path) : '(top level)'}: ${i.message}`),
  );
}

/** Parses JSON text; a syntax error names the line and column. */
export function parseScenarioText(text: string, source: string): Scenario {
  return validateScenario(parseJsonText(text, source), source);
}

export function parseJsonText(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const f = locateJsonFault(text);
    throw new ScenarioError(source, [`line ${f.line} column ${f.column}: invalid JSON, expected ${f.expected}`]);
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');
}

export function scenarioJsonSchema(): unknown {
  return z.toJSONSchema(ScenarioSchema, { io: 'input' });
}
