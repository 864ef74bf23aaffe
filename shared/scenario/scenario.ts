// The scenario file (docs/design.md "Scenario format"): validated with zod, exported as JSON Schema for editors.
import { z } from 'zod';
import { PUSH_FALLBACKS, PUSH_ROUTES, TIMELINE_ACTIONS } from '../log/events.ts';
import { locateJsonFault } from '../util/json-locate.ts';
import { ExpectSchema } from './expect.ts';
import { echo, NO_CONTROL } from '../util/one-line.ts';
import { RADIO_PROFILES } from '../model/radio.ts';
import { ScenarioError } from './scenario-error.ts';

const positive = (what: string) => z.number({ error: `must be a number (${what})` }).positive({ error: `must be > 0 (${what})` });
const seconds = positive('seconds');

/**
 * Floors of the scenario's durations (docs/model.md "Duration floors"): each stands for something
 * physical, and together they keep every timer of a run moving virtual time forward.
 * MIN_DURATION_SEC: the event log counts time in whole milliseconds, so a shorter stretch of
 * app execution or system time would happen within the instant it started.
 */
export const MIN_DURATION_SEC = 0.001;
/** Longest run a scenario may ask for (`durationSec`): 30 days. */
export const MAX_DURATION_SEC = 30 * 86400;
/** Longest scenario name, in characters. */
export const MAX_NAME_CHARS = 200;
/**
 * Shortest interval between repeated network work (heartbeats, pushes, reconnect attempts, refresh
 * runs, provider timer ticks): about one round trip on a mobile network, under which a PING is not
 * answered before the next is due.
 */
export const MIN_INTERVAL_SEC = 0.1;
/** NATs count idle time in whole seconds (every timeout in docs/model.md "NAT timeout values"; Linux conntrack). */
export const MIN_NAT_IDLE_SEC = 1;

const atLeast = (min: number, why: string) => seconds.min(min, { error: `must be at least ${min} s (${why})` });
const duration = atLeast(MIN_DURATION_SEC, 'the event log counts whole milliseconds');
const interval = atLeast(MIN_INTERVAL_SEC, 'about one mobile round trip; shorter intervals make a run that cannot finish');
const natIdle = atLeast(MIN_NAT_IDLE_SEC, 'NATs count idle time in whole seconds');

/** Most events a scenario may be expected to record (see estimateEvents): about 1 GB of session file. */
export const EVENT_BUDGET = 10_000_000;
/** Most timeline entries; with the string limits below, a valid scenario fits in MAX_SCENARIO_BYTES. */
export const MAX_TIMELINE_ENTRIES = 100_000;
const MAX_TEXT = 2000;
/** Longest compact JSON of a valid scenario: 100,000 entries of ≤ 80 bytes, plus the rest. */
export const MAX_SCENARIO_BYTES = MAX_TIMELINE_ENTRIES * 80 + 64 * 1024;
const boundedText = (what: string, max: number) => z.string().max(max, { error: `must be at most ${max} characters (${what})` });
/** Text shown as it is, on one line, may hold no control characters: `shown` says where. */
const noControl = (shown: string) => ({ error: `must not contain control characters (tab, line break, escape…): ${shown}` });
/** A network label: a key of `networks`, and the names that refer to one. */
const networkLabel = z.string().min(1, { error: 'must not be empty' }).max(64, { error: 'must be at most 64 characters' }).regex(NO_CONTROL, noControl('a label is shown in the event log and the inspector'));

/** How the app uses a background task; `seed-snippet` is the article's snippet, which never ends it. */
export const BACKGROUND_TASKS = ['none', 'ends-on-expiry', 'seed-snippet'] as const;

export { TIMELINE_ACTIONS };

/** Heartbeat policies (electron/engine/policy): the client may run any, the server fixed or mars. */
export const CLIENT_HEARTBEAT_POLICIES = ['fixed', 'mars', 'mqtt'] as const;
export const SERVER_HEARTBEAT_POLICIES = ['fixed', 'mars'] as const;
/** `android`: a comparison model of a process that is not suspended in the background (Mars' home), not an Android simulator. */
export const PLATFORMS = ['ios', 'android'] as const;
/**
 * FACTS: What an expired mapping does — `drop`: the NAT forgets the flow and drops every later
 * packet, from either side; `reset-inside`: it forgets the flow, drops packets from outside and
 * answers the next packet from inside with a RST; `reset-both`: it sends a RST to both ends at the
 * moment of expiry (firewalls that reset on timeout).
 */
export const NAT_EXPIRY_ACTIONS = ['drop', 'reset-inside', 'reset-both'] as const;
export type NatExpiry = (typeof NAT_EXPIRY_ACTIONS)[number];
/**
 * Names of earlier versions, read as the behaviour the engine gave them (docs/model.md "What an
 * expired mapping does"): files and sessions recorded with them run and replay as they did.
 */
const NAT_EXPIRY_MIGRATION = { 'silent-drop': 'reset-inside', reset: 'reset-both' } as const satisfies Record<string, NatExpiry>;
/** Every name `onExpiry` (and `lifeline nat --on-expiry`) accepts: today's, then the earlier ones. */
export const NAT_EXPIRY_NAMES = [...NAT_EXPIRY_ACTIONS, ...(Object.keys(NAT_EXPIRY_MIGRATION) as (keyof typeof NAT_EXPIRY_MIGRATION)[])] as const;
/** The behaviour a name stands for: an earlier name is read as the behaviour it had. */
export function migrateNatExpiry(name: (typeof NAT_EXPIRY_NAMES)[number]): NatExpiry {
  return name in NAT_EXPIRY_MIGRATION ? NAT_EXPIRY_MIGRATION[name as keyof typeof NAT_EXPIRY_MIGRATION] : (name as NatExpiry);
}
export const NAT_REFRESH_ON = ['both', 'outbound'] as const;
/** FACTS: Socket reclaim timing — when the kernel reclaims a non-VoIP socket. */
export const RECLAIM_MOMENTS = ['suspension', 'lock'] as const;
export type ReclaimMoment = (typeof RECLAIM_MOMENTS)[number];
/** FACTS: MQTT keep-alive — at most 65535 s. */
export const MQTT_MAX_KEEPALIVE_SEC = 65_535;

/** FACTS: setKeepAliveTimeout keep-alive handler — the minimum timeout is 600 s (UIMinimumKeepAliveTimeout). */
export const MIN_KEEPALIVE_TIMEOUT_SEC = 600;

/**
 * Model settings whose real value is uncertain (confidence M or L; docs/model.md "Model settings"):
 * each is a setting with the documented default, and the UI shows the confidence next to it.
 */
export const ModelSettings = z.strictObject({
  /** FACTS: iOS app lifecycle — about 5 s from didEnterBackground to suspension (M). */
  suspendAfterSec: duration.default(5),
  /** FACTS: Background task — null picks the observed budget for the iOS version (M/L). */
  backgroundTaskSec: duration.nullable().default(null),
  /** FACTS: VoIP wake length — undocumented, so a setting; default 10 s (L). */
  voipWakeSec: duration.default(10),
  /** FACTS: setKeepAliveTimeout keep-alive handler — the handler has at most 10 s (H). */
  keepAliveHandlerSec: duration.default(10),
  /** FACTS: setKeepAliveTimeout keep-alive handler — may run early, by an unknown amount (L). */
  keepAliveShiftMaxSec: z.number().min(0).default(0),
  /**
   * FACTS: Socket reclaim timing — when the kernel reclaims a non-VoIP socket: left out, by `ios`
   * (iOS 4–6 at the screen lock, M; later as soon as the app is suspended, H); given, it overrides.
   */
  reclaimSocketsAt: z.enum(RECLAIM_MOMENTS).optional(),
  /** FACTS: CallKit reporting rule — how many unreported VoIP pushes before the system stops delivering them: undocumented, folklore 4 (L). */
  callKitBlockAfter: z.number().int({ error: 'must be an integer' }).min(1, { error: 'must be at least 1' }).default(4),
  /** FACTS: Background app refresh — about 30 s of runtime per run (M). */
  refreshRunSec: interval.default(30),
  /** FACTS: Background app refresh — how much later than earliestBeginDate the system may run it: undocumented (L). */
  refreshLateMaxSec: z.number().min(0).default(3600),
  /** FACTS: Silent push budget — Apple advises no more than two or three an hour; the real throttle is not published (L). */
  silentPushesPerHour: z.number().int({ error: 'must be an integer' }).min(0).default(3),
  /** FACTS: Local Push Connectivity — how often the system calls the provider's handleTimerEvent: undocumented (L). */
  localPushTimerSec: interval.default(60),
  /**
   * FACTS: Local Push Connectivity — a field report: a locked phone on battery may turn Wi-Fi off
   * for about 30 s at intervals, stopping the provider. How often is not reported: null (the
   * default) leaves it out; a number turns Wi-Fi off after each such stretch of lock (M/L).
   */
  lockedWifiOffEverySec: interval.nullable().default(null),
  lockedWifiOffSec: interval.default(30),
  /**
   * FACTS: TCP retransmission timeout — how long the device's TCP retransmits a segment nobody
   * acknowledges (a NAT that drops it) before it drops the connection with ETIMEDOUT. null: by
   * platform, XNU's 12 retransmissions (≈ 511 s at a 1 s RTO) on iOS, Linux's tcp_retries2 = 15
   * (924.6 s) on the android comparison (H for the counts, M for the totals: they scale with the RTO).
   */
  tcpGiveUpSec: seconds.nullable().default(null),
});

export { PUSH_FALLBACKS, PUSH_ROUTES };
export type { PushRoute } from '../log/events.ts';

/** `nat.onExpiry`: today's names, and the earlier names migrated to the behaviour they had. */
const natExpiryName = z.enum(NAT_EXPIRY_NAMES, { error: `must be one of ${NAT_EXPIRY_ACTIONS.join(', ')} (earlier names: silent-drop = reset-inside, reset = reset-both)` });
const natExpiry = natExpiryName.transform(migrateNatExpiry);

const NatSettingsSchema = z.strictObject({
  idleTimeoutSec: natIdle,
  onExpiry: natExpiry,
  refreshOn: z.enum(NAT_REFRESH_ON),
});
export type NatSettings = z.output<typeof NatSettingsSchema>;

/** A network the device can be on: its carrier NAT or home router, and its radio (FACTS: NAT and middleboxes; Radio energy). */
const NetworkSchema = z.strictObject({
  idleTimeoutSec: natIdle,
  onExpiry: natExpiryName.default('drop').transform(migrateNatExpiry),
  refreshOn: z.enum(NAT_REFRESH_ON).default('both'),
  radio: z.enum(RADIO_PROFILES).default('lte'),
});
export type NetworkSettings = z.output<typeof NetworkSchema>;

export const ScenarioSchema = z.strictObject({
  /** Lets a scenario file name its JSON Schema, so editors complete and check it. */
  $schema: boundedText('a schema path', MAX_TEXT).optional(),
  /** Printed by run and test and drawn as the SVG export's title, so it may hold no control characters. */
  name: boundedText('a name', MAX_NAME_CHARS).min(1, { error: 'must not be empty' }).regex(NO_CONTROL, noControl('it is printed and drawn as a title')),
  /** One sentence, shown as one line (`lifeline presets`, the inspector's lesson). */
  lesson: boundedText('a lesson', MAX_TEXT).regex(NO_CONTROL, noControl('a lesson is one sentence, shown on one line')).optional(),
  durationSec: duration.max(MAX_DURATION_SEC, { error: 'must be at most 30 days' }),
  seed: z.number().int({ error: 'must be an integer' }).optional(),
  ios: z.number().int({ error: 'must be an integer major version' }).min(4, { error: 'must be 4 or later (the VoIP APIs start with iOS 4)' }).max(30),
  app: z.strictObject({
    /**
     * The SDK the app was linked with, as a major version; omitted = the iOS version it runs on.
     * FACTS: VoIP history and the iOS 10 SDK — iOS 10 refuses the legacy VoIP mode to apps linked
     * with the iOS 10 SDK or later (QA1938). FACTS: CallKit reporting rule — so does the iOS 13 one.
     */
    sdk: z.number().int({ error: 'must be an integer major version' }).min(4, { error: 'must be 4 or later' }).max(30).optional(),
    voipSocket: z.boolean(),
    voipBackgroundMode: z.boolean(),
    clientHeartbeatSec: interval.nullable(),
    keepAliveTimeoutSec: z
      .number()
      .min(MIN_KEEPALIVE_TIMEOUT_SEC, { error: `must be at least ${MIN_KEEPALIVE_TIMEOUT_SEC} s (UIMinimumKeepAliveTimeout: setKeepAliveTimeout rejects less)` })
      .nullable(),
    backgroundTask: z.enum(BACKGROUND_TASKS),
    reconnect: z
      .strictObject({ initialSec: interval, maxSec: interval })
      .refine((r) => r.maxSec >= r.initialSec, { error: 'maxSec must be >= initialSec', path: ['maxSec'] })
      .nullable(),
    /** FACTS: CallKit reporting rule — whether the PushKit handler reports each VoIP push as a call. */
    reportsToCallKit: z.boolean().default(true),
    /** FACTS: Background app refresh — BGAppRefreshTask with earliestBeginDate = now + earliestBeginSec. */
    backgroundRefresh: z.strictObject({ earliestBeginSec: interval }).optional(),
    /** FACTS: Local Push Connectivity — the provider runs only on these Wi-Fi networks (labels, up to 10). */
    localPush: z
      .strictObject({ ssids: z.array(networkLabel).min(1, { error: 'must name at least one network' }).max(10, { error: 'at most 10 networks (NEAppPushManager matchSSIDs)' }) })
      .optional(),
    /** FACTS: Heartbeat designs — `fixed` sends clientHeartbeatSec; `mars` and `mqtt` decide themselves. */
    heartbeatPolicy: z.enum(CLIENT_HEARTBEAT_POLICIES).default('fixed'),
    mqttKeepAliveSec: z
      .number()
      .int({ error: 'must be a whole number of seconds (MQTT sends the keep-alive as a 16-bit count of seconds)' })
      .min(1, { error: 'must be at least 1 s (MQTT counts whole seconds; 0 turns keep-alive off)' })
      .max(MQTT_MAX_KEEPALIVE_SEC, { error: `must be at most ${MQTT_MAX_KEEPALIVE_SEC} s (MQTT)` })
      .optional(),
    platform: z.enum(PLATFORMS).default('ios'),
  }).refine((a) => a.heartbeatPolicy !== 'mqtt' || a.mqttKeepAliveSec !== undefined, { error: 'heartbeatPolicy "mqtt" needs mqttKeepAliveSec', path: ['mqttKeepAliveSec'] }),
  server: z.strictObject({
    heartbeatSec: interval.nullable(),
    pushEverySec: interval.nullable(),
    /** Dead-peer detection: unanswered PINGs before the server drops a client. */
    deadAfterMissed: z.number().int().min(1).default(2),
    /** 0: the port reopens in the same instant. */
    restartDownSec: z.number().min(0, { error: 'must be >= 0' }).default(5),
    heartbeatPolicy: z.enum(SERVER_HEARTBEAT_POLICIES).default('fixed'),
    /** FACTS: PushKit VoIP pushes; Silent push budget — the route pushes take to the device. */
    pushVia: z.enum(PUSH_ROUTES).default('socket'),
    /** With pushVia "local-push": what carries a push while the provider is not running (FACTS: Local Push Connectivity). */
    fallback: z.enum(PUSH_FALLBACKS).optional(),
  }),
  /** The NAT between device and server; with `networks`, each network brings its own instead. */
  nat: NatSettingsSchema.optional(),
  /** Named networks (e.g. `mobile_carrier`, `wifi_home`: Mars keeps its state per label; Local Push lists them as SSIDs), each with its NAT and radio. */
  networks: z.record(networkLabel, NetworkSchema).optional(),
  /** The network the run starts on: a key of `networks`. */
  network: networkLabel.optional(),
  timeline: z
    .array(z.strictObject({
      atSec: z.number().min(0, { error: 'must be >= 0' }),
      action: z.enum(TIMELINE_ACTIONS),
      /** network-change only: the network joined (a key of `networks`); without it, the same network anew. */
      to: networkLabel.optional(),
    }))
    .max(MAX_TIMELINE_ENTRIES, { error: `must have at most ${MAX_TIMELINE_ENTRIES} entries` })
    .default([]),
  model: ModelSettings.default(ModelSettings.parse({})),
  /** Constraints on the summary, checked by `lifeline test` (shared/scenario/expect.ts). */
  expect: ExpectSchema.optional(),
  /** FACTS: Radio energy of a heartbeat — the device's radio: ARO's LTE profile unless told. */
  radio: z.enum(RADIO_PROFILES).default('lte'),
});

type ParsedScenario = z.output<typeof ScenarioSchema>;
/** A validated scenario: `nat` is always there (with `networks`, the start network's). */
export type Scenario = Omit<ParsedScenario, 'nat'> & { nat: NatSettings };
export type ScenarioInput = z.input<typeof ScenarioSchema>;
export type TimelineEntry = Scenario['timeline'][number];

export { ScenarioError };

/** One source of timers in a run and the events it may record at most (see estimateEvents). */
export interface EventSource {
  /** The scenario field that sets its pace, as a path (`app.reconnect.initialSec`). */
  field: string;
  events: number;
}

/**
 * Events one occurrence of each source records at most, measured on the engine and rounded up
 * (tests/unit/event-budget.test.ts checks generated scenarios against the sum).
 */
const PER = {
  /** A heartbeat crosses three hops: the beat, frames and NAT forwards both ways, a wake and its end. */
  beat: 10,
  /** A push through the socket as a beat; through the push service also its wake, call report or kill and relaunch. */
  push: 10,
  routedPush: 16,
  /** A connection's life: connecting, open, HELLO, NAT and server records, its end on each side. */
  connection: 24,
  /** One failed attempt while the server is down: connecting, the NAT's refusal, closed. */
  attempt: 8,
  /** A keep-alive handler run: its wake, beat and end, often a reconnect. */
  keepAlive: 12 + 24,
  /** A refresh run: scheduled, begin, end, the wake around it, a reconnect and its first lines. */
  refresh: 16,
  /** A timeline action: its own record and what it sets off (a relaunch, a reconnect). */
  action: 60,
  /** What any run records at the start and the end. */
  base: 60,
};

/** FACTS: Tencent Mars smart heartbeat — its interval never goes below 210 s. */
const MARS_SHORTEST_SEC = 210;

/**
 * Every source of timers in a run and an upper estimate of the events each records: heartbeats of
 * either side (by their policy), pushes (by their route), the keep-alive handler, refresh runs,
 * reconnects (a connection cannot end sooner than its NAT forgets it plus the backoff, and during
 * a server restart attempts are paced by the backoff), the Local Push provider, Wi-Fi switched off,
 * and the timeline. Each counts its timer as if it ran all the time, so the sum errs high.
 */
export function eventSources(s: Scenario): EventSource[] {
  const dur = s.durationSec;
  const per = (sec: number | null | undefined, events: number) => (sec === null || sec === undefined ? 0 : (dur / sec) * events);
  const app = s.app;
  const client = app.heartbeatPolicy === 'mqtt' ? { field: 'app.mqttKeepAliveSec', sec: app.mqttKeepAliveSec } : app.heartbeatPolicy === 'mars' ? { field: 'app.heartbeatPolicy', sec: MARS_SHORTEST_SEC } : { field: 'app.clientHeartbeatSec', sec: app.clientHeartbeatSec };
  const server = s.server.heartbeatPolicy === 'mars' ? { field: 'server.heartbeatPolicy', sec: MARS_SHORTEST_SEC } : { field: 'server.heartbeatSec', sec: s.server.heartbeatSec };
  const routed = s.server.pushVia !== 'socket';
  const keepAlive = app.keepAliveTimeoutSec === null ? null : app.keepAliveTimeoutSec - Math.min(s.model.keepAliveShiftMaxSec, app.keepAliveTimeoutSec);
  const r = app.reconnect;
  // A fold, not Math.min(...spread): a scenario file may name hundreds of thousands of networks.
  const natIdle = Object.values(s.networks ?? {}).reduce((m, n) => Math.min(m, n.idleTimeoutSec), s.nat.idleTimeoutSec);
  const restarts = s.timeline.filter((e) => e.action === 'server-restart').length;
  // While the server is down every attempt is refused: the backoff doubles to maxSec, then paces them.
  const perOutage = r ? Math.ceil(Math.log2(r.maxSec / r.initialSec)) + 1 + s.server.restartDownSec / r.maxSec : 0;
  const local = s.server.pushVia === 'local-push';
  const wifiEvery = s.model.lockedWifiOffEverySec;
  return [
    { field: client.field, events: per(client.sec, PER.beat) },
    { field: server.field, events: per(server.sec, PER.beat) },
    { field: 'server.pushEverySec', events: per(s.server.pushEverySec, routed ? PER.routedPush : PER.push) },
    { field: 'app.keepAliveTimeoutSec', events: keepAlive === null ? 0 : keepAlive > 0 ? per(keepAlive, PER.keepAlive) : Infinity },
    { field: 'app.backgroundRefresh.earliestBeginSec', events: per(app.backgroundRefresh?.earliestBeginSec, PER.refresh) },
    { field: 'nat.idleTimeoutSec', events: per(natIdle + (r?.initialSec ?? 0), PER.connection) },
    { field: 'server.restartDownSec', events: restarts * perOutage * PER.attempt },
    // A Local Push provider records one event per timer tick (its heartbeat does not cross the NAT).
    { field: 'model.localPushTimerSec', events: local ? per(s.model.localPushTimerSec, 1) : 0 },
    // A locked phone's Wi-Fi off and on again: a stop and a start each time.
    { field: 'model.lockedWifiOffEverySec', events: local && wifiEvery !== null ? per(wifiEvery + s.model.lockedWifiOffSec, 2) : 0 },
    { field: 'timeline', events: s.timeline.length * PER.action },
    { field: 'durationSec', events: PER.base },
  ];
}

/** An upper estimate of the events a run records: the sum of eventSources. */
export function estimateEvents(s: Scenario): number {
  return eventSources(s).reduce((sum, x) => sum + x.events, 0);
}

/** The source that would record the most, for messages that name what drove a run over its budget. */
export function busiestSource(s: Scenario): EventSource {
  return eventSources(s).reduce((a, b) => (b.events > a.events ? b : a));
}

/** Validates an already-parsed value; errors name the source and the field path. */
export function validateScenario(value: unknown, source = 'scenario', opts: { budget?: number } = {}): Scenario {
  const r = ScenarioSchema.safeParse(value);
  const issues = r.success ? [] : r.error.issues;
  const dropped = droppedProtoKeys(value, issues).map((path) => ({ path, message: 'Unrecognized key: "__proto__"' }));
  if (!r.success || dropped.length) throw new ScenarioError(source, [...issues, ...dropped].map(describeIssue));
  const late = r.data.timeline.findIndex((e) => e.atSec > r.data.durationSec);
  if (late >= 0) throw new ScenarioError(source, [`timeline[${late}].atSec: is after durationSec (${r.data.durationSec})`]);
  const full = withNetworks(r.data, source);
  const mismatch = routeProblem(full) ?? timingProblem(full);
  if (mismatch) throw new ScenarioError(source, [mismatch]);
  const budget = opts.budget ?? EVENT_BUDGET;
  const events = estimateEvents(full);
  if (events > budget) {
    const top = busiestSource(full);
    throw new ScenarioError(source, [
      `${top.field}: the run would record about ${count(events)} events (${count(top.events)} of them paced by ${top.field}), over the budget of ${count(budget)}; shorten durationSec or lengthen that interval`,
    ]);
  }
  return full;
}

/** "path: message"; a record's bad key says what is wrong with it, not zod's "Invalid key in record". */
function describeIssue(i: { path: readonly PropertyKey[]; message: string; code?: string; issues?: readonly { message: string }[] }): string {
  const message = i.code === 'invalid_key' && i.issues?.length ? `the key ${i.issues.map((k) => k.message).join('; ')}` : i.message;
  return `${i.path.length ? formatPath(i.path) : '(top level)'}: ${message}`;
}

/** No object of a valid scenario lies deeper than this (`app.localPush.ssids`, `expect.<metric>`): zod refuses any deeper one by its type. */
const SCENARIO_DEPTH = 3;

/**
 * The objects of a parsed scenario that hold a "__proto__" key zod did not report. JSON.parse makes
 * it an ordinary own key, and strict objects report it as unrecognized like any other; but zod's
 * records (`expect`, `networks`) skip it without a word, so the key and its value vanished.
 */
function droppedProtoKeys(value: unknown, issues: readonly z.core.$ZodIssue[]): PropertyKey[][] {
  // A set, not a search per object: a hostile file may put the key in each of 100,000 entries.
  const reported = new Set(issues.filter((i) => i.code === 'unrecognized_keys' && i.keys.includes('__proto__')).map((i) => JSON.stringify(i.path)));
  const found: PropertyKey[][] = [];
  // One path, grown and shrunk on the way (a timeline of 100,000 entries is walked too).
  const path: PropertyKey[] = [];
  const visit = (v: object): void => {
    if (Object.hasOwn(v, '__proto__') && !reported.has(JSON.stringify(path))) found.push([...path]);
    if (path.length === SCENARIO_DEPTH) return;
    const into = (k: PropertyKey, x: unknown): void => {
      if (x === null || typeof x !== 'object') return;
      path.push(k);
      visit(x);
      path.pop();
    };
    if (Array.isArray(v)) v.forEach((x, i) => into(i, x));
    else for (const k of Object.keys(v)) if (k !== '__proto__') into(k, (v as Record<string, unknown>)[k]);
  };
  if (value !== null && typeof value === 'object') visit(value);
  return found;
}

/** Fields that only make sense together: Local Push, its fallback and its networks. */
function routeProblem(s: z.output<typeof ScenarioSchema>): string | null {
  if (s.server.pushVia === 'local-push' && !s.app.localPush) return 'server.pushVia: "local-push" needs app.localPush';
  if (s.server.fallback && s.server.pushVia !== 'local-push') return 'server.fallback: only with server.pushVia "local-push"';
  // A listed network the device can never join would leave the provider stopped for the whole run.
  const unknown = s.app.localPush?.ssids.findIndex((id) => !s.networks || !Object.hasOwn(s.networks, id)) ?? -1;
  if (unknown >= 0) return `app.localPush.ssids[${unknown}]: no network "${s.app.localPush!.ssids[unknown]}" in networks`;
  return null;
}

/**
 * FACTS: setKeepAliveTimeout keep-alive handler — the system may call the handler early, never
 * at the moment it was registered: the earliest call leaves at least MIN_INTERVAL_SEC.
 */
function timingProblem(s: Scenario): string | null {
  const timeout = s.app.keepAliveTimeoutSec;
  if (timeout !== null && s.model.keepAliveShiftMaxSec > timeout - MIN_INTERVAL_SEC) {
    return `model.keepAliveShiftMaxSec: must be at most app.keepAliveTimeoutSec − ${MIN_INTERVAL_SEC} s (${timeout - MIN_INTERVAL_SEC} s): the handler runs early, not at once`;
  }
  return null;
}

/** Checks that `nat`, `networks`, `network` and the timeline's `to` agree, and fills `nat`. */
function withNetworks(d: ParsedScenario, source: string): Scenario {
  const fail = (issue: string): never => {
    throw new ScenarioError(source, [issue]);
  };
  const nets = d.networks;
  d.timeline.forEach((e, i) => {
    if (e.to === undefined) return;
    if (e.action !== 'network-change') fail(`timeline[${i}].to: only a network-change names a network`);
    if (!nets || !Object.hasOwn(nets, e.to)) fail(`timeline[${i}].to: no network "${e.to}" in networks`);
  });
  if (!nets) {
    if (d.network !== undefined) fail('network: names a start network, but there are no networks');
    if (!d.nat) fail('nat: required (or give networks)');
    return d as Scenario;
  }
  if (Object.keys(nets).length === 0) fail('networks: must name at least one network');
  if (d.network === undefined) fail('network: required with networks (the label the run starts on)');
  // Own keys only: a label such as "constructor" would find Object.prototype's.
  const start = Object.hasOwn(nets, d.network!) ? nets[d.network!] : undefined;
  if (!start) fail(`network: no network "${d.network}" in networks`);
  const { radio, ...nat } = start!;
  // A validated scenario carries its start network's NAT as `nat` (and validates again as is).
  if (d.nat && JSON.stringify(d.nat) !== JSON.stringify(nat)) fail('nat: give either nat or networks (each network brings its own NAT)');
  return { ...d, nat, radio };
}

/** The NAT settings and radio of a network, by label; the scenario's own without `networks`. */
export function networkSettings(s: Scenario, label: string | undefined): { label: string; nat: NatSettings; radio: Scenario['radio'] } {
  const n = label !== undefined && s.networks && Object.hasOwn(s.networks, label) ? s.networks[label] : undefined;
  if (!n) return { label: s.network ?? 'default', nat: s.nat, radio: s.radio };
  const { radio, ...nat } = n;
  return { label: label!, nat, radio };
}

/**
 * A file too big to be any scenario is refused by its size, before it is read whole (a 600 MB file
 * picked in the page held its thread for 2 s to say "invalid JSON", and a 2 GB one could not be read).
 */
export function checkScenarioFileSize(bytes: number, source: string): void {
  if (bytes > MAX_SCENARIO_BYTES) throw new ScenarioError(source, [`${(bytes / 1e6).toFixed(1)} MB, more than any scenario (at most ${(MAX_SCENARIO_BYTES / 1e6).toFixed(1)} MB); not a session or a capture either`]);
}

/** Parses JSON text; a syntax error names the line and column. */
export function parseScenarioText(text: string, source: string): Scenario {
  return validateScenario(parseJsonText(text, source), source);
}

export function parseJsonText(text: string, source: string): unknown {
  // Editors on Windows save UTF-8 with a byte-order mark; JSON.parse refuses it.
  text = stripBom(text);
  try {
    return JSON.parse(text);
  } catch {
    const f = locateJsonFault(text);
    throw new ScenarioError(source, [`line ${f.line} column ${f.column}: invalid JSON, expected ${f.expected}`]);
  }
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

const count = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en') : 'unboundedly many');

function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${echo(String(p))}`)).join('');
}

export function scenarioJsonSchema(): unknown {
  return z.toJSONSchema(ScenarioSchema, { io: 'input' });
}
