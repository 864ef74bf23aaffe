// `lifeline sweep`: one scenario, every combination of the --set ranges, run in fast mode on every
// core; a table and the recommended value (the lowest energy with no dead time and no push lost).
import { parseArgs, str, UsageError } from './args.ts';
import { writeOutputFile } from './cannot-write.ts';
import { SWEEP } from './command-specs.ts';
import { loadScenario } from './load-scenario.ts';
import { refuseClobbering } from './refuse-clobbering.ts';
import { ProgressBar } from './progress.ts';
import { runSweep } from '../engine/sweep/run-sweep.ts';
import { applyValues, combinations, parseSetSpec, recommend, sweepCsv, sweepTable, SweepError, type SweepResult } from '../../shared/scenario/sweep.ts';

export async function runSweepCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, SWEEP);
  const file = args.positional[0];
  if (!file || args.positional.length > 1) throw new UsageError('sweep needs exactly one scenario file or preset name');
  const sets = args.lists.get('set') ?? [];
  if (sets.length === 0) throw new UsageError('sweep needs at least one --set <field>=<from>..<to>:<step>');
  const csv = str(args, 'csv');
  refuseClobbering('the scenario file', [file], [['csv', csv]]);
  const base = loadScenario(file);
  let scenarios;
  let combos;
  try {
    const axes = sets.map(parseSetSpec);
    combos = combinations(axes);
    scenarios = combos.map((values) => applyValues(base, values));
  } catch (e) {
    if (e instanceof SweepError) throw new UsageError(`--set ${e.message}`);
    throw e;
  }
  const fields = Object.keys(combos[0]!);
  const bar = new ProgressBar(`sweep ${base.name}`);
  const summaries = await runSweep(scenarios, { parallel: 'auto', onProgress: (done, total) => bar.update(done, total, `${done}/${total} runs`) });
  bar.done();
  const rows = combos.map((values, i) => ({ values, summary: summaries[i]! }));
  const result: SweepResult = { fields, rows, recommended: recommend(rows) };
  if (csv) writeOutputFile('csv', csv, sweepCsv(result));
  console.log(args.flags.has('json') ? JSON.stringify(result) : formatSweep(result));
  return 0;
}

function formatSweep(r: SweepResult): string {
  const [head, ...lines] = sweepTable(r).map((line) => line.map(String));
  const cols = head!.map((h, c) => Math.max(h.length, ...lines.map((l) => l[c]!.length)));
  const fmt = (l: string[], mark = ' ') => `${mark} ${l.map((v, c) => v.padStart(cols[c]!)).join('  ')}`;
  const out = [fmt(head!), ...lines.map((l, i) => fmt(l, r.recommended?.index === i ? '*' : ' '))];
  const rec = r.recommended;
  out.push('');
  out.push(rec
    ? `recommended (*): ${Object.entries(rec.values).map(([f, v]) => `${f}=${v}`).join(', ')} — the lowest energy per day with no dead time and no push lost`
    : 'recommended: none — every combination had dead time or lost a push');
  return out.join('\n');
}
