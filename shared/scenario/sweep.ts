// Parameter sweeps — the answer to "which interval?": a scenario run once per combination of
// field values, and the lowest-energy value that loses nothing. Pure: the CLI and the inspector
// build, check and rank sweeps with this code; the engine only runs them.
import { ScenarioError, validateScenario, type Scenario } from './scenario.ts';
import type { Summary } from '../folds/summary.ts';

export interface SweepAxis {
  /** A dotted path into the scenario, e.g. `server.heartbeatSec`. */
  field: string;
  values: number[];
}

export type SweepValues = Record<string, number>;

export interface SweepRow {
  values: SweepValues;
  summary: Summary;
}

export interface SweepResult {
  fields: string[];
  rows: SweepRow[];
  /** The row with the lowest energy per day among those with no dead time and no push lost. */
  recommended: { index: number; values: SweepValues } | null;
}

/** A bad sweep request; `field` is what it names (for a one-line error). */
export class SweepError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

/** More runs than this is a typo, not a sweep. */
export const MAX_SWEEP_RUNS = 2000;

/** `<field>=<from>..<to>:<step>` (or `<field>=<value>`). */
export function parseSetSpec(spec: string): SweepAxis {
  const eq = spec.indexOf('=');
  const field = eq > 0 ? spec.slice(0, eq).trim() : '';
  if (!field || !/^[\w$-]+(\.[\w$-]+)*$/.test(field)) throw new SweepError(spec, 'expected <field>=<from>..<to>:<step>, e.g. server.heartbeatSec=30..600:30');
  const m = /^\s*(-?[\d.]+)\s*(?:\.\.\s*(-?[\d.]+)\s*:\s*([\d.]+))?\s*$/.exec(spec.slice(eq + 1));
  const [from, to, step] = m ? [Number(m[1]), Number(m[2] ?? m[1]), Number(m[3] ?? 1)] : [NaN, NaN, NaN];
  if (!m || ![from, to, step].every(Number.isFinite)) throw new SweepError(field, `expected <from>..<to>:<step> numbers, got "${spec.slice(eq + 1)}"`);
  if (step <= 0) throw new SweepError(field, 'the step must be > 0');
  if (to < from) throw new SweepError(field, `the range runs backwards (${from}..${to})`);
  const n = Math.floor((to - from) / step + 1e-9) + 1;
  if (n > MAX_SWEEP_RUNS) throw new SweepError(field, `${n} values: at most ${MAX_SWEEP_RUNS}`);
  // Whole multiples of the step from `from`, rounded so 0.1 steps do not drift.
  return { field, values: Array.from({ length: n }, (_, i) => Math.round((from + i * step) * 1e9) / 1e9) };
}

/** Every combination of the axes' values, the first axis slowest. */
export function combinations(axes: readonly SweepAxis[]): SweepValues[] {
  let out: SweepValues[] = [{}];
  for (const a of axes) out = out.flatMap((c) => a.values.map((v) => ({ ...c, [a.field]: v })));
  if (out.length > MAX_SWEEP_RUNS) throw new SweepError(axes.map((a) => a.field).join(' × '), `${out.length} combinations: at most ${MAX_SWEEP_RUNS}`);
  return out;
}

/** The scenario with `values` set; an unknown field or a value the schema refuses names the field. */
export function applyValues(base: Scenario, values: SweepValues): Scenario {
  const s = structuredClone(base) as unknown as Record<string, unknown>;
  for (const [field, value] of Object.entries(values)) {
    const path = field.split('.');
    let at: Record<string, unknown> = s;
    for (const k of path.slice(0, -1)) {
      const next = at[k];
      if (next === null || typeof next !== 'object') throw new SweepError(field, `no such field in the scenario ("${k}" is not an object there)`);
      at = next as Record<string, unknown>;
    }
    const key = path[path.length - 1]!;
    // In a list only an entry's index names a field: `timeline.length` would resize the list.
    if (Array.isArray(at) && !(/^(0|[1-9]\d*)$/.test(key) && Number(key) < at.length)) throw new SweepError(field, `no such field in the scenario ("${path.slice(0, -1).join('.')}" is a list of ${at.length}: name an entry by its index)`);
    const old = at[key];
    if (!(key in at) && !OPTIONAL_NUMBERS.has(field)) throw new SweepError(field, 'no such field in the scenario');
    if (old !== undefined && old !== null && typeof old !== 'number') throw new SweepError(field, `is not a number (it is ${JSON.stringify(old)})`);
    at[key] = value;
  }
  // With networks, `nat` is the start network's: it follows from them again.
  if (s.networks) delete s.nat;
  try {
    return validateScenario(s, 'sweep');
  } catch (e) {
    if (e instanceof ScenarioError) throw new SweepError(Object.keys(values).join(', '), `${JSON.stringify(values)} is not a valid scenario: ${e.issues.join('; ')}`);
    throw e;
  }
}

/** Numeric fields a scenario may leave out. */
const OPTIONAL_NUMBERS = new Set(['app.mqttKeepAliveSec', 'seed']);

/**
 * The lowest energy per day with no dead time and no push lost; ties go to the first. Dead time is
 * the push path's (shared/folds/reachability.ts): a PushKit app's own socket dying is no reason to
 * refuse a row.
 */
export function recommend(rows: readonly SweepRow[]): SweepResult['recommended'] {
  let best = -1;
  rows.forEach((r, i) => {
    if (r.summary.deadSec !== 0 || r.summary.pushes.lost !== 0) return;
    if (best < 0 || r.summary.energy.joulesPerDay < rows[best]!.summary.energy.joulesPerDay) best = i;
  });
  return best < 0 ? null : { index: best, values: rows[best]!.values };
}

export const SWEEP_COLUMNS = ['deadSec', 'connectedRatio', 'pushesLost', 'disconnects', 'joulesPerDay'] as const;

/** The table: a header, then one line per run (values first). */
export function sweepTable(r: SweepResult): (string | number)[][] {
  return [
    [...r.fields, ...SWEEP_COLUMNS],
    ...r.rows.map((row) => [
      ...r.fields.map((f) => row.values[f]!),
      row.summary.deadSec,
      row.summary.connectedRatio,
      row.summary.pushes.lost,
      row.summary.disconnects,
      row.summary.energy.joulesPerDay,
    ]),
  ];
}

export function sweepCsv(r: SweepResult): string {
  return sweepTable(r).map((line) => line.join(',')).join('\n') + '\n';
}
