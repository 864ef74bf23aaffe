// A synthetic but well-formed event list for player tests and benches: a VoIP app behind a NAT,
// heartbeats refreshing the mapping, and every `cycle` heartbeats an expiry, a disconnect, a wake
// and a reconnect. Sorted by t, as a session file is.
import type { LifelineEvent } from '../../shared/log/events.ts';

export function syntheticSession(heartbeats: number, opts: { everySec?: number; cycle?: number; natSec?: number } = {}): LifelineEvent[] {
  const every = (opts.everySec ?? 30) * 1000;
  const cycle = opts.cycle ?? 50;
  const nat = opts.natSec ?? 300;
  const ev: LifelineEvent[] = [];
  const end = (heartbeats + 1) * every;
  ev.push({ t: 0, kind: 'run.start', scenario: 'synthetic', mode: 'fast', seed: 1, natIdleTimeoutSec: nat, durationSec: end / 1000, wallClock: '-' });
  let mapping = 1;
  let conn = 1;
  const open = (t: number) => {
    ev.push({ t, kind: 'conn', op: 'connecting', conn });
    ev.push({ t, kind: 'nat', op: 'created', mapping });
    ev.push({ t, kind: 'server', op: 'hello', client: conn });
    ev.push({ t, kind: 'conn', op: 'open', conn });
  };
  ev.push({ t: 0, kind: 'lifecycle', state: 'active', reason: 'launch' });
  open(0);
  ev.push({ t: 1000, kind: 'lifecycle', state: 'suspended', reason: 'background' });
  // Before each cycle's end the server goes quiet for longer than the NAT timeout.
  const quiet = Math.ceil((nat * 1000) / every) + 1;
  let lastRefresh = 0;
  for (let i = 1; i <= heartbeats; i++) {
    const t = i * every;
    if (i % cycle > cycle - quiet) continue;
    if (i % cycle === 0) {
      // The NAT forgot the flow while it was quiet; the app learns at its next wake.
      ev.push({ t: lastRefresh + nat * 1000, kind: 'nat', op: 'expired', mapping, reason: 'idle' });
      ev.push({ t, kind: 'lifecycle', state: 'woken', reason: 'voip-close' });
      ev.push({ t, kind: 'conn', op: 'closed', conn, cause: 'reset' });
      mapping++;
      conn++;
      open(t);
      lastRefresh = t;
      ev.push({ t, kind: 'lifecycle', state: 'suspended', reason: 'wake over' });
      continue;
    }
    ev.push({ t, kind: 'heartbeat', source: 'server', seq: i });
    ev.push({ t, kind: 'frame', side: 'server', dir: 'send', verb: 'PING', line: `PING ${i}`, bytes: 7 });
    ev.push({ t, kind: 'nat', op: 'forward', mapping, dir: 'down', verb: 'PING', refreshed: true });
    ev.push({ t, kind: 'frame', side: 'device', dir: 'recv', verb: 'PING', line: `PING ${i}`, bytes: 7 });
    ev.push({ t, kind: 'frame', side: 'device', dir: 'send', verb: 'PONG', line: `PONG ${i}`, bytes: 7 });
    ev.push({ t, kind: 'nat', op: 'forward', mapping, dir: 'up', verb: 'PONG', refreshed: true });
    lastRefresh = t;
  }
  ev.push({ t: end, kind: 'run.end', wallMs: 1 });
  return ev;
}
