// Elements kept from one render to the next (renderer/src/kept-elements.ts): the same element while
// its signature and the scale hold, a new one when either changes, and nothing kept past a render
// that did not draw it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createElement } from 'react';
import { KeptElements } from '../../renderer/src/kept-elements.ts';

const bar = (x: number) => () => createElement('rect', { key: x, x });

test('an element drawn the same is handed back as the same object; one drawn otherwise is made anew', () => {
  const kept = new KeptElements();
  const a = kept.begin('1 ms/col').keep('b1', '3|up', bar(1));
  const b = kept.keep('b2', '1|down', bar(2));
  kept.begin('1 ms/col');
  assert.equal(kept.keep('b1', '3|up', bar(1)), a, 'same key, same signature, same scale: kept');
  assert.notEqual(kept.keep('b2', '2|down', bar(2)), b, 'another signature: made anew');
});

test('a new scale keeps nothing, and an element not drawn in a render is let go', () => {
  const kept = new KeptElements();
  const a = kept.begin('1 ms/col').keep('b1', 'up', bar(1));
  kept.begin('2 ms/col');
  const c = kept.keep('b1', 'up', bar(1));
  assert.notEqual(c, a, 'the time per column changed: its title would be stale');
  kept.begin('2 ms/col');
  kept.begin('2 ms/col');
  assert.notEqual(kept.keep('b1', 'up', bar(1)), c, 'a render that did not draw it let it go');
});
