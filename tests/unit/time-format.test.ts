import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDuration, formatSecMs, formatTime, formatTimeMs, timeTicks } from '../../shared/util/time-format.ts';

test('a 24 h span ticks on round hours; a short one on round seconds', () => {
  const day = timeTicks(0, 86_400_000, 10);
  assert.deepEqual(day.map((t) => formatTime(t, true)), ['0:00:00', '3:00:00', '6:00:00', '9:00:00', '12:00:00', '15:00:00', '18:00:00', '21:00:00', '24:00:00']);
  const hourish = timeTicks(1_234_567, 1_234_567 + 3_700_000, 8);
  assert.ok(hourish.every((t) => t % 600_000 === 0), hourish.join());
  assert.deepEqual(timeTicks(10_500, 20_500, 5), [12_000, 14_000, 16_000, 18_000, 20_000]);
  assert.deepEqual(timeTicks(5, 5, 5), []);
});

test('durations read rounded: seconds, minutes and seconds, hours and minutes', () => {
  assert.equal(formatDuration(0), '0 s');
  assert.equal(formatDuration(0.004), '0 s');
  assert.equal(formatDuration(2.46), '2 s');
  assert.equal(formatDuration(42.6), '43 s');
  assert.equal(formatDuration(3254.2), '54 min 14 s');
  assert.equal(formatDuration(3300), '55 min');
  assert.equal(formatDuration(3535), '58 min 55 s');
  assert.equal(formatDuration(86_399), '23 h 59 min');
  assert.equal(formatDuration(7200), '2 h');
});

test('event times read to the millisecond, with hours', () => {
  assert.equal(formatTimeMs(0), '0:00:00.000');
  assert.equal(formatTimeMs(5_025_678), '1:23:45.678');
  assert.equal(formatTimeMs(59_999.9), '0:00:59.999');
  assert.equal(formatTimeMs(90_061_001), '25:01:01.001');
});

test("a capture's spans read to the millisecond: 20.028 s, not 20.028485 s; under half a millisecond is said, not 0 s", () => {
  assert.equal(formatSecMs(20.028485), '20.028 s');
  assert.equal(formatSecMs(0.33333333), '0.333 s');
  assert.equal(formatSecMs(0.0001234), '< 0.001 s');
  assert.equal(formatSecMs(0), '0 s');
});
