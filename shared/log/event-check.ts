// Checks one event read from an untrusted file against the LifelineEvent union, field by field, so a
// session with wrong types never reaches the folds (which would add a string to a byte count).
// One spec per kind, typed against the union: a kind or a required field missing here is a type error.
import { EVENT_KINDS, PUSH_FALLBACKS, PUSH_ROUTES, TIMELINE_ACTIONS, type EventKind, type FrameLabel, type LifelineEvent, type PolicyOp, type PushSystemOp, type PushType } from './events.ts';
import { RADIO_PROFILES } from '../model/radio.ts';
import { VERBS as PROTOCOL_VERBS } from '../model/protocol.ts';
import { MQTT_PACKETS, WS_FRAMES } from '../model/frame-labels.ts';

type Field = 'num' | 'str' | 'str|null' | 'bool' | readonly string[];
/** A field's check, typed by the field: an enum lists only values of the union. */
type FieldOf<T> = [T] extends [number] ? 'num' : [T] extends [boolean] ? 'bool' : [T] extends [string | null] ? (null extends T ? 'str|null' : string extends T ? 'str' : readonly T[]) : never;
type Spec<E> = { [K in Exclude<keyof E, 't' | 'kind'>]-?: undefined extends E[K] ? { opt: FieldOf<NonNullable<E[K]>> } : FieldOf<E[K]> };
type Specs = { [K in EventKind]: Spec<Extract<LifelineEvent, { kind: K }>> };

/** Every member of a string union, listed: leaving one out is a type error. */
const every =
  <T extends string>() =>
  <A extends readonly T[]>(...a: A & ([T] extends [A[number]] ? unknown : never)): A =>
    a;
const VERBS = every<FrameLabel | '?'>()(...PROTOCOL_VERBS, '?', ...MQTT_PACKETS, ...WS_FRAMES);
const SIDES = ['device', 'server'] as const;

const SPECS: Specs = {
  'run.start': {
    scenario: 'str', mode: ['fast', 'realtime'], seed: 'num', natIdleTimeoutSec: 'num', durationSec: 'num', wallClock: 'str', radio: { opt: RADIO_PROFILES }, network: { opt: 'str' },
    pushVia: { opt: PUSH_ROUTES }, pushFallback: { opt: PUSH_FALLBACKS }, silentPushesPerHour: { opt: 'num' }, server: { opt: 'str' },
  },
  'run.end': { wallMs: 'num' },
  action: {
    action: TIMELINE_ACTIONS,
    source: ['timeline', 'live'],
    to: { opt: 'str' },
  },
  lifecycle: { state: ['not-running', 'active', 'background', 'suspended', 'woken', 'terminated'], reason: 'str' },
  bgtask: { op: ['begin', 'end', 'expired'], budgetSec: 'num' },
  keepalive: { op: ['registered', 'rejected'], timeoutSec: 'num', reason: { opt: 'str' } },
  conn: { op: ['connecting', 'open', 'closed'], conn: 'num', cause: { opt: ['closed', 'reset', 'defunct', 'refused', 'terminated', 'error'] }, errno: { opt: 'str' }, reason: { opt: 'str' } },
  'socket.defunct': { conn: 'num' },
  'socket.policy': { kept: 'bool', reason: 'str' },
  frame: { side: SIDES, dir: ['send', 'recv'], verb: VERBS, line: 'str', bytes: 'num', hex: { opt: 'str' } },
  nat: {
    op: ['created', 'forward', 'drop', 'expired', 'rst', 'closed', 'refused'],
    mapping: 'num',
    dir: { opt: ['up', 'down'] },
    verb: { opt: VERBS },
    refreshed: { opt: 'bool' },
    reason: { opt: 'str' },
    side: { opt: ['device', 'server', 'both'] },
  },
  server: { op: ['listening', 'hello', 'closed', 'dead', 'err', 'restart'], client: 'num', reason: { opt: 'str' } },
  heartbeat: { source: ['client', 'server', 'keepalive'], seq: 'num', intervalSec: { opt: 'num' } },
  policy: {
    side: SIDES,
    op: every<PolicyOp>()('success', 'failure', 'warm-up', 'restore', 'step', 'stable', 'back-off', 'reset', 're-probe'),
    intervalSec: 'num',
    network: 'str',
    stable: { opt: 'bool' },
    reason: { opt: 'str' },
  },
  network: { label: 'str', radio: RADIO_PROFILES, natIdleTimeoutSec: 'num' },
  push: { op: ['sent', 'delivered', 'lost'], id: 'num', reason: { opt: 'str' } },
  'push.service': {
    op: ['listening', 'connected', 'closed', 'forward', 'lost'],
    who: { opt: ['device', 'provider'] },
    id: { opt: 'num' },
    reason: { opt: 'str' },
    local: { opt: 'bool' },
  },
  'local-push': { op: ['start', 'stop', 'timer'], network: 'str|null', reason: { opt: 'str' } },
  'push.system': {
    op: every<PushSystemOp>()('received', 'reported', 'unreported', 'blocked', 'delayed', 'dropped'),
    type: every<PushType>()('voip', 'silent'),
    id: 'num',
    reason: { opt: 'str' },
    blocks: { opt: 'bool' },
  },
  refresh: { op: ['scheduled', 'begin', 'end', 'skipped'], earliestSec: { opt: 'num' }, reason: { opt: 'str' } },
};

const KINDS = new Set<string>(EVENT_KINDS);

/** Every field any event kind has, besides t and kind, in a fixed order (the CSV's columns). */
export const EVENT_FIELDS: readonly string[] = [...new Set(Object.values(SPECS).flatMap((s) => Object.keys(s)))];

function fieldProblem(v: unknown, f: Field): string | null {
  if (f === 'num') return typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= Number.MAX_SAFE_INTEGER ? null : 'expected a finite number';
  if (f === 'str') return typeof v === 'string' ? null : 'expected a string';
  if (f === 'str|null') return typeof v === 'string' || v === null ? null : 'expected a string or null';
  if (f === 'bool') return typeof v === 'boolean' ? null : 'expected true or false';
  return typeof v === 'string' && f.includes(v) ? null : `expected one of ${f.join(', ')}`;
}

/** Why `e` is not a LifelineEvent ("field: what was expected"), or null if it is one. */
export function eventProblem(e: unknown): string | null {
  if (!e || typeof e !== 'object' || Array.isArray(e)) return 'expected an event object';
  const o = e as Record<string, unknown>;
  if (typeof o.t !== 'number' || !Number.isFinite(o.t) || o.t < 0 || o.t > Number.MAX_SAFE_INTEGER) return 't: expected virtual time in ms (a number >= 0)';
  if (typeof o.kind !== 'string' || !KINDS.has(o.kind)) return `kind: unknown event kind ${JSON.stringify(o.kind)}`;
  const spec = SPECS[o.kind as EventKind] as Record<string, Field | { opt: Field }>;
  for (const name of Object.keys(spec)) {
    const s = spec[name]!;
    const optional = typeof s === 'object' && 'opt' in s;
    const v = o[name];
    if (v === undefined && optional) continue;
    if (v === undefined) return `${name}: missing (a ${o.kind} event needs it)`;
    const why = fieldProblem(v, optional ? s.opt : s);
    if (why) return `${name}: ${why}, got ${JSON.stringify(v)?.slice(0, 40)}`;
  }
  return null;
}
