// The lane state → style table: no state is told by colour alone, and a state or lane the table
// does not know yet still draws distinctly, labelled in words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LANE_STYLES, laneStyle, texturePath } from '../../shared/view/lane-styles.ts';

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
