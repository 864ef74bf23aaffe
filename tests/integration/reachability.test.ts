// The one definition of "a push sent now would arrive" (shared/folds/reachability.ts) against the
// engine: pushes injected at seeded random times (timeline `push` actions) into every preset, and
// into the paths no preset takes, run in fast mode over real sockets. Each push — injected or
// scheduled — is delivered at the instant it is sent exactly when the definition, folded over the
// log up to that push, said it would arrive.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runFast } from '../helpers/run.ts';
import { PRESETS, PRESET_INPUTS } from '../../shared/scenario/presets.ts';
import { validateScenario, type Scenario, type ScenarioInput } from '../../shared/scenario/scenario.ts';
import { SummaryFold } from '../../shared/folds/summary.ts';
import { seededRandom } from '../../shared/util/random.ts';
import type { LifelineEvent, PushRoute } from '../../shared/log/events.ts';

/** Pushes injected per run: enough to land in every state a preset goes through, few enough to keep its story. */
const INJECTED = 16;

/** The scenario with INJECTED pushes at random times (ms precision), seeded by its name. */
function withPushes(s: Scenario): Scenario {
  let seed = 0;
  for (const ch of s.name) seed = (seed * 31 + ch.charCodeAt(0)) >>> 0;
  const random = seededRandom(seed);
  const at = Array.from({ length: INJECTED }, () => Math.round((1 + random() * (s.durationSec - 1)) * 1000) / 1000);
  const timeline = [...s.timeline, ...at.map((atSec) => ({ atSec, action: 'push' as const }))].sort((a, b) => a.atSec - b.atSec);
  return { ...s, timeline, expect: undefined };
}

interface Verdict {
  id: number;
  t: number;
  said: boolean;
  arrived: boolean;
}

/** For every push sent: what the definition said at that instant, and whether it was delivered then. */
function verdicts(events: readonly LifelineEvent[]): { via: PushRoute; verdicts: Verdict[] } {
  const fold = new SummaryFold();
  const out: Verdict[] = [];
  const delivered = new Map<number, number>();
  for (const e of events) if (e.kind === 'push' && e.op === 'delivered') delivered.set(e.id, e.t);
  for (const e of events) {
    fold.push(e);
    // Sending changes nothing the rule reads, so the state after the `sent` event is the state at t.
    if (e.kind === 'push' && e.op === 'sent') out.push({ id: e.id, t: e.t, said: fold.reach.wouldArrive, arrived: delivered.get(e.id) === e.t });
  }
  return { via: fold.reach.via, verdicts: out };
}

async function check(s: Scenario): Promise<Verdict[]> {
  const { events } = await runFast(withPushes(s));
  const { via, verdicts: v } = verdicts(events);
  assert.equal(via, s.server.pushVia, `${s.name}: run.start names the push path`);
  assert.ok(v.length >= INJECTED, `${s.name}: ${v.length} pushes`);
  const wrong = v.filter((x) => x.said !== x.arrived);
  assert.deepEqual(wrong, [], `${s.name}: pushes whose arrival the definition got wrong (said = would arrive)`);
  return v;
}

for (const p of PRESETS) {
  test(`preset ${p.name}: every push arrives exactly when the definition says it would`, async () => {
    await check(p);
  });
}

/**
 * The paths and states no preset reaches, as variants of presets, each with the verdicts its
 * pushes must get (so a variant cannot quietly stop reaching its state).
 */
const variant = (base: string, name: string, judged: boolean[], o: (s: ScenarioInput) => ScenarioInput): [Scenario, boolean[]] => {
  const input = PRESET_INPUTS.find((p) => p.name === base)!;
  return [validateScenario({ ...o(structuredClone(input) as ScenarioInput), name, expect: undefined }, name), judged];
};

const VARIANTS: [Scenario, boolean[]][] = [
  // Silent pushes: the budget (2 an hour), a held push replaced by a newer one, the user's force-quit, and reopening.
  variant('pushkit-with-callkit', 'silent-budget-and-kill', [false, true], (s) => ({
    ...s,
    durationSec: 3 * 3600,
    server: { ...s.server, pushVia: 'silent', pushEverySec: 700 },
    model: { silentPushesPerHour: 2 },
    timeline: [{ atSec: 60, action: 'background' }, { atSec: 4000, action: 'kill' }, { atSec: 7000, action: 'foreground' }, { atSec: 7100, action: 'background' }],
  })),
  // Local Push with the PushKit fallback: off the listed Wi-Fi the pushes go through APNs, and all arrive.
  variant('local-push-hospital-wifi', 'local-push-with-fallback', [true], (s) => ({ ...s, server: { ...s.server, fallback: 'pushkit' } })),
  // A locked phone's Wi-Fi off for 30 s every 10 min of lock stops the provider (no fallback).
  variant('local-push-hospital-wifi', 'local-push-wifi-off-when-locked', [false, true], (s) => ({
    ...s,
    model: { lockedWifiOffEverySec: 600 },
    timeline: [...(s.timeline ?? []), { atSec: 100, action: 'lock' as const }].sort((a, b) => a.atSec - b.atSec),
  })),
  // A suspended app whose non-VoIP socket is reclaimed only at lock: a push waits unread (then is
  // lost with the socket), though the connection and its mapping live on.
  variant('no-voip-flag', 'socket-unread-until-lock', [false], (s) => ({
    ...s,
    // No server heartbeat to drop the silent client, and a NAT that keeps the idle mapping.
    server: { ...s.server, heartbeatSec: null },
    nat: { ...s.nat!, idleTimeoutSec: 7200 },
    model: { reclaimSocketsAt: 'lock' },
    timeline: [{ atSec: 60, action: 'background' }, { atSec: 1800, action: 'lock' }],
  })),
  // An app the CallKit rule exempts in the foreground: VoIP pushes arrive and nothing is blocked.
  variant('ios13-forgets-callkit', 'callkit-exempt-in-foreground', [true], (s) => ({ ...s, timeline: [] })),
];

for (const [s, judged] of VARIANTS) {
  test(`${s.name} (${s.server.pushVia}): every push arrives exactly when the definition says it would`, async () => {
    const v = await check(s);
    assert.deepEqual([...new Set(v.map((x) => x.said))].sort(), judged, `${s.name}: ${JSON.stringify(v.map((x) => [x.t, x.said]))}`);
  });
}

test('a suspended app whose socket is kept open but unread: the push waits in the kernel, it does not arrive', async () => {
  const [s] = VARIANTS.find(([x]) => x.name === 'socket-unread-until-lock')!;
  const { events } = await runFast(s);
  // The scheduled push at 900 s finds the connection, its mapping and the server's client alive.
  const v = verdicts(events).verdicts.find((x) => x.t === 900_000)!;
  assert.deepEqual([v.said, v.arrived], [false, false]);
  assert.ok(!events.some((e) => e.kind === 'socket.defunct' && e.t <= 900_000), 'not reclaimed before the lock');
  assert.ok(events.some((e) => e.kind === 'nat' && e.op === 'forward' && e.verb === 'PUSH' && e.t === 900_000), 'the NAT forwarded it');
});
