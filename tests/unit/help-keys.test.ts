// The help and the inspector's docs list every live-action key (shared/view/live-actions.ts): a
// key added there and missing here was how C and B went unlisted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { LIVE_ACTIONS } from '../../shared/view/live-actions.ts';
import { SHORTCUTS } from '../../shared/view/help.ts';

const keys = LIVE_ACTIONS.map((a) => a.key.toUpperCase());

test('the help dialog’s keyboard list has every live action, with its words', () => {
  for (const a of LIVE_ACTIONS) assert.ok(SHORTCUTS.some((s) => s.key === a.key.toUpperCase() && s.what === a.what), a.key);
  assert.ok(keys.includes('C') && keys.includes('B'));
});

test('docs/inspector.md lists the live-action keys, all of them in order, wherever it lists them', () => {
  const doc = fs.readFileSync('docs/inspector.md', 'utf8');
  const lists = [...doc.matchAll(/`((?:[A-Z] )+[A-Z])`/g)].map((m) => m[1]!);
  assert.ok(lists.length >= 2, 'the live-actions section and the keyboard section');
  for (const l of lists) assert.equal(l, keys.join(' '));
});
