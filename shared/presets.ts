// The preset library: every case of the seed's article and its classic mistakes. Each preset's
// `lesson` says in one sentence what it teaches, and its `expect` states that lesson as numbers
// (`lifeline test` with no argument checks them all).
import { validateScenario, type Scenario, type ScenarioInput } from './scenario.ts';

type Overrides = {
  [K in keyof ScenarioInput]?: ScenarioInput[K] extends object ? Partial<ScenarioInput[K]> : ScenarioInput[K];
};

/** A VoIP app on iOS 9, correctly configured, sent to the background a minute in. */
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
  nat: { idleTimeoutSec: 300, onExpiry: 'silent-drop', refreshOn: 'both' },
  timeline: [{ atSec: 60, action: 'background' }],
};

function preset(name: string, lesson: string, o: Overrides): ScenarioInput {
  return {
    ...BASE,
    ...o,
    name,
    lesson,
    app: { ...BASE.app, ...o.app },
    server: { ...BASE.server, ...o.server },
    nat: { ...BASE.nat, ...o.nat },
  } as ScenarioInput;
}

export const PRESET_INPUTS: readonly ScenarioInput[] = [
  preset('server-heartbeat-under-nat', 'The technique done right: a VoIP socket on iOS < 10 and a server heartbeat (270 s) under the NAT timeout (300 s) keep the connection alive while the app sleeps.', {
    expect: { deadSec: { max: 0 }, 'pushes.lost': { max: 0 }, connectedRatio: { min: 0.99 }, natExpiries: { equals: 0 } },
  }),
  preset('server-heartbeat-over-nat', 'A server heartbeat (330 s) just over the NAT timeout (300 s) arrives after the mapping is gone: the heartbeat itself is dropped and the app never learns.', {
    server: { heartbeatSec: 330 },
    expect: { natExpiries: { min: 1 }, deadSec: { min: 3000 }, 'pushes.delivered': { equals: 0 }, wakeups: { equals: 0 } },
  }),
  preset('no-voip-flag', 'Without kCFStreamNetworkServiceTypeVoIP on the socket, iOS reclaims it at suspension and the app believes it is connected until it next runs.', {
    app: { voipSocket: false },
    expect: { deadSec: { min: 3000 }, wakeups: { equals: 0 }, 'pushes.lost': { min: 1 } },
  }),
  preset('flag-without-plist-mode', 'The VoIP stream flag alone is not enough: without UIBackgroundModes voip in Info.plist the socket dies at suspension all the same.', {
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
  preset('seed-snippet', "The seed's background-task snippet never calls endBackgroundTask:, so iOS kills the app when the task's time runs out.", {
    app: { backgroundTask: 'seed-snippet' },
    expect: { terminations: { equals: 1 }, connectedRatio: { max: 0.1 }, 'pushes.delivered': { equals: 0 } },
  }),
  preset('keepalive-600-vs-carrier-300', 'setKeepAliveTimeout cannot go below 600 s, so against a 300 s carrier NAT the connection is dead half the time between handler runs.', {
    app: { keepAliveTimeoutSec: 600 },
    server: { heartbeatSec: null },
    expect: { 'heartbeats.keepaliveHandler': { min: 1 }, natExpiries: { min: 1 }, connectedRatio: { max: 0.8 }, deadSec: { min: 900 } },
  }),
  preset('ios10-ignores-legacy', 'On iOS 10 and later the legacy VoIP mode is ignored: the same correct configuration loses its socket at suspension.', {
    ios: 13,
    expect: { deadSec: { min: 3000 }, wakeups: { equals: 0 } },
  }),
  preset('network-change', 'A network change (Wi-Fi to cellular) drops every NAT mapping: the next heartbeat reveals it and a VoIP app reconnects within its wake.', {
    server: { heartbeatSec: 120 },
    timeline: [
      { atSec: 60, action: 'background' },
      { atSec: 900, action: 'network-change' },
    ],
    expect: { disconnects: { equals: 1 }, 'pushes.lost': { equals: 0 }, connectedRatio: { min: 0.99 } },
  }),
];

export const PRESETS: readonly Scenario[] = PRESET_INPUTS.map((p) => validateScenario(p, `preset ${p.name}`));

export function findPreset(name: string): Scenario | undefined {
  return PRESETS.find((p) => p.name === name);
}
