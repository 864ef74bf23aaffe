import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkScenarioFileSize, MAX_NAME_CHARS, MAX_SCENARIO_BYTES, networkSettings, parseScenarioText, ScenarioError, scenarioJsonSchema, validateScenario } from '../../shared/scenario/scenario.ts';
import { scenarioFromCapture } from '../../shared/capture/capture-scenario.ts';
import { PRESET_INPUTS } from '../../shared/scenario/presets.ts';
import { locateJsonFault } from '../../shared/util/json-locate.ts';

type Loose = { app: Record<string, unknown>; nat: Record<string, unknown>; [k: string]: unknown };
const base = () => structuredClone(PRESET_INPUTS[0]!) as unknown as Loose;

function issues(value: unknown): string {
  try {
    validateScenario(value, 'x.json');
  } catch (e) {
    assert.ok(e instanceof ScenarioError);
    return e.message;
  }
  assert.fail('expected a ScenarioError');
}

test('schema errors name the file and the field', () => {
  const s = base();
  s.app.keepAliveTimeoutSec = 300;
  assert.match(issues(s), /^x\.json: app\.keepAliveTimeoutSec: must be at least 600 s \(UIMinimumKeepAliveTimeout/);
  const t = base();
  t.nat.onExpiry = 'explode';
  assert.match(issues(t), /x\.json: nat\.onExpiry: must be one of drop, reset-inside, reset-both \(earlier names: silent-drop = reset-inside, reset = reset-both\)/);
  const u = base();
  u.timeline = [{ atSec: 5, action: 'dance' }];
  assert.match(issues(u), /timeline\[0\]\.action/);
  const v = base();
  v.timeline = [{ atSec: 99999, action: 'push' }];
  assert.match(issues(v), /timeline\[0\]\.atSec: is after durationSec/);
  const w = base();
  w.extra = 1;
  assert.match(issues(w), /Unrecognized key/);
  const ios = base();
  ios.ios = 3;
  assert.match(issues(ios), /ios: must be 4 or later/);
});

test('a name with control characters is refused, naming the field; other Unicode is a name', () => {
  for (const name of ['a\x1b[31mred', 'nul\x00', 'tab\there', 'line\nbreak', 'c1\u0085', 'sep\u2028']) {
    const s = base();
    s.name = name;
    assert.match(issues(s), /^x\.json: name: must not contain control characters/, JSON.stringify(name));
  }
  const s = base();
  s.name = 'Café — 日本 <&> "q"';
  assert.equal(validateScenario(s).name, s.name);
});

test('a lesson or a network label with control characters is refused, naming the field, as a name is', () => {
  for (const text of ['a\x1b[31mred', 'nul\x00', 'tab\there', 'line\nbreak', 'c1\u0085', 'sep\u2028']) {
    const s = base();
    s.lesson = text;
    assert.match(issues(s), /^x\.json: lesson: must not contain control characters \(tab, line break, escape…\): a lesson is one sentence/, JSON.stringify(text));
    const n = base() as Loose & { networks?: unknown; network?: string };
    delete (n as { nat?: unknown }).nat;
    n.networks = { ok: { idleTimeoutSec: 60 }, [text]: { idleTimeoutSec: 60 } };
    n.network = 'ok';
    n.timeline = [{ atSec: 1, action: 'network-change', to: text }];
    const m = issues(n);
    assert.match(m, /^x\.json: networks\.\S+: the key must not contain control characters \(tab, line break, escape…\): a label is shown/, JSON.stringify(text));
    assert.match(m, /; timeline\[0\]\.to: must not contain control characters/, JSON.stringify(text));
  }
  const s = base();
  s.lesson = 'Café — 日本 <&> "q"';
  assert.equal(validateScenario(s).lesson, s.lesson);
});

test('defaults fill in model settings with the FACTS defaults', () => {
  const s = validateScenario(base());
  assert.deepEqual(s.model, { suspendAfterSec: 5, backgroundTaskSec: null, voipWakeSec: 10, keepAliveHandlerSec: 10, keepAliveShiftMaxSec: 0, callKitBlockAfter: 4, refreshRunSec: 30, refreshLateMaxSec: 3600, silentPushesPerHour: 3, localPushTimerSec: 60, lockedWifiOffEverySec: null, lockedWifiOffSec: 30, tcpGiveUpSec: null });
  assert.equal(s.server.deadAfterMissed, 2);
});

test('broken JSON names the line and column', () => {
  assert.throws(() => parseScenarioText('{\n  "name": "a",\n  "ios": 9,,\n}', 'b.json'), /b\.json: line 3 column 12: invalid JSON, expected/);
  assert.throws(() => parseScenarioText('', 'e.json'), /e\.json: line 1 column 1/);
  assert.deepEqual(locateJsonFault('[1, 2 3]').column, 7);
  assert.equal(locateJsonFault('{"a": "x\u0001"}').expected, 'a closing quote');
});

test('the JSON Schema for editors describes every top-level field', () => {
  const js = scenarioJsonSchema() as { properties: Record<string, unknown>; required: string[] };
  for (const k of ['name', 'durationSec', 'ios', 'app', 'server', 'nat', 'timeline']) assert.ok(k in js.properties, k);
  assert.ok(js.required.includes('app'));
});

test('schemas/scenario.schema.json (for editors) is the schema the code validates with', async () => {
  const fs = await import('node:fs');
  const committed = JSON.parse(fs.readFileSync('schemas/scenario.schema.json', 'utf8'));
  assert.deepEqual(committed, JSON.parse(JSON.stringify(scenarioJsonSchema())), 'run `npm run schema` to regenerate it');
});

test('migration: the earlier onExpiry names are read as the behaviour they had, in nat and in networks, and the schema accepts them', () => {
  const s = base();
  s.nat.onExpiry = 'silent-drop';
  assert.equal(validateScenario(s).nat.onExpiry, 'reset-inside');
  s.nat.onExpiry = 'reset';
  assert.equal(validateScenario(s).nat.onExpiry, 'reset-both');
  const n = base() as Loose & { networks?: unknown; network?: string };
  delete (n as { nat?: unknown }).nat;
  n.networks = { a: { idleTimeoutSec: 60, onExpiry: 'silent-drop' }, b: { idleTimeoutSec: 60 } };
  n.network = 'a';
  const v = validateScenario(n);
  assert.deepEqual([v.networks!.a!.onExpiry, v.networks!.b!.onExpiry, v.nat.onExpiry], ['reset-inside', 'drop', 'reset-inside']);
  // A migrated scenario (a session header) validates again to itself.
  assert.deepEqual(validateScenario(structuredClone(v)), v);
  const onExpiry = (scenarioJsonSchema() as { properties: { nat: { properties: { onExpiry: { enum: string[] } } } } }).properties.nat.properties.onExpiry;
  assert.deepEqual(onExpiry.enum, ['drop', 'reset-inside', 'reset-both', 'silent-drop', 'reset']);
});

test('networks: the start network gives nat and radio; labels are checked; a validated scenario validates again', () => {
  const base = { name: 'n', durationSec: 100, ios: 9, app: { voipSocket: true, voipBackgroundMode: true, clientHeartbeatSec: null, keepAliveTimeoutSec: null, backgroundTask: 'none', reconnect: null }, server: { heartbeatSec: null, pushEverySec: null } };
  const networks = { mobile_carrier: { idleTimeoutSec: 300 }, wifi_home: { idleTimeoutSec: 3600, radio: 'wifi' } };
  const s = validateScenario({ ...base, networks, network: 'wifi_home', timeline: [{ atSec: 50, action: 'network-change', to: 'mobile_carrier' }] });
  assert.deepEqual(s.nat, { idleTimeoutSec: 3600, onExpiry: 'drop', refreshOn: 'both' });
  assert.equal(s.radio, 'wifi');
  assert.deepEqual(validateScenario(structuredClone(s)), s);
  const bad = (o: object) => assert.throws(() => validateScenario({ ...base, ...o }), ScenarioError);
  bad({ networks, network: 'nowhere' });
  bad({ networks });
  bad({ networks, network: 'wifi_home', timeline: [{ atSec: 1, action: 'network-change', to: 'mars' }] });
  bad({ networks, network: 'wifi_home', timeline: [{ atSec: 1, action: 'push', to: 'wifi_home' }] });
  bad({ networks, network: 'wifi_home', nat: { idleTimeoutSec: 30, onExpiry: 'reset', refreshOn: 'both' } });
  bad({});
  assert.throws(() => validateScenario({ ...base, networks, network: 'nowhere' }), /network: no network "nowhere"/);
});

test('a label is looked up among the networks themselves: "constructor" or "toString" is no network unless the scenario names one so', () => {
  const base = { name: 'n', durationSec: 100, ios: 9, app: { voipSocket: true, voipBackgroundMode: true, clientHeartbeatSec: null, keepAliveTimeoutSec: null, backgroundTask: 'none', reconnect: null }, server: { heartbeatSec: null, pushEverySec: null } };
  const networks = { wifi_home: { idleTimeoutSec: 3600, radio: 'wifi' } };
  // Each of these passed, the start one with an empty `nat` (Object.prototype's constructor has no NAT).
  assert.throws(() => validateScenario({ ...base, networks, network: 'constructor' }, 'x.json'), /x\.json: network: no network "constructor" in networks$/);
  assert.throws(() => validateScenario({ ...base, networks, network: 'wifi_home', timeline: [{ atSec: 1, action: 'network-change', to: 'toString' }] }, 'x.json'), /x\.json: timeline\[0\]\.to: no network "toString" in networks$/);
  const local = { ...base, app: { ...base.app, localPush: { ssids: ['hasOwnProperty'] } }, server: { ...base.server, pushVia: 'local-push' } };
  assert.throws(() => validateScenario({ ...local, networks, network: 'wifi_home' }, 'x.json'), /x\.json: app\.localPush\.ssids\[0\]: no network "hasOwnProperty" in networks$/);
  // A network the scenario does name so is an ordinary label.
  const named = validateScenario({ ...base, networks: { constructor: { idleTimeoutSec: 120 } }, network: 'constructor' });
  assert.deepEqual(named.nat, { idleTimeoutSec: 120, onExpiry: 'drop', refreshOn: 'both' });
  assert.equal(networkSettings(named, 'constructor').nat.idleTimeoutSec, 120);
  assert.equal(networkSettings(named, 'toString').label, 'constructor');
});

test('200,000 networks fit the file cap and validate: the event estimate folds them, no spread overflows the stack', () => {
  const base = { name: 'n', durationSec: 100, ios: 9, app: { voipSocket: true, voipBackgroundMode: true, clientHeartbeatSec: null, keepAliveTimeoutSec: null, backgroundTask: 'none', reconnect: null }, server: { heartbeatSec: null, pushEverySec: null } };
  const networks = Object.fromEntries(Array.from({ length: 200_000 }, (_, i) => [`n${i}`, { idleTimeoutSec: 60 + (i % 1000) }]));
  const text = JSON.stringify({ ...base, networks, network: 'n0' });
  assert.ok(text.length <= MAX_SCENARIO_BYTES, `${text.length} bytes`);
  assert.equal(Object.keys(parseScenarioText(text, 'many.json').networks!).length, 200_000);
});

test('a file bigger than any scenario is refused by its size, naming the file, before it is read', () => {
  checkScenarioFileSize(MAX_SCENARIO_BYTES, 'ok.json');
  assert.throws(() => checkScenarioFileSize(600e6, 'zeros.jsonl'), (e: unknown) => e instanceof ScenarioError && /^zeros\.jsonl: 600\.0 MB, more than any scenario \(at most 8\.1 MB\); not a session or a capture either$/.test(e.message));
});

const fromCapture = (name: string, durationSec = 600) =>
  scenarioFromCapture({ source: 'dir/long.pcap', name, durationSec, cadence: { client: null, server: 30, push: null }, bounds: { low: 0, high: null, evidence: [] }, largestGapSec: 30, userNatSec: null, defaultNatSec: 300 });

test('a scenario made from a capture whose file name holds control characters, or is very long, is named within the rules', () => {
  assert.equal(fromCapture('capture a\tb\x1b.pcap').name, 'capture a\\tb\\x1b.pcap');
  assert.equal(fromCapture(`capture ${'x'.repeat(300)}.pcap`).name.length, MAX_NAME_CHARS);
});

test('a capture longer than a scenario may run is refused in its own terms, naming the capture file: its span and the limit', () => {
  // It said "capture long.pcap: durationSec: must be at most 30 days", a field the user never wrote.
  assert.throws(
    () => fromCapture('capture long.pcap', 31 * 86400 + 0.25),
    (e: unknown) => e instanceof ScenarioError && e.message === 'dir/long.pcap: the capture spans 2678400.25 s, more than a scenario may run (2592000 s, 30 days): cut it shorter to make a scenario of it',
  );
  // A span that rounds to the limit runs to it.
  assert.equal(fromCapture('capture edge.pcap', 30 * 86400 + 0.0004).durationSec, 30 * 86400);
});
