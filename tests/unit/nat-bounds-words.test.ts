import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeBounds } from '../../shared/capture/nat-timeout.ts';

test('the NAT bounds in words: a range where both ends are proved, "at most" where no survived gap bounds it below', () => {
  assert.equal(describeBounds({ low: 240, high: 300, evidence: [] }), 'this path forgot the connection after 240–300 s idle');
  // Not "after 0–330 s idle": zero is no bound the capture proved.
  assert.equal(describeBounds({ low: 0, high: 330, evidence: [] }), 'this path forgot the connection after at most 330 s idle');
  assert.equal(describeBounds({ low: 285, high: null, evidence: [] }), 'this path kept the connection through 285 s idle; no longer gap shows where it forgets');
  assert.equal(describeBounds({ low: 0, high: null, evidence: [] }), "no idle gap in the capture shows the path's NAT timeout");
});
