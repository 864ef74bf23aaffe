// Bounded by construction: no scenario the schema accepts runs for ever. Durations have floors,
// estimateEvents counts every source of timers, and a run stops itself at its event budget or when
// virtual time stops moving, naming the field that drove it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Simulation } from '../../electron/engine/simulation.ts';
import { estimateEvents, ScenarioError, validateScenario, type Scenario } from '../../shared/scenario/scenario.ts';
import { findPreset } from '../../shared/scenario/presets.ts';
import type { LifelineEvent } from '../../shared/log/events.ts';
import { schemaScenarios } from '../helpers/schema-scenarios.ts';

const base = findPreset('server-heartbeat-under-nat')!;

/** The five scenarios that `validate` passed and that then ran without end. */
/** A scenario as plain data, to be edited past what the schema allows. */
type Draft = { app: Record<string, unknown>; server: Record<string, unknown>; model: Record<string, unknown>; nat?: unknown; durationSec: number; timeline: unknown[] };

const RUNAWAYS: Record<string, { field: RegExp; edit: (s: Draft) => void }> = {
  'a 0 ms refresh timer (virtual time never leaves 0)': {
    field: /app\.backgroundRefresh\.earliestBeginSec/,
    edit: (s) => ((s.app.backgroundRefresh = { earliestBeginSec: 0.0001 }), (s.model.refreshLateMaxSec = 0)),
  },
  'MQTT keep-alive of 1 ms over 30 days': {
    field: /app\.mqttKeepAliveSec/,
    edit: (s) => ((s.app.heartbeatPolicy = 'mqtt'), (s.app.mqttKeepAliveSec = 0.001), (s.durationSec = 30 * 86_400)),
  },
  'a 1 µs reconnect while the server is down for 30 days': {
    field: /app\.reconnect\.initialSec/,
    edit: (s) => {
      s.app.reconnect = { initialSec: 1e-6, maxSec: 1e-6 };
      s.server.restartDownSec = 2_592_000;
      s.durationSec = 30 * 86_400;
      s.timeline = [{ atSec: 10, action: 'server-restart' }];
    },
  },
  'a 1 µs NAT that resets': {
    field: /nat\.idleTimeoutSec/,
    edit: (s) => (s.nat = { idleTimeoutSec: 1e-6, onExpiry: 'reset', refreshOn: 'both' }),
  },
  '0.1 s refresh requests of 1 ms runs over 30 days': {
    field: /app\.backgroundRefresh\.earliestBeginSec|model\.refreshRunSec/,
    edit: (s) => ((s.app.backgroundRefresh = { earliestBeginSec: 0.1 }), (s.model.refreshRunSec = 0.001), (s.model.refreshLateMaxSec = 0), (s.durationSec = 30 * 86_400)),
  },
};

function runaway(edit: (s: Draft) => void): Draft {
  const s = structuredClone(base) as unknown as Draft;
  edit(s);
  return s;
}

for (const [what, { field, edit }] of Object.entries(RUNAWAYS)) {
  test(`validate refuses ${what}, naming the field`, () => {
    assert.throws(() => validateScenario(runaway(edit), 'x.json'), (e: unknown) => e instanceof ScenarioError && field.test(e.message) && e.message.split('\n').length === 1);
  });
}

/** Runs a scenario validation never saw (the backstop's case) and returns what it recorded and how it ended. */
async function runUnchecked(s: Draft | Scenario, maxEvents: number): Promise<{ events: LifelineEvent[]; error: string | null }> {
  const events: LifelineEvent[] = [];
  try {
    await new Simulation(s as unknown as Scenario, { mode: 'fast', maxEvents, onEvent: (e) => events.push(e) }).run();
    return { events, error: null };
  } catch (e) {
    return { events, error: (e as Error).message };
  }
}

test('a run whose virtual time stops moving stops itself, names the field, and keeps a whole log', { timeout: 120_000 }, async () => {
  for (const what of ['a 0 ms refresh timer (virtual time never leaves 0)', 'a 1 µs reconnect while the server is down for 30 days']) {
    const { field, edit } = RUNAWAYS[what]!;
    const r = await runUnchecked(runaway(edit), 1_000_000);
    assert.match(r.error ?? 'completed', /events within one virtual millisecond \(virtual time stopped moving\)/, what);
    assert.match(r.error!, field, what);
    // What was recorded is a whole session: it ends with run.end, and nothing after it.
    assert.equal(r.events.at(-1)!.kind, 'run.end', what);
    assert.ok(r.events.length < 20_000, `${what}: ${r.events.length} events`);
  }
});

test('a run stops itself at its event budget, naming the field that drove it', { timeout: 120_000 }, async () => {
  const r = await runUnchecked(runaway(RUNAWAYS['MQTT keep-alive of 1 ms over 30 days']!.edit), 5000);
  assert.match(r.error ?? 'completed', /reached the event budget of 5,000 events, driven by app\.mqttKeepAliveSec \(0\.001\)/);
  assert.equal(r.events.length, 5001);
  assert.equal(r.events.at(-1)!.kind, 'run.end');
  // A valid scenario is held to the same budget.
  const ok = await runUnchecked(findPreset('lte-heartbeat-30s')!, 300);
  assert.match(ok.error ?? 'completed', /event budget of 300 events, driven by server\.heartbeatSec \(30\)/);
});

test('property: scenarios generated from the schema with extreme values are refused, or run within the estimate', { timeout: 600_000 }, async () => {
  // A small budget keeps CI short; the accepted scenarios still reach every source's floor.
  const budget = 3000;
  let ran = 0;
  let refused = 0;
  for (const [i, value] of schemaScenarios(20, 240).entries()) {
    let s: Scenario;
    try {
      s = validateScenario(value, `generated #${i}`, { budget });
    } catch (e) {
      assert.ok(e instanceof ScenarioError, String(e));
      // One line that names a field (or the top level), never a stack.
      assert.match(e.message, /^generated #\d+: [\w.$[\]()-]+( level\))?: /, e.message);
      refused++;
      continue;
    }
    const estimate = estimateEvents(s);
    const r = await runUnchecked(s, budget);
    assert.equal(r.error, null, `generated #${i} ${JSON.stringify(value)}`);
    assert.ok(r.events.length <= estimate, `generated #${i}: ${r.events.length} events, estimated ${Math.round(estimate)}: ${JSON.stringify(value)}`);
    ran++;
  }
  assert.ok(ran >= 40 && refused >= 60, `${ran} ran, ${refused} refused`);
});
