// Your own server (docs/own-server.md): a real MQTT broker or WebSocket server that the modelled
// device reaches through the NAT box instead of the built-in heartbeat server. Pure, for the CLI,
// the host and the inspector's form alike: the URL (parsed, and shown without its password), what
// a scenario may ask of such a server, and the one line about time.
import type { Scenario } from './scenario.ts';
import { ScenarioError } from './scenario-error.ts';
import { echo } from '../util/one-line.ts';

export const OWN_SERVER_KINDS = ['mqtt', 'ws'] as const;
export type OwnServerKind = (typeof OWN_SERVER_KINDS)[number];

/** The inspector's choice of server, in its order, with its words. */
export const SERVER_CHOICES = ['built-in', ...OWN_SERVER_KINDS] as const;
export type ServerChoice = (typeof SERVER_CHOICES)[number];
export const SERVER_CHOICE_LABELS: Record<ServerChoice, string> = {
  'built-in': 'built-in',
  mqtt: 'MQTT broker',
  ws: 'WebSocket server',
};

/** What each URL looks like, for help texts and error messages. */
export const SERVER_URL_FORMS: Record<OwnServerKind, string> = {
  mqtt: 'mqtt://[USER:PASS@]HOST:PORT[/TOPIC]',
  ws: 'ws://[USER:PASS@]HOST:PORT/PATH',
};

/** The ports a URL without one means (IANA: MQTT 1883, HTTP 80). */
const DEFAULT_PORTS: Record<OwnServerKind, number> = { mqtt: 1883, ws: 80 };

/**
 * The one line: a real server keeps wall-clock time, so a run against it cannot skip idle time
 * or run faster than the wall clock.
 */
export const OWN_SERVER_TIME = 'a run against your own server is realtime at 1× (a real server keeps wall-clock time): fast mode and other speeds are off';

export interface ServerUrl {
  kind: OwnServerKind;
  host: string;
  port: number;
  /** `/TOPIC` (MQTT, may be empty) or the HTTP path with its query (WebSocket, at least `/`). */
  path: string;
  username?: string;
  password?: string;
  /** The URL as shown, logged and recorded: the user name stays, the password never appears. */
  display: string;
}

/** What the run needs to know of your server: where it is, and where pushes go (WebSocket). */
export interface OwnServerSpec {
  url: ServerUrl;
  /** The WebSocket endpoint Lifeline sends pushes to; null: pushes are off (MQTT: the broker itself). */
  push: ServerUrl | null;
}

export class ServerUrlError extends Error {}

// scheme://[user[:password]@]host[:port][path]; a host is a name, an IPv4 address or [IPv6].
const URL_FORM = /^([a-z][a-z0-9+.-]*):\/\/(?:([^:@/]*)(?::([^@/]*))?@)?(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9._-]+)(?::(\d{1,5}))?(\/[^\s#]*)?$/;

/** `text` with any password replaced, for echoing a URL that did not parse. */
export function withoutPassword(text: string): string {
  return text.replace(/^([^:/]*:\/\/[^:@/]*):[^@/]*@/, '$1:***@');
}

/**
 * Parses a server URL. `what` names the flag or field in the error, which never echoes the
 * password. Throws ServerUrlError.
 */
export function parseServerUrl(text: string, what = '--server', kinds: readonly OwnServerKind[] = OWN_SERVER_KINDS): ServerUrl {
  const expected = kinds.map((k) => SERVER_URL_FORMS[k]).join(' or ');
  const fail = (why: string): never => {
    throw new ServerUrlError(`${what}: ${why}, got "${echo(withoutPassword(text.trim()), 200)}"`);
  };
  const m = URL_FORM.exec(text.trim());
  if (!m) return fail(`expected ${expected}`);
  const [, scheme, user, pass, rawHost, rawPort, rawPath] = m as unknown as [string, string, string | undefined, string | undefined, string, string | undefined, string | undefined];
  if (scheme === 'mqtts' || scheme === 'wss') return fail(`TLS (${scheme}://) is not supported; use ${scheme.slice(0, -1)}:// (a local TLS-terminating proxy works)`);
  if (!(kinds as readonly string[]).includes(scheme)) return fail(`expected ${expected}`);
  const kind = scheme as OwnServerKind;
  const port = rawPort === undefined ? DEFAULT_PORTS[kind] : Number(rawPort);
  if (port < 1 || port > 65535) return fail('the port must be from 1 to 65535');
  const decode = (s: string | undefined, field: string): string | undefined => {
    if (s === undefined || s === '') return undefined;
    try {
      return decodeURIComponent(s);
    } catch {
      return fail(`the ${field} is not valid percent-encoding`);
    }
  };
  const username = decode(user, 'user name');
  const password = decode(pass, 'password');
  const host = rawHost.startsWith('[') ? rawHost.slice(1, -1) : rawHost;
  let path = rawPath ?? '';
  if (kind === 'mqtt') {
    if (path.includes('?')) return fail('an MQTT URL takes no query');
    const topic = decode(path.slice(1), 'topic') ?? '';
    // A publish topic names one topic: the wildcards are for subscriptions (MQTT 3.1.1 §4.7.1).
    if (/[+#]/.test(topic)) return fail('the topic must not contain the wildcards + or #');
    path = topic === '' ? '' : `/${topic}`;
  } else if (path === '') path = '/';
  const shownHost = host.includes(':') ? `[${host}]` : host;
  const display = `${kind}://${username !== undefined ? `${encodeURIComponent(username)}@` : ''}${shownHost}:${port}${path}`;
  return { kind, host, port, path, ...(username !== undefined ? { username } : {}), ...(password !== undefined ? { password } : {}), display };
}

/** The keep-alive an MQTT CONNECT carries: the scenario's MQTT keep-alive, or 0 (off) for any other client policy. */
export function mqttKeepAliveOf(s: Scenario): number {
  return s.app.heartbeatPolicy === 'mqtt' ? s.app.mqttKeepAliveSec! : 0;
}

/**
 * Parses the server (and push endpoint) a run was asked to use and checks the scenario against
 * it. Throws ServerUrlError for a bad URL and ScenarioError (naming `source` and the field) for a
 * scenario that asks what a real server cannot do. Returns the spec and the notes worth telling
 * the user (settings of the built-in server that do not apply).
 */
export function checkOwnServer(s: Scenario, source: string, url: string, pushUrl?: string, what = { url: '--server', push: '--push-url' }): { spec: OwnServerSpec; notes: string[] } {
  const parsed = parseServerUrl(url, what.url);
  if (pushUrl !== undefined && parsed.kind !== 'ws') throw new ServerUrlError(`${what.push}: only with a ws:// server (an MQTT broker takes pushes on the device's topic)`);
  const push = pushUrl === undefined ? null : parseServerUrl(pushUrl, what.push, ['ws']);
  const spec = { url: parsed, push };
  const problems = ownServerProblems(s);
  if (problems.length) throw new ScenarioError(source, problems);
  return { spec, notes: ownServerNotes(s, spec) };
}

/** What a scenario asks that a real server cannot give: `field: problem`, as schema errors read. */
export function ownServerProblems(s: Scenario): string[] {
  const out: string[] = [];
  if (s.server.pushVia !== 'socket') out.push(`server.pushVia: "${s.server.pushVia}" needs the built-in server (with your own server, pushes travel on the app's socket)`);
  s.timeline.forEach((e, i) => {
    if (e.action === 'server-restart') out.push(`timeline[${i}].action: Lifeline cannot restart your own server ("server-restart")`);
  });
  return out;
}

/** Settings of the scenario that the real server does not follow, each in one line. */
export function ownServerNotes(s: Scenario, spec: OwnServerSpec): string[] {
  const out: string[] = [];
  const sv = s.server;
  if (sv.heartbeatSec !== null || sv.heartbeatPolicy !== 'fixed') out.push(`server.heartbeatSec and server.heartbeatPolicy are not used: your server sends its own heartbeat, if any`);
  if (spec.url.kind === 'mqtt' && s.app.heartbeatPolicy !== 'mqtt') {
    out.push('CONNECT carries keep-alive 0 (off), so the broker never drops a silent client: set app.heartbeatPolicy "mqtt" and app.mqttKeepAliveSec to give it one');
  }
  if (spec.url.kind === 'ws' && spec.push === null && sv.pushEverySec !== null) out.push(`pushes are off: no push endpoint was named, so server.pushEverySec (${sv.pushEverySec} s) sends nothing`);
  return out;
}

/** Why pushes cannot be sent in this run, or null when they can. */
export function pushesOff(spec: OwnServerSpec): string | null {
  return spec.url.kind === 'ws' && spec.push === null ? 'pushes are off: no push endpoint was named for the WebSocket server' : null;
}
