// The explanation of the technique shown by Help → "How the technique works" (also in README.md),
// and the words the inspector uses for settings whose values are file enums.
import type { BACKGROUND_TASKS, NatExpiry } from '../scenario/scenario.ts';
import { LIVE_ACTIONS } from './live-actions.ts';

export const BACKGROUND_TASK_LABELS: Record<(typeof BACKGROUND_TASKS)[number], string> = {
  none: 'none',
  'ends-on-expiry': 'ended when its time runs out',
  'seed-snippet': "the article's snippet (never ended)",
};

/**
 * FACTS: What an expired mapping does — the three behaviours, short enough for the form's narrow
 * column: drop every later packet silently; answer the device's next packet with a RST; send a
 * RST to both ends at expiry.
 */
export const NAT_EXPIRY_LABELS: Record<NatExpiry, string> = {
  drop: 'drop (silent)',
  'reset-inside': 'RST next send',
  'reset-both': 'RST both ends',
};
/** FACTS: Socket reclaim timing — DTS 2025 (H) for today; iOS 4–6 waited for the lock (M). */
export const RECLAIM_LABELS: Record<'suspension' | 'lock', string> = {
  suspension: 'as soon as the app is suspended (iOS today)',
  lock: 'when the screen locks (iOS 4–6)',
};
export const TECHNIQUE_HELP: { title: string; body: string }[] = [
  {
    title: 'Why the connection dies',
    body: 'iOS suspends a backgrounded app about 5 seconds after it leaves the screen (longer if it runs a background task). A suspended app runs no code: no timers, no reads. Today the system also reclaims ("defuncts") its sockets as soon as it is suspended (iOS 4–6 waited for the screen to lock; the model follows the iOS version it simulates, and a model setting overrides it), so the server sees the connection close while the app still believes it is connected.',
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
    body: 'The line is the seconds since the NAT mapping last saw traffic: it climbs while the connection is idle and drops to 0 at every packet. If it crosses the red dashed NAT timeout the mapping is forgotten. Red shading marks time when the server (and the app) believed a push would arrive while it would not: pushes sent then are lost. The connection lane below says whether a push would arrive on the path the pushes take (the app\'s own socket, PushKit, silent pushes or Local Push: its name says which); with pushes on another path, an app socket lane shows the app\'s own socket. The lifecycle lane shares the same time axis. A mark sits on the line at its instant (above the red line: after the mapping expired); filled, it happened or arrived; hollow, it never arrived (a push lost, a PING the NAT dropped); in the band above the plot it had no NAT mapping. Hover a mark for its time, connection and idle time.',
  },
];

/**
 * What replaced the technique, in order, each with what it costs and how it fails (Help → "What
 * replaced it"). FACTS: VoIP history and the iOS 10 SDK; The modern iOS path.
 */
export const MODERN_PATH_HELP: { title: string; body: string }[] = [
  {
    title: 'Legacy VoIP socket (iOS 4–9)',
    body: 'The app keeps its own TCP socket through suspension (UIBackgroundModes voip plus the VoIP stream flag) and the server writes under the NAT timeout. Costs: one long-lived connection per app and a heartbeat that keeps the radio busy; setKeepAliveTimeout wakes no more often than every 600 s. Fails: a missing half of the configuration, a heartbeat over the NAT timeout, and, for apps built with the iOS 10 SDK or later, always: the mode is ignored.',
  },
  {
    title: 'PushKit VoIP pushes (iOS 8)',
    body: "The server sends a VoIP push through Apple's push service; the system, which keeps its own connection, wakes the app or launches it in the background. Costs: APNs credentials and a round trip through Apple; the app's own socket still dies at suspension. Fails: where APNs cannot be reached (a closed Wi-Fi), the push never comes.",
  },
  {
    title: 'The CallKit rule (iOS 13 SDK)',
    body: 'An app built with the iOS 13 SDK or later must report every VoIP push to CallKit as an incoming call before its handler returns, unless it is in the foreground or already in a call. Costs: VoIP pushes carry calls only; messages need ordinary or silent pushes. Fails: the system kills the app, and after repeated failures stops delivering its VoIP pushes at all.',
  },
  {
    title: 'Local Push Connectivity (iOS 14)',
    body: "A Network Extension provider (NEAppPushProvider) keeps its own connection to a push server on the local network, but only while the device is on one of up to ten listed Wi-Fi networks. Costs: an entitlement, an extension, a local push server and the provider's own keep-alive. Fails: leaving the network stops the provider (noNetworkAvailable); pushes sent meanwhile are lost unless the server falls back to PushKit.",
  },
  {
    title: 'What does not keep a connection',
    body: 'Background app refresh gives about 30 s at moments the system picks, never before the time asked; silent pushes are throttled to a few an hour. Both let an app reconnect briefly, and its socket is reclaimed again at the next suspension: iOS offers no way to run periodically or to stay connected.',
  },
];

export const SHORTCUTS: { key: string; what: string }[] = [
  { key: 'Space', what: 'run / pause / resume' },
  { key: 'X', what: 'stop' },
  ...LIVE_ACTIONS.map((a) => ({ key: a.key.toUpperCase(), what: a.what })),
  { key: 'W / S', what: 'zoom the chart in / out (around the pointer, else the centre)' },
  { key: 'A / D', what: 'pan the chart back / forward in time (or Shift-drag)' },
  { key: 'drag', what: 'select a time range across the chart or the lanes: its dead time, pushes, energy, time in each state' },
  { key: 'G', what: 'projector mode' },
  { key: 'E', what: 'lesson mode: the run told as a story, moment by moment' },
  { key: '→ / ←, Page Down / Up', what: 'lesson: next / previous moment (a presenter clicker sends these)' },
  { key: 'Esc', what: 'clear the selected range; leave lesson mode' },
  { key: '?', what: 'help' },
];
