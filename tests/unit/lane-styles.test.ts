// The lane state → style table: no state is told by colour alone, and a state or lane the table
// does not know yet still draws distinctly, labelled in words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { actionLabels, LANE_STYLES, laneStyle, texturePath } from '../../shared/view/lane-styles.ts';
import type { ActionMark } from '../../shared/folds/series.ts';
import type { TimelineActionName } from '../../shared/log/events.ts';

test('within a lane, no two states look alike; trouble and absence are textured; active and connected are different hues', () => {
  for (const [lane, states] of Object.entries(LANE_STYLES)) {
    const looks = Object.values(states).map((s) => `${s.color} ${s.texture}`);
    assert.equal(new Set(looks).size, looks.length, `${lane}: ${looks.join(', ')}`);
    for (const s of Object.values(states)) assert.ok(s.short.length > 0 && s.label.length > 0);
  }
  for (const state of ['dead', 'disconnected', 'reconnecting'] as const) assert.notEqual(LANE_STYLES.connection[state].texture, 'solid', state);
  for (const state of ['suspended', 'terminated', 'not-running'] as const) assert.notEqual(LANE_STYLES.lifecycle[state].texture, 'solid', state);
  assert.notEqual(LANE_STYLES.lifecycle.active.color, LANE_STYLES.connection.connected.color);
  for (const s of Object.values(LANE_STYLES).flatMap((x) => Object.values(x))) assert.equal(texturePath(s.texture, 6) === '', s.texture === 'solid');
});

test('a state the table does not know (a new lane) gets a stable style named after it', () => {
  const a = laneStyle('radio', 'high-power');
  assert.deepEqual(laneStyle('radio', 'high-power'), a, 'the same every time');
  assert.equal(a.label, 'high power');
  assert.match(a.color, /^#[0-9a-f]{6}$/);
  assert.deepEqual(laneStyle('lifecycle', 'suspended'), LANE_STYLES.lifecycle.suspended);
  const many = ['idle', 'low-power', 'high-power', 'tail', 'registered', 'unregistered'].map((s) => laneStyle('push-service', s));
  assert.ok(new Set(many.map((s) => `${s.color} ${s.texture}`)).size >= 4, 'new states mostly look different');
});

test("an action's label runs over no other group's flag: one that would is left out, the rest are kept", () => {
  const at = (t: number, action: TimelineActionName, source: ActionMark['source'] = 'live'): ActionMark => ({ t, action, source });
  // Pixels = ms here; 6 px a character.
  const labels = actionLabels([at(0, 'background', 'timeline'), at(20, 'kill'), at(23, 'foreground'), at(200, 'lock')], (t) => t, (s) => s.length * 6);
  assert.deepEqual(labels.map((l) => [l.x, l.text]), [
    [20, 'kill · foreground'],
    [200, 'lock'],
  ]);
  // With room, every group is labelled.
  assert.equal(actionLabels([at(0, 'background', 'timeline'), at(100, 'kill')], (t) => t, (s) => s.length * 6).length, 2);
});
