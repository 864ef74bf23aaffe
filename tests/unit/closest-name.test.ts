// "Did you mean …" (shared/util/closest-name.ts): near names for a typo, the names a cut-short
// name begins, and no guess when nothing is near or too much is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closestNames, editDistance, orList } from '../../shared/util/closest-name.ts';
import { presetSuggestions } from '../../shared/scenario/presets.ts';

test('edit distance counts inserts, deletes, substitutions and swapped neighbours', () => {
  assert.equal(editDistance('', 'abc'), 3);
  assert.equal(editDistance('abc', 'abc'), 0);
  assert.equal(editDistance('abc', 'acb'), 1, 'a swap is one edit');
  assert.equal(editDistance('kitten', 'sitting'), 3);
});

test('closest names: a typo, a name cut short, a different case; nothing near or too many: no guess', () => {
  const names = ['alpha-one', 'alpha-two', 'beta', 'gamma-ray', 'delta-1', 'delta-2', 'delta-3', 'delta-4'];
  assert.deepEqual(closestNames('gamma-rya', names), ['gamma-ray']);
  assert.deepEqual(closestNames('alpha', names), ['alpha-one', 'alpha-two']);
  assert.deepEqual(closestNames('BETA', names), ['beta']);
  assert.deepEqual(closestNames('omega', names), []);
  assert.deepEqual(closestNames('delta', names), [], 'four begin with it: a list, not a suggestion');
  assert.deepEqual(closestNames('', names), []);
  assert.deepEqual(closestNames('x'.repeat(5000), names), [], 'a pasted blob is not compared');
  assert.equal(orList(['a']), 'a');
  assert.equal(orList(['a', 'b', 'c']), 'a, b or c');
});

test('every preset, mistyped by one letter, is suggested back', () => {
  for (const name of ['server-heartbeat-over-nat', 'ios13-forgets-callkit', 'network-change', 'lte-heartbeat-30s']) {
    const typo = name.slice(0, 4) + name.slice(5);
    assert.ok(presetSuggestions(typo).includes(name), `${typo} → ${presetSuggestions(typo).join(', ')}`);
  }
});
