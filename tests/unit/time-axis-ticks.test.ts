import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axisTicks, tickHours, tickLabelPx } from '../../shared/view/time-axis-ticks.ts';
import { formatTime } from '../../shared/util/time-format.ts';

/**
 * The labels' boxes as the chart places them (estimated widths): centred on their ticks, the one
 * that would run past the chart's edge ended at it (HeartbeatChart's TimeTick).
 */
function labelBoxes(t0: number, t1: number, plotPx: number, fontPx: number, left: number, right: number) {
  const edge = left + plotPx + right - 1;
  return axisTicks(t0, t1, plotPx, fontPx, right).map((t) => {
    const w = tickLabelPx(formatTime(t, tickHours(t1)), fontPx);
    const x = left + ((t - t0) / (t1 - t0)) * plotPx;
    const end = Math.min(edge, x + w / 2);
    return { t, from: end - w, to: end };
  });
}

test('time tick labels never meet, the last one pulled in from the edge included, at page, projector and export type', () => {
  const windows = [[0, 3_600_000], [0, 7_200_000], [0, 600_000], [1_234_567, 1_934_567], [0, 86_400_000], [3_000_000, 3_600_000], [0, 36_000_000]] as const;
  for (const [fontPx, left, right] of [[14, 64, 24], [20, 64, 24], [12, 96, 44]] as const)
    for (let plotPx = 150; plotPx <= 1800; plotPx += 37)
      for (const [t0, t1] of windows) {
        const boxes = labelBoxes(t0, t1, plotPx, fontPx, left, right);
        assert.ok(boxes.length >= 1, `${fontPx} px type, ${plotPx} px plot, ${t0}–${t1}: some tick`);
        for (let i = 1; i < boxes.length; i++) assert.ok(boxes[i - 1]!.to <= boxes[i]!.from, `${fontPx} px type, ${plotPx} px plot, ${t0}–${t1}: ${JSON.stringify(boxes.slice(i - 1, i + 1))}`);
      }
});

test('a wide plot of an hour at page type still ticks every 10 minutes, and a projector at 1280 px at least every 15', () => {
  assert.deepEqual(axisTicks(0, 3_600_000, 1030, 14, 24).map((t) => formatTime(t, true)), ['0:00:00', '0:10:00', '0:20:00', '0:30:00', '0:40:00', '0:50:00', '1:00:00']);
  assert.ok(axisTicks(0, 3_600_000, 1190, 20, 24).length >= 5);
});
