// One-click compares for trainers: a classic mistake next to the technique done right.
export const PRESET_PAIRS: readonly { label: string; broken: string; fixed: string }[] = [
  { label: 'heartbeat over vs under the NAT timeout', broken: 'server-heartbeat-over-nat', fixed: 'server-heartbeat-under-nat' },
  { label: 'no VoIP flag vs the VoIP socket', broken: 'no-voip-flag', fixed: 'server-heartbeat-under-nat' },
  { label: 'keep-alive handler vs server heartbeat', broken: 'keepalive-600-vs-carrier-300', fixed: 'server-heartbeat-under-nat' },
];
