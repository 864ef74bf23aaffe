import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatJoules } from '../../shared/view/metric-format.ts';

test('joules read to what the fold keeps: a short range is a few hundredths, not "0.0 J"', () => {
  assert.equal(formatJoules(0.03), '0.03 J');
  assert.equal(formatJoules(0.5), '0.50 J');
  assert.equal(formatJoules(0), '0.0 J');
  assert.equal(formatJoules(272.84), '272.8 J');
  assert.equal(formatJoules(1234), '1.2 kJ');
});
