// One-click compares for trainers: a classic mistake (left) next to the technique done right
// (right), the same app before and after one change. The one list: the inspector's Compare
// buttons and the docs both read it.
export interface ComparePair {
  /** A stable id, for links and tests. */
  name: string;
  /** The button's words. */
  label: string;
  /** What watching the two side by side teaches. */
  lesson: string;
  left: string;
  right: string;
}

export const COMPARE_PAIRS: readonly ComparePair[] = [
  {
    name: 'heartbeat-over-vs-under',
    label: 'heartbeat over vs under the NAT timeout',
    lesson: 'A 330 s server heartbeat arrives after the 300 s mapping is gone; 270 s keeps it alive.',
    left: 'server-heartbeat-over-nat',
    right: 'server-heartbeat-under-nat',
  },
  {
    name: 'no-flag-vs-voip',
    label: 'no VoIP flag vs the VoIP socket',
    lesson: 'Without the VoIP stream flag the socket is reclaimed at suspension; with it, the server heartbeat keeps the app reachable.',
    left: 'no-voip-flag',
    right: 'server-heartbeat-under-nat',
  },
  {
    name: 'keepalive-vs-server-heartbeat',
    label: 'keep-alive handler vs server heartbeat',
    lesson: 'setKeepAliveTimeout wakes the app at most every 600 s, too rarely for a 300 s carrier NAT; a 270 s server heartbeat is not.',
    left: 'keepalive-600-vs-carrier-300',
    right: 'server-heartbeat-under-nat',
  },
  {
    name: 'legacy-vs-pushkit',
    label: 'legacy VoIP socket vs PushKit',
    lesson: 'The legacy VoIP socket on an iOS 10 SDK build next to its PushKit replacement: the same pushes, lost on the left, every one delivered on the right.',
    left: 'legacy-voip-ios10-sdk',
    right: 'pushkit-with-callkit',
  },
  {
    name: 'mqtt-keepalive-over-vs-under-nat',
    label: 'MQTT keep-alive over vs under the NAT timeout',
    lesson: 'A 360 s keep-alive lets a 300 s NAT forget the suspended app’s connection, and the broker’s close dies in the NAT; with 60 s the broker drops the app every 1.5 × 60 s, the close wakes it, and it reconnects.',
    left: 'mqtt-keepalive-360-over-nat-300',
    right: 'mqtt-keepalive-60-under-nat-300',
  },
];
