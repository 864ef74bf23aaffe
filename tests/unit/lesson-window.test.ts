// Lesson mode's window for each moment: around it, inside the run, the summing-up moments over the
// whole run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { momentWindow } from '../../shared/folds/lesson/moment-window.ts';
import type { LessonMoment } from '../../shared/folds/lesson/moments.ts';

const at = (t: number, kind: LessonMoment['kind'] = 'path-dead'): LessonMoment => ({ t, kind, title: '', caption: '' });
const hour = { t0: 0, t1: 3_600_000 };

test('a moment is shown four NAT timeouts wide, two fifths of the way in', () => {
  assert.deepEqual(momentWindow(at(1_800_000), hour, 300), { t0: 1_320_000, t1: 2_520_000 });
});

test('near either end the window stays inside the run, the same width', () => {
  assert.deepEqual(momentWindow(at(60_000), hour, 300), { t0: 0, t1: 1_200_000 });
  assert.deepEqual(momentWindow(at(3_590_000), hour, 300), { t0: 2_400_000, t1: 3_600_000 });
});

test('a short NAT timeout still shows two minutes; a window as wide as the run is the whole run', () => {
  assert.deepEqual(momentWindow(at(600_000), hour, 20), { t0: 552_000, t1: 672_000 });
  assert.equal(momentWindow(at(600_000), { t0: 0, t1: 900_000 }, 300), null);
});

test('the summing-up moments are shown over the whole run', () => {
  assert.equal(momentWindow(at(3_600_000, 'dead-total'), hour, 300), null);
  assert.equal(momentWindow(at(3_600_000, 'kept-alive'), hour, 300), null);
});
