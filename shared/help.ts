// The explanation of the technique shown by Help → "How the technique works" (also in README.md),
// and the words the inspector uses for settings whose values are file enums.
import type { BACKGROUND_TASKS } from './scenario.ts';

export const BACKGROUND_TASK_LABELS: Record<(typeof BACKGROUND_TASKS)[number], string> = {
  none: 'none',
  'ends-on-expiry': 'ended when its time runs out',
  'seed-snippet': "the article's snippet (never ended)",
};

/** FACTS: Socket reclaim timing — DTS 2025 (H) for today; older iOS waited for the lock. */
export const RECLAIM_LABELS: Record<'suspension' | 'lock', string> = {
  suspension: 'as soon as the app is suspended (iOS today)',
  lock: 'when the screen locks (older iOS)',
};
export const TECHNIQUE_HELP: { title: string; body: string }[] = [
  {
    title: 'Why the connection dies',
    body: 'iOS suspends a backgrounded app about 5 seconds after it leaves the screen (longer if it runs a background task). A suspended app runs no code: no timers, no reads. Today the system also reclaims ("defuncts") its sockets as soon as it is suspended (older iOS versions waited for the screen to lock: a model setting), so the server sees the connection close while the app still believes it is connected.',
  },
  {
    title: 'The legacy VoIP technique',
    body: 'An app can keep one TCP socket alive while suspended if UIBackgroundModes contains voip AND the socket carries kCFStreamNetworkServiceTypeVoIP. Then the socket survives suspension and any data, close or reset on it wakes the app for a few seconds. What decides is the SDK the app was built with, not the iOS it runs on: iOS 10 and later refuse this mode to apps built with the iOS 10 SDK or later, while an app built with an older SDK keeps it (Apple QA1938; the replacement is PushKit).',
  },
  {
    title: 'Why the server must send the heartbeat',
    body: 'Routers and carrier NATs forget a connection that stays idle longer than their timeout (often minutes, far below the 2 h 4 min RFC 5382 asks for). A suspended app cannot run a timer, so it cannot keep the mapping alive itself; setKeepAliveTimeout wakes it at most every 600 s. The server must write more often than the NAT timeout: each write refreshes the mapping and wakes the app for a moment.',
  },
  {
    title: 'Reading the chart',
    body: 'The line is the seconds since the NAT mapping last saw traffic: it climbs while the connection is idle and drops to 0 at every packet. If it crosses the red dashed NAT timeout the mapping is forgotten. Red shading marks time when the app believed it was connected but the path was already dead: pushes sent then are lost. The lanes below show the app lifecycle and the connection state on the same time axis.',
  },
];

export const SHORTCUTS: { key: string; what: string }[] = [
  { key: 'Space', what: 'run / pause / resume' },
  { key: 'X', what: 'stop' },
  { key: 'H', what: 'home (background)' },
  { key: 'F', what: 'foreground' },
  { key: 'L', what: 'lock' },
  { key: 'U', what: 'unlock' },
  { key: 'K', what: 'kill' },
  { key: 'M', what: 'memory pressure' },
  { key: 'N', what: 'network change' },
  { key: 'R', what: 'server restart' },
  { key: 'P', what: 'send push' },
  { key: 'G', what: 'projector mode' },
  { key: '?', what: 'help' },
];
