// Test helpers: run scenarios in fast mode over real loopback sockets and collect the event log.
import { Simulation } from '../../electron/engine/simulation.ts';
import { validateScenario, type Scenario, type ScenarioInput } from '../../shared/scenario/scenario.ts';
import { PRESET_INPUTS } from '../../shared/scenario/presets.ts';
import type { LifelineEvent } from '../../shared/log/events.ts';
import type { Summary } from '../../shared/folds/summary.ts';

export interface RunResult {
  summary: Summary;
  events: LifelineEvent[];
  scenario: Scenario;
}

type DeepPartial<T> = { [K in keyof T]?: NonNullable<T[K]> extends object ? DeepPartial<NonNullable<T[K]>> | T[K] : T[K] };

/** The "done right" preset as a base, with overrides merged one level deep. */
export function scenario(o: DeepPartial<ScenarioInput> = {}): Scenario {
  const base = PRESET_INPUTS[0]!;
  const merged = { ...base, ...o } as Record<string, unknown>;
  for (const k of ['app', 'server', 'nat', 'model'] as const) {
    if (o[k] !== undefined) merged[k] = { ...((base as Record<string, unknown>)[k] as object), ...(o[k] as object) };
  }
  // Networks bring their own NATs: the base's goes.
  if (o.networks) delete merged.nat;
  return validateScenario(merged, 'test scenario');
}

export async function runFast(s: Scenario, onEvent?: (e: LifelineEvent, sim: Simulation) => void): Promise<RunResult> {
  const events: LifelineEvent[] = [];
  const sim: Simulation = new Simulation(s, {
    mode: 'fast',
    onEvent: (e) => {
      events.push(e);
      onEvent?.(e, sim);
    },
  });
  const summary = await sim.run();
  return { summary, events, scenario: s };
}

export function firstAfter<K extends LifelineEvent['kind']>(
  events: LifelineEvent[],
  kind: K,
  pred: (e: Extract<LifelineEvent, { kind: K }>) => boolean = () => true,
  afterMs = -1,
): Extract<LifelineEvent, { kind: K }> | undefined {
  return events.find((e): e is Extract<LifelineEvent, { kind: K }> => e.kind === kind && e.t > afterMs && pred(e as Extract<LifelineEvent, { kind: K }>));
}

export function all<K extends LifelineEvent['kind']>(
  events: LifelineEvent[],
  kind: K,
  pred: (e: Extract<LifelineEvent, { kind: K }>) => boolean = () => true,
): Extract<LifelineEvent, { kind: K }>[] {
  return events.filter((e): e is Extract<LifelineEvent, { kind: K }> => e.kind === kind && pred(e as Extract<LifelineEvent, { kind: K }>));
}

export const lifecycle = (events: LifelineEvent[]) => all(events, 'lifecycle').map((e) => [e.t / 1000, e.state, e.reason] as const);
