import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkExpect, describeFailure, metricValue, SUMMARY_METRICS } from '../../shared/scenario/expect.ts';
import { SummaryFold, type Summary } from '../../shared/folds/summary.ts';
import { ScenarioError, scenarioJsonSchema, validateScenario } from '../../shared/scenario/scenario.ts';
import { PRESET_INPUTS } from '../../shared/scenario/presets.ts';

const summary = (): Summary => ({
  ...new SummaryFold().result(),
  deadSec: 12,
  connectedRatio: 0.95,
  pushes: { sent: 4, delivered: 3, lost: 1, blocked: 0, delayed: 0 },
});

test('the metrics are every number in a real summary, nested ones as dotted paths', () => {
  const s = summary();
  for (const m of ['deadSec', 'connectedRatio', 'disconnects', 'pushes.lost', 'heartbeats.keepaliveHandler', 'bytes.up']) assert.ok(SUMMARY_METRICS.includes(m), m);
  assert.ok(!SUMMARY_METRICS.includes('scenario') && !SUMMARY_METRICS.includes('mode') && !SUMMARY_METRICS.includes('pushes'), 'strings and objects are not metrics');
  // Every metric resolves to a number, and every number in the summary is a metric.
  for (const m of SUMMARY_METRICS) assert.equal(typeof metricValue(s, m), 'number', m);
  const count = (v: unknown): number => (typeof v === 'number' ? 1 : v && typeof v === 'object' ? Object.values(v).reduce((n: number, x) => n + count(x), 0) : 0);
  assert.equal(SUMMARY_METRICS.length, count(s));
});

test('min and max are inclusive, equals exact; each broken bound is reported with the actual value', () => {
  const s = summary();
  assert.deepEqual(checkExpect(s, { deadSec: { min: 12, max: 12, equals: 12 }, 'pushes.lost': { max: 1 } }), []);
  const f = checkExpect(s, { deadSec: { max: 0 }, connectedRatio: { min: 0.99 }, 'pushes.delivered': { equals: 4, min: 1 } });
  assert.deepEqual(f.map(describeFailure), ['deadSec = 12, expected max 0', 'connectedRatio = 0.95, expected min 0.99', 'pushes.delivered = 3, expected equals 4']);
});

test('an expectation on an unknown metric, or with no bound, names the file and the field', () => {
  const bad = (expect: unknown) => {
    try {
      validateScenario({ ...PRESET_INPUTS[0]!, expect }, 'x.json');
    } catch (e) {
      assert.ok(e instanceof ScenarioError);
      return e.message;
    }
    assert.fail('expected a ScenarioError');
  };
  assert.match(bad({ 'pushes.lots': { max: 0 } }), /^x\.json: expect\.pushes\.lots: unknown summary metric \(known: .*pushes\.lost/);
  assert.match(bad({ scenario: { equals: 1 } }), /expect\.scenario: unknown summary metric/);
  assert.match(bad({ deadSec: {} }), /expect\.deadSec: needs at least one of min, max, equals/);
  assert.match(bad({ deadSec: { atMost: 0 } }), /expect\.deadSec: .*atMost/);
  assert.match(bad({ deadSec: { max: '0' } }), /expect\.deadSec\.max/);
});

test('the exported JSON Schema lists the metric names for editors', () => {
  const schema = scenarioJsonSchema() as { properties: { expect: { propertyNames: { enum: string[] } } } };
  assert.deepEqual(schema.properties.expect.propertyNames.enum, [...SUMMARY_METRICS]);
});
