// Realtime is fast mode paced to the wall clock: with no live action, a realtime run tells
// exactly the fast run's story at every speed, however fast or loaded the machine is. These
// tests compare event logs, never wall-clock durations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Simulation } from '../../electron/engine/simulation.ts';
import { RealtimeClock } from '../../electron/engine/clock/realtime-clock.ts';
import { PRESETS } from '../../shared/scenario/presets.ts';
import type { LifelineEvent, TimelineActionName } from '../../shared/log/events.ts';
import type { Scenario } from '../../shared/scenario/scenario.ts';
import { scenario } from '../helpers/run.ts';

/** The log without the fields that may differ between modes (wall clock, mode). */
function story(events: LifelineEvent[]): string[] {
  return events.map((e) => {
    const { wallClock: _w, wallMs: _m, mode: _mode, ...rest } = e as LifelineEvent & { wallClock?: string; wallMs?: number; mode?: string };
    return JSON.stringify(rest);
  });
}

/** A live action the user asks for when an event of this kind is recorded, at that event's time. */
interface LiveAt {
  when: (e: LifelineEvent) => boolean;
  action: TimelineActionName;
}

async function logOf(s: Scenario, mode: 'fast' | 'realtime', speed = 1, live: readonly LiveAt[] = []): Promise<{ events: LifelineEvent[]; summary: Record<string, unknown> }> {
  const events: LifelineEvent[] = [];
  const pending = [...live];
  const sim: Simulation = new Simulation(s, {
    mode, speed,
    onEvent: (e) => {
      events.push(e);
      // Each live action once, at the first event that matches it, at the virtual time shown.
      const i = pending.findIndex((l) => l.when(e));
      if (i >= 0) sim.act(pending.splice(i, 1)[0]!.action, 'live', e.t);
    },
  });
  const summary = await sim.run();
  const { wallMs: _w, mode: _m, ...rest } = summary as unknown as Record<string, unknown>;
  return { events, summary: rest };
}

for (const p of PRESETS) {
  test(`realtime ×3600 tells the fast run's story: ${p.name}`, async () => {
    const fast = await logOf(p, 'fast');
    const rt = await logOf(p, 'realtime', 3600);
    assert.deepEqual(rt.summary, fast.summary);
    assert.deepEqual(story(rt.events), story(fast.events));
  });
}

// Short scenarios so that slow speeds stay short in wall time; each has a timer due exactly at
// the end, which runs in both modes (the end is inclusive).
for (const [speed, durationSec] of [[1, 4], [60, 120], [600, 600]] as const) {
  test(`realtime ×${speed} tells the fast run's story, including a timer due exactly at the end`, async () => {
    const s = scenario({
      name: `rt-${speed}`, durationSec,
      timeline: [{ atSec: durationSec / 6, action: 'background' }],
      server: { heartbeatSec: durationSec / 3, pushEverySec: durationSec / 2 },
      nat: { idleTimeoutSec: durationSec / 4, onExpiry: 'silent-drop', refreshOn: 'both' },
    });
    const fast = await logOf(s, 'fast');
    const rt = await logOf(s, 'realtime', speed);
    assert.ok(fast.events.some((e) => e.t === durationSec * 1000 && e.kind === 'push' && e.op === 'sent'), 'a push is due at the end');
    assert.deepEqual(rt.summary, fast.summary);
    assert.deepEqual(story(rt.events), story(fast.events));
  });
}

// Live actions too: the inspector's buttons, pressed at moments a trainer would pick (a suspension,
// a dropped heartbeat, a wake), land where they were pressed in both modes.
const LIVE: readonly LiveAt[] = [
  { when: (e) => e.kind === 'lifecycle' && e.state === 'suspended', action: 'push' },
  { when: (e) => (e.kind === 'nat' && (e.op === 'drop' || e.op === 'expired')) || (e.kind === 'push' && e.op === 'lost'), action: 'foreground' },
  { when: (e) => e.kind === 'lifecycle' && e.state === 'woken', action: 'lock' },
  { when: (e) => e.kind === 'heartbeat' && e.t > 1_200_000, action: 'network-change' },
];
for (const name of ['server-heartbeat-under-nat', 'server-heartbeat-over-nat', 'no-voip-flag', 'keepalive-600-vs-carrier-300', 'pushkit-with-callkit']) {
  test(`realtime ×3600 with live actions tells the fast run's story: ${name}`, async () => {
    const p = PRESETS.find((x) => x.name === name)!;
    const fast = await logOf(p, 'fast', 1, LIVE);
    const rt = await logOf(p, 'realtime', 3600, LIVE);
    assert.ok(fast.events.filter((e) => e.kind === 'action' && e.source === 'live').length >= 2, 'the live actions were taken');
    assert.deepEqual(rt.summary, fast.summary);
    assert.deepEqual(story(rt.events), story(fast.events));
  });
}

test('a live action does not make virtual time jump: time flows on from where the action landed', async () => {
  // The wall clock is the test's, so nothing here depends on how fast the machine is.
  let wallMs = 0;
  const clock = new RealtimeClock(3600, () => false, undefined, () => wallMs);
  clock.after(3_600_000, () => {}); // nothing else happens for an hour
  const done = clock.run(3_600_000);
  await new Promise((r) => setImmediate(r));
  wallMs = 10; // 10 ms of wall time at 3600×: 36 s of virtual time
  assert.equal(clock.now(), 36_000);
  // The user pressed a key when the inspector showed 30 s; the key lands there…
  assert.equal(clock.pin(30_000), 30_000);
  await new Promise((r) => setImmediate(r)); // …and the system settles at once (nothing in flight)
  // …and time flows on from there at 3600×: no catch-up of the wall time before the press.
  assert.equal(clock.now(), 30_000);
  wallMs = 11;
  assert.equal(clock.now(), 33_600);
  clock.stop();
  await done;
});

/** Waits (bounded) until the run's virtual time has passed `ms`. */
async function until(sim: Simulation, ms: number): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (sim.clock.now() <= ms) {
    if (Date.now() > deadline) throw new Error(`virtual time never passed ${ms} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

test('a live action lands at the virtual time the user saw, if nothing happened since', async () => {
  // Nothing is scheduled between the launch and the NAT's idle timeout at 300 s.
  const s = scenario({ durationSec: 400, timeline: [], server: { heartbeatSec: null, pushEverySec: null } });
  const events: LifelineEvent[] = [];
  const sim = new Simulation(s, { mode: 'realtime', speed: 600, onEvent: (e) => events.push(e) });
  const done = sim.run();
  await until(sim, 60_000);
  assert.equal(sim.act('push', 'live', 50_000), null);
  await until(sim, 200_000);
  // Asked for a moment before the last thing that happened: it lands right after it, never before.
  assert.equal(sim.act('background', 'live', 10_000), null);
  sim.stop();
  await done;
  const actions = events.filter((e) => e.kind === 'action');
  assert.deepEqual(actions.map((e) => [e.t, (e as { action: string }).action]), [[50_000, 'push'], [50_000, 'background']]);
  const push = events.find((e) => e.kind === 'push' && e.op === 'delivered');
  assert.equal(push?.t, 50_000, 'the push crossed the path at the time it was sent');
});

test('a live action while paused lands at the paused time, and time stands still until resume', async () => {
  const s = scenario({ durationSec: 400, timeline: [], server: { heartbeatSec: null, pushEverySec: null } });
  const events: LifelineEvent[] = [];
  const sim = new Simulation(s, { mode: 'realtime', speed: 600, onEvent: (e) => events.push(e) });
  const done = sim.run();
  await until(sim, 30_000);
  sim.pause();
  const pausedAt = sim.clock.now();
  assert.equal(sim.act('kill', 'live'), null);
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(sim.clock.now(), pausedAt);
  sim.resume();
  sim.stop();
  await done;
  const kill = events.find((e) => e.kind === 'action');
  assert.equal(kill?.t, Math.round(pausedAt));
  assert.equal(events.find((e) => e.kind === 'lifecycle' && e.state === 'terminated')?.t, Math.round(pausedAt));
  assert.equal(sim.act('foreground', 'live'), 'the run has ended');
});
