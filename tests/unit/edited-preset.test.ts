import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asEdited, fileStem, isEdited } from '../../shared/scenario/edited-preset.ts';
import { PRESETS } from '../../shared/scenario/presets.ts';
import { validateScenario } from '../../shared/scenario/scenario.ts';

const preset = PRESETS[0]!;

test('any changed field makes the preset "<name> (edited)" without its lesson; changing it back restores both', () => {
  const untouched = asEdited(structuredClone(preset), preset);
  assert.deepEqual(untouched, preset);
  const draft = structuredClone(preset) as Record<string, unknown> & { nat: { idleTimeoutSec: number } };
  draft.nat.idleTimeoutSec = 200;
  const edited = asEdited(draft, preset) as Record<string, unknown>;
  assert.equal(edited.name, `${preset.name} (edited)`);
  assert.equal(edited.lesson, undefined);
  assert.equal(edited.expect, undefined, 'the numbers that state the lesson go with it');
  assert.ok(isEdited(validateScenario(edited).name));
  // A timeline entry or a model setting counts as much as any other field.
  const timeline = structuredClone(preset) as Record<string, unknown> & { timeline: unknown[] };
  timeline.timeline = [...timeline.timeline, { atSec: 100, action: 'kill' }];
  assert.equal((asEdited(timeline, preset) as { name: string }).name, `${preset.name} (edited)`);
  // Back to the preset's values (even with another key order): it is the preset again.
  const back = { ...edited, nat: { refreshOn: 'both', onExpiry: 'drop', idleTimeoutSec: 300 } };
  assert.deepEqual(asEdited(back, preset), preset);
  // A scenario opened from a file has no preset: left as it is.
  assert.equal(asEdited(draft, undefined), draft);
});

test('file names from scenario names', () => {
  assert.equal(fileStem('server-heartbeat-under-nat (edited)'), 'server-heartbeat-under-nat-edited');
  assert.equal(fileStem('my app/v2'), 'my-app-v2');
  assert.equal(fileStem('  '), 'scenario');
});
