// The preset library: every case of the article that started this project, and its classic
// mistakes. Each preset's `lesson` says in one sentence what it teaches, and its `expect` states
// that lesson as numbers (`lifeline test` with no argument checks them all).
import { closestNames } from '../util/closest-name.ts';
import { validateScenario, type Scenario, type ScenarioInput } from './scenario.ts';

type Overrides = {
  [K in keyof ScenarioInput]?: NonNullable<ScenarioInput[K]> extends object ? Partial<NonNullable<ScenarioInput[K]>> : ScenarioInput[K];
};

/**
 * A VoIP app built with the iOS 9 SDK on iOS 9, correctly configured, sent to the background a
 * minute in, behind a 300 s NAT that forgets idle flows and drops their packets silently (`drop`,
 * FACTS: What an expired mapping does); every preset uses that NAT unless it says otherwise.
 */
const BASE: ScenarioInput = {
  name: 'base',
  durationSec: 3600,
  seed: 1,
  ios: 9,
  app: {
    voipSocket: true,
    voipBackgroundMode: true,
    clientHeartbeatSec: null,
    keepAliveTimeoutSec: null,
    backgroundTask: 'none',
    reconnect: { initialSec: 2, maxSec: 120 },
  },
  server: { heartbeatSec: 270, pushEverySec: 900 },
  nat: { idleTimeoutSec: 300, onExpiry: 'drop', refreshOn: 'both' },
  timeline: [{ atSec: 60, action: 'background' }],
};

/** Mars on its home platform: a process that keeps running in the background (FACTS: Mars details that decide outcomes). */
const MARS_APP = { heartbeatPolicy: 'mars', platform: 'android', clientHeartbeatSec: null } as const;

function preset(name: string, lesson: string, o: Overrides): ScenarioInput {
  return {
    ...BASE,
    ...o,
    name,
    lesson,
    app: { ...BASE.app, ...o.app },
    server: { ...BASE.server, ...o.server },
    nat: o.networks ? undefined : { ...BASE.nat, ...o.nat },
  } as ScenarioInput;
}

export const PRESET_INPUTS: readonly ScenarioInput[] = [
  preset('server-heartbeat-under-nat', 'The technique done right: a VoIP socket (the legacy VoIP mode, in an app built with the iOS 9 SDK) and a server heartbeat (270 s) under the NAT timeout (300 s) keep the connection alive while the app sleeps.', {
    expect: { deadSec: { max: 0 }, 'pushes.lost': { max: 0 }, connectedRatio: { min: 0.99 }, natExpiries: { equals: 0 } },
  }),
  preset('server-heartbeat-over-nat', 'A server heartbeat (330 s) just over the NAT timeout (300 s) arrives after the mapping is gone: the heartbeat itself is dropped and the app never learns.', {
    server: { heartbeatSec: 330 },
    expect: { natExpiries: { min: 1 }, deadSec: { min: 3000 }, 'pushes.delivered': { equals: 0 }, wakeups: { equals: 0 }, 'appSocket.learnSec.pending': { equals: 1 }, 'heartbeat.failures': { equals: 2 } },
  }),
  preset('no-voip-flag', 'Without kCFStreamNetworkServiceTypeVoIP on the socket, iOS reclaims it when the app is suspended, and the app believes it is connected until it next runs.', {
    app: { voipSocket: false },
    expect: { deadSec: { min: 3000 }, wakeups: { equals: 0 }, 'pushes.lost': { min: 1 }, 'appSocket.learnSec.pending': { equals: 1 } },
  }),
  preset('flag-without-plist-mode', 'The VoIP stream flag alone is not enough: without UIBackgroundModes voip in Info.plist the socket is reclaimed when the app is suspended all the same.', {
    app: { voipBackgroundMode: false },
    expect: { deadSec: { min: 3000 }, wakeups: { equals: 0 } },
  }),
  preset('voip-no-heartbeat-short-nat', 'A kept VoIP socket with no heartbeat at all is silently forgotten by a 120 s NAT: pushes vanish while the app believes it is connected.', {
    server: { heartbeatSec: null },
    nat: { idleTimeoutSec: 120 },
    expect: { natExpiries: { min: 1 }, deadSec: { min: 3000 }, 'pushes.delivered': { equals: 0 } },
  }),
  preset('client-timer-only', 'A client-side heartbeat timer stops when the app is suspended: it only runs while the background task lasts, then the NAT forgets the idle connection.', {
    app: { clientHeartbeatSec: 60, backgroundTask: 'ends-on-expiry' },
    server: { heartbeatSec: null },
    expect: { 'heartbeats.client': { max: 3 }, natExpiries: { min: 1 }, deadSec: { min: 3000 } },
  }),
  preset('seed-snippet', "The background-task snippet from the article never calls endBackgroundTask:, so iOS kills the app when the task's time runs out.", {
    app: { backgroundTask: 'seed-snippet' },
    expect: { terminations: { equals: 1 }, connectedRatio: { max: 0.1 }, 'pushes.delivered': { equals: 0 } },
  }),
  preset('keepalive-600-vs-carrier-300', "setKeepAliveTimeout cannot go below 600 s, so a 300 s carrier NAT forgets the connection between handler runs; it drops the handler's next PING silently, and the app learns only when its TCP gives up ≈ 511 s later: dead more than half the time.", {
    app: { keepAliveTimeoutSec: 600 },
    server: { heartbeatSec: null },
    expect: { 'heartbeats.keepaliveHandler': { min: 1 }, natExpiries: { min: 1 }, connectedRatio: { max: 0.8 }, deadSec: { min: 900 } },
  }),
  preset('ios10-ignores-legacy', 'Apps built with the iOS 10 SDK or later lose the legacy VoIP mode (QA1938): the same correct configuration, built with the iOS 13 SDK and run on iOS 13, loses its socket when the app is suspended. Built with the iOS 9 SDK it would keep it.', {
    ios: 13,
    app: { sdk: 13 },
    expect: { deadSec: { min: 3000 }, wakeups: { equals: 0 } },
  }),
  preset('network-change', 'A network change (Wi-Fi to cellular, at 900 s) drops every NAT mapping. The app hears at once (the reset of its VoIP socket wakes it) and reconnects 2 s later within that wake, so no push is lost; the server hears nothing and keeps pinging the old connection until two heartbeats go unanswered (1200 s).', {
    server: { heartbeatSec: 120 },
    timeline: [
      { atSec: 60, action: 'background' },
      { atSec: 900, action: 'network-change' },
    ],
    expect: { disconnects: { equals: 1 }, 'pushes.lost': { equals: 0 }, connectedRatio: { min: 0.99 }, 'appSocket.learnSec.max': { equals: 0 } },
  }),
  preset('mars-carrier-nat-300', "Tencent Mars' smart heartbeat (on its home platform, Android) probes 210 → 270 → 330 s, loses the connection twice to a 300 s carrier NAT, and settles at 250 s after about 77 minutes.", {
    durationSec: 3 * 3600,
    ios: 13,
    app: MARS_APP,
    server: { heartbeatSec: null, pushEverySec: null },
    expect: { disconnects: { equals: 2 }, natExpiries: { equals: 2 }, 'heartbeat.probes': { equals: 2 }, 'heartbeat.failures': { equals: 2 } },
  }),
  preset('mars-nat-under-floor', "Below Mars' 210 s floor (a 180 s NAT) every first beat after a connect finds the mapping gone: Mars never settles, and its reconnect waits climb until it tries once every 600 s.", {
    durationSec: 2 * 3600,
    ios: 13,
    app: MARS_APP,
    server: { heartbeatSec: null, pushEverySec: null },
    nat: { idleTimeoutSec: 180 },
    expect: { 'heartbeat.probes': { equals: 0 }, disconnects: { min: 10 }, connectedRatio: { max: 0.5 } },
  }),
  preset('lte-heartbeat-30s', 'A 30 s server heartbeat on LTE keeps the connection as well as 270 s does, but each beat pays a promotion and a ≈ 10 s radio tail: ≈ 33 kJ a day, 9× the 270 s heartbeat (compare lte-heartbeat-270s).', {
    server: { heartbeatSec: 30, pushEverySec: null },
    expect: { deadSec: { max: 0 }, 'energy.joulesPerDay': { min: 30_000, max: 36_000 } },
  }),
  preset('lte-heartbeat-270s', 'A 270 s server heartbeat on LTE, just under the 300 s NAT: the radio rests between beats, ≈ 3.7 kJ a day (compare lte-heartbeat-30s).', {
    server: { heartbeatSec: 270, pushEverySec: null },
    expect: { deadSec: { max: 0 }, 'energy.joulesPerDay': { min: 3300, max: 4100 } },
  }),
  preset('3g-heartbeat-12s', "A 12 s heartbeat on 3G arrives while the radio is still in FACH: each beat pays the FACH→DCH promotion (1.5 s) and 4 s of DCH again, the radio never returns to idle, ≈ 60 kJ a day.", {
    radio: '3g',
    server: { heartbeatSec: 12, pushEverySec: null },
    expect: { 'energy.radioOnSec': { equals: 3600 }, 'energy.idleJoules': { equals: 0 }, connectedRatio: { equals: 1 }, 'energy.joulesPerDay': { min: 58_000, max: 62_000 } },
  }),
  preset('carrier-and-home-wifi', 'A phone moving between a 300 s carrier NAT and home Wi-Fi: Mars learns each network apart (250 s on the carrier, higher at home) and gets the carrier value back after 3 warm-up beats on its return.', {
    durationSec: 4 * 3600,
    ios: 13,
    app: MARS_APP,
    server: { heartbeatSec: null, pushEverySec: null },
    networks: { mobile_carrier: { idleTimeoutSec: 300, radio: 'lte' }, wifi_home: { idleTimeoutSec: 3600, radio: 'wifi' } },
    network: 'mobile_carrier',
    timeline: [
      { atSec: 60, action: 'background' },
      { atSec: 5400, action: 'network-change', to: 'wifi_home' },
      { atSec: 10_800, action: 'network-change', to: 'mobile_carrier' },
    ],
    expect: { 'pushes.lost': { max: 0 }, 'heartbeat.failures': { equals: 2 }, connectedRatio: { min: 0.99 } },
  }),
  preset('pushkit-with-callkit', "The right way today: the server sends each call as a PushKit VoIP push through the push service, the system wakes or launches the app, and it reports the call to CallKit; every push arrives although the app's own socket dies at suspension.", {
    ios: 14,
    app: { voipSocket: false },
    server: { heartbeatSec: null, pushVia: 'pushkit' },
    expect: { connectedRatio: { equals: 1 }, deadSec: { equals: 0 }, disconnects: { equals: 0 }, 'pushes.delivered': { equals: 4 }, 'pushes.lost': { equals: 0 }, terminations: { equals: 0 }, 'appSocket.disconnects': { min: 1 } },
  }),
  preset('ios13-forgets-callkit', 'An app built with the iOS 13 SDK that does not report its VoIP pushes to CallKit is killed at each of the first four, then the system stops delivering them: eight of twelve pushes blocked, and for the last 40 minutes the push service accepts calls that never arrive.', {
    ios: 13,
    app: { voipSocket: false, reportsToCallKit: false },
    server: { heartbeatSec: null, pushEverySec: 300, pushVia: 'pushkit' },
    expect: { terminations: { equals: 4 }, 'pushes.blocked': { equals: 8 }, 'pushes.delivered': { equals: 4 }, deadSec: { min: 2400 }, connectedRatio: { max: 0.34 } },
  }),
  preset('refresh-cannot-keep-socket', "Background app refresh cannot keep a connection: each run of about 30 s comes when the system decides, the app reconnects, and the socket is reclaimed at the suspension that ends the run; pushes sent between runs are lost.", {
    ios: 14,
    durationSec: 4 * 3600,
    app: { voipSocket: false, clientHeartbeatSec: 20, backgroundRefresh: { earliestBeginSec: 900 } },
    server: { pushEverySec: 600 },
    expect: { wakeups: { min: 1 }, connectedRatio: { max: 0.05 }, 'pushes.delivered': { equals: 0 } },
  }),
  preset('local-push-hospital-wifi', "Local Push on a hospital's Wi-Fi: while the phone is on the listed network the provider keeps its own connection and every call arrives; when the nurse walks out to the car park the system stops the provider (noNetworkAvailable), and with no PushKit fallback the calls sent meanwhile are lost: the push path is down for those 1000 s, and the server knows it.", {
    ios: 14,
    networks: { 'hospital-wifi': { idleTimeoutSec: 300, radio: 'wifi' }, 'car-park-lte': { idleTimeoutSec: 300, radio: 'lte' } },
    network: 'hospital-wifi',
    app: { voipSocket: false, localPush: { ssids: ['hospital-wifi'] } },
    server: { heartbeatSec: null, pushEverySec: 600, pushVia: 'local-push' },
    timeline: [
      { atSec: 60, action: 'background' },
      { atSec: 1500, action: 'network-change', to: 'car-park-lte' },
      { atSec: 2500, action: 'network-change', to: 'hospital-wifi' },
    ],
    expect: { 'pushes.lost': { equals: 2 }, 'pushes.delivered': { equals: 4 }, connectedRatio: { min: 0.7, max: 0.75 }, deadSec: { equals: 0 }, disconnects: { equals: 1 } },
  }),
  preset('legacy-voip-ios10-sdk', 'Before the migration: the legacy VoIP configuration rebuilt with the iOS 10 SDK loses its socket at suspension, and every push is lost. Compare with pushkit-with-callkit.', {
    ios: 14,
    app: { sdk: 10 },
    expect: { deadSec: { min: 3000 }, 'pushes.delivered': { equals: 0 } },
  }),
  // The pair for your own broker (docs/own-server.md): each runs on the built-in server as it is,
  // and against mosquitto with `lifeline run <preset> --server mqtt://127.0.0.1:1883`.
  preset('mqtt-keepalive-60-under-nat-300', "An MQTT app with a 60 s keep-alive under a 300 s NAT: suspended, it sends no PINGREQ, so the broker drops it after 1.5 × 60 s; the close wakes the VoIP app, which reconnects within the wake — again and again.", {
    durationSec: 600,
    app: { heartbeatPolicy: 'mqtt', mqttKeepAliveSec: 60, reconnect: { initialSec: 1, maxSec: 8 } },
    server: { heartbeatSec: null, pushEverySec: null },
    expect: { disconnects: { min: 4 }, natExpiries: { equals: 0 }, wakeups: { min: 4 }, deadSec: { max: 0 } },
  }),
  preset('mqtt-keepalive-360-over-nat-300', "A keep-alive longer than the NAT timeout (360 s against 300 s): the NAT forgets the idle connection at 5 min, before the broker's 1.5 × 360 s are up; the broker's close then dies in the NAT, and the suspended app believes in a dead connection. Compare mqtt-keepalive-60-under-nat-300.", {
    durationSec: 600,
    app: { heartbeatPolicy: 'mqtt', mqttKeepAliveSec: 360, reconnect: { initialSec: 1, maxSec: 8 } },
    server: { heartbeatSec: null, pushEverySec: null },
    expect: { natExpiries: { equals: 1 }, wakeups: { equals: 0 }, deadSec: { min: 290 } },
  }),
];

export const PRESETS: readonly Scenario[] = PRESET_INPUTS.map((p) => validateScenario(p, `preset ${p.name}`));

export function findPreset(name: string): Scenario | undefined {
  return PRESETS.find((p) => p.name === name);
}

/** The presets a mistyped name most likely meant ("did you mean …"): none when nothing is near. */
export function presetSuggestions(name: string): string[] {
  return closestNames(name, PRESETS.map((p) => p.name));
}
