import { test } from 'node:test';
import assert from 'node:assert/strict';
import { valuePieces } from '../../shared/view/metric-format.ts';

test('a card value breaks only inside durations: two after their "/", one between its parts; counts and units stay whole', () => {
  assert.deepEqual(valuePieces('58 min 46 s / 1 h 3 min'), ['58 min 46 s /', '1 h 3 min']);
  assert.deepEqual(valuePieces('38 s / 38 s'), ['38 s /', '38 s']);
  assert.deepEqual(valuePieces('3 h 56 min'), ['3 h', '56 min']);
  assert.deepEqual(valuePieces('1 min 16 s'), ['1 min', '16 s']);
  for (const whole of ['55 min', '0 s', 'never', '—', '0 / 7 / 0', '24 of 24', '46.5%', '545.6 J/day', '2.5 kJ/day', '3']) assert.deepEqual(valuePieces(whole), [whole]);
  // Rejoined, the pieces are the value: what a screen reader and the tests read.
  for (const v of ['58 min 46 s / 1 h 3 min', '3 h 56 min', '24 of 24']) assert.equal(valuePieces(v).join(' '), v);
});
