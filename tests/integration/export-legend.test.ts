// The exported chart's key (`lifeline export --svg`, the inspector's SVG and PNG export) lists what
// the run draws in the page's words: the entries of shared/view/chart-legend.ts for that run, no
// PushKit or CallKit entry for a plain heartbeat run, and the page's y axis title.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { Folds } from '../../shared/player/folds.ts';
import { PRESETS } from '../../shared/scenario/presets.ts';
import { chartKey, legendContent, legendEntries, mergeKeys } from '../../shared/view/chart-legend.ts';
import { Y_AXIS_TITLE } from '../../shared/view/chart-view.ts';
import { renderChartSvg } from '../../shared/view/chart-svg.ts';
import { recordPreset } from '../helpers/record-session.ts';
import { runFast } from '../helpers/run.ts';
import { drawnEntries, svgLegend, svgYTitle } from '../helpers/svg-legend.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-export-legend-'));
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A preset run and exported with the CLI, as a person shares one; the series the page would fold from it. */
function exported(preset: string) {
  const { file, events } = recordPreset(preset, dir);
  const out = path.join(dir, `${preset}.svg`);
  const r = spawnSync(process.execPath, [path.resolve('bin/lifeline.js'), 'export', file, '--svg', out], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  return { svg: fs.readFileSync(out, 'utf8'), series: new Folds().pushAll(events).series };
}

/** The page's key for this run (HeartbeatChart builds it the same way), as the export drew it (zoomed out or not). */
const pageEntries = (series: Parameters<typeof chartKey>[0], svg: string) => legendEntries(mergeKeys([chartKey(series, { envelope: svg.includes('class="idle-envelope"'), capture: false })]));

const MARKS = (svg: string) => svgLegend(svg).filter((e) => e.id.startsWith('marker-')).map((e) => e.id.slice('marker-'.length));

test('lifeline export --svg of server-heartbeat-under-nat: the key lists only its marks, in the page\'s words; no PushKit or CallKit', () => {
  const { svg, series } = exported('server-heartbeat-under-nat');
  const entries = svgLegend(svg);
  assert.deepEqual(entries, pageEntries(series, svg).map(({ id, label }) => ({ id, label })));
  assert.deepEqual(MARKS(svg), [...legendContent(series).markers]);
  assert.ok(MARKS(svg).includes('server-heartbeat'));
  for (const e of entries) assert.doesNotMatch(e.label, /PushKit|CallKit/, `${e.id}: ${e.label}`);
  assert.ok(!entries.some((e) => e.id === 'marker-voip-push' || e.id === 'marker-callkit-report'));
  assert.equal(entries.find((e) => e.id === 'idle')?.label, 'seconds since the NAT saw traffic');
  assert.ok(!svg.includes('idle seconds'), 'not the old words');
  assert.equal(svgYTitle(svg), Y_AXIS_TITLE);
});

test('lifeline export --svg of pushkit-with-callkit: its PushKit pushes and CallKit reports are in the key', () => {
  const { svg, series } = exported('pushkit-with-callkit');
  assert.deepEqual(svgLegend(svg), pageEntries(series, svg).map(({ id, label }) => ({ id, label })));
  const marks = MARKS(svg);
  assert.deepEqual(marks, [...legendContent(series).markers]);
  for (const k of ['voip-push', 'callkit-report'] as const) assert.ok(marks.includes(k), `${k} in ${marks.join(', ')}`);
  assert.equal(svgYTitle(svg), Y_AXIS_TITLE);
});

test('every preset: the exported key lists exactly the shapes its plot draws', async () => {
  for (const s of PRESETS) {
    const { events } = await runFast(s);
    const f = new Folds().pushAll(events);
    const svg = renderChartSvg(f.series, { width: 1200, height: 480, radio: f.summary.radio });
    assert.deepEqual(new Set(svgLegend(svg).map((e) => e.id)), drawnEntries(svg), s.name);
  }
});
