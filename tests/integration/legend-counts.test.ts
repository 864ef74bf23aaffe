// The legend reads counts the series fold keeps as marks change (a push delivered later, a PING
// dropped, a mark moved off the line), not a walk over every mark: on every preset's run, the two agree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Folds } from '../../shared/player/folds.ts';
import { PRESETS } from '../../shared/scenario/presets.ts';
import { runFast } from '../helpers/run.ts';
import { legendMarks, walkLegendMarks } from '../helpers/legend-marks.ts';

test('every preset: the legend\'s kinds, hollow and off-line marks from the fold\'s counts equal a walk over every mark', async () => {
  let hollow = 0;
  let offLine = 0;
  for (const s of PRESETS) {
    const { events } = await runFast(s);
    const { series } = new Folds().pushAll(events);
    const want = walkLegendMarks(series.markers);
    assert.deepEqual(legendMarks(series), want, s.name);
    hollow += Number(want.hollow);
    offLine += Number(want.noMapping);
  }
  assert.ok(hollow >= 3 && offLine >= 1, `presets with hollow marks ${hollow}, with marks off the line ${offLine}`);
});
