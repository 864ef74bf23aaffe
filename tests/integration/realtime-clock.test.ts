// Realtime is fast mode paced to the wall clock: with no live action, a realtime run tells
// exactly the fast run's story at every speed, however fast or loaded the machine is. These
// tests compare event logs, never wall-clock durations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Simulation } from '../../electron/engine/simulation.ts';
import { PRESETS } from '../../shared/scenario/presets.ts';
import type { LifelineEvent } from '../../shared/log/events.ts';
import type { Scenario } from '../../shared/scenario/scenario.ts';
import { scenario } from '../helpers/run.ts';

/** The log without the fields that may differ between modes (wall clock, mode). */
function story(events: LifelineEvent[]): string[] {
  return events.map((e) => {
    const { wallClock: _w, wallMs: _m, mode: _mode, ...rest } = e as LifelineEvent & { wallClock?: string; wallMs?: number; mode?: string };
    return JSON.stringify(rest);
  });
}

async function logOf(s: Scenario, mode: 'fast' | 'realtime', speed = 1): Promise<{ events: LifelineEvent[]; summary: Record<string, unknown> }> {
  const events: LifelineEvent[] = [];
  const summary = await new Simulation(s, { mode, speed, onEvent: (e) => events.push(e) }).run();
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
