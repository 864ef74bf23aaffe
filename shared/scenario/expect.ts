// A scenario's `expect`: constraints on summary metrics, so a heartbeat policy is checked in CI
// like any other test (`lifeline test`). The metrics are the numeric leaves of the one Summary
// the fold produces, so a field added to the summary is a valid metric without further ado.
import { z } from 'zod';
import { SummaryFold, type Summary } from '../folds/summary.ts';

/** Dotted paths to every number in a Summary ("deadSec", "pushes.lost", …), in summary order. */
export const SUMMARY_METRICS: readonly string[] = numericPaths(new SummaryFold().result());

function numericPaths(value: unknown, prefix = ''): string[] {
  if (typeof value === 'number') return [prefix];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => numericPaths(v, prefix ? `${prefix}.${k}` : k));
}

export const CONSTRAINT_KINDS = ['min', 'max', 'equals'] as const;
export type ConstraintKind = (typeof CONSTRAINT_KINDS)[number];

const Constraint = z
  .strictObject({
    min: z.number().optional(),
    max: z.number().optional(),
    equals: z.number().optional(),
  } satisfies Record<ConstraintKind, unknown>)
  .refine((c) => Object.keys(c).length > 0, { error: `needs at least one of ${CONSTRAINT_KINDS.join(', ')}` });

export const ExpectSchema = z
  .record(z.string(), Constraint)
  .superRefine((expect, ctx) => {
    for (const metric of Object.keys(expect)) {
      if (!SUMMARY_METRICS.includes(metric)) {
        ctx.addIssue({ code: 'custom', path: [metric], message: `unknown summary metric (known: ${SUMMARY_METRICS.join(', ')})` });
      }
    }
  })
  // Editors complete the metric names from the exported JSON Schema.
  .meta({ description: 'Constraints on summary metrics, checked by `lifeline test`', propertyNames: { enum: [...SUMMARY_METRICS] } });

export type Expect = z.output<typeof ExpectSchema>;

export interface ExpectFailure {
  metric: string;
  kind: ConstraintKind;
  expected: number;
  actual: number;
}

/** The value of a metric path in a summary. */
export function metricValue(summary: Summary, metric: string): number {
  let v: unknown = summary;
  for (const key of metric.split('.')) v = (v as Record<string, unknown> | undefined)?.[key];
  if (typeof v !== 'number') throw new Error(`Invariant: summary metric ${metric} is not a number`);
  return v;
}

const HOLDS: Record<ConstraintKind, (actual: number, bound: number) => boolean> = {
  min: (a, b) => a >= b,
  max: (a, b) => a <= b,
  equals: (a, b) => a === b,
};

/** Every constraint the summary breaks, in the order written. */
export function checkExpect(summary: Summary, expect: Expect): ExpectFailure[] {
  const failures: ExpectFailure[] = [];
  for (const [metric, constraint] of Object.entries(expect)) {
    const actual = metricValue(summary, metric);
    for (const kind of CONSTRAINT_KINDS) {
      const expected = constraint[kind];
      if (expected !== undefined && !HOLDS[kind](actual, expected)) failures.push({ metric, kind, expected, actual });
    }
  }
  return failures;
}

/** "deadSec = 3535, expected max 0" */
export function describeFailure(f: ExpectFailure): string {
  return `${f.metric} = ${f.actual}, expected ${f.kind} ${f.expected}`;
}

/** Number of constraints in an expect. */
export function constraintCount(expect: Expect | undefined): number {
  return Object.values(expect ?? {}).reduce((n, c) => n + Object.keys(c).length, 0);
}
