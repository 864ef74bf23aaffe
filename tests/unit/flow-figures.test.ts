// A capture's cards read the flow lane at the cursor: breaks, idle past the timeout, the share within it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectionEvents, type EventPacket } from '../../shared/capture/capture-events.ts';
import { foldChart } from '../helpers/chart.ts';
import { flowFigures } from '../../shared/folds/flow-figures.ts';
import { TCP_ACK, TCP_FIN, TCP_PSH } from '../../shared/capture/packet-decode.ts';

// Payload at 0 and 30 s, silence to 400 s (70 s past a 300 s timeout), then 430 s with a FIN.
const packets: EventPacket[] = [0, 30, 400, 430].map((tSec, i) => ({ tSec, dir: 'up', flags: TCP_ACK | TCP_PSH | (i === 3 ? TCP_FIN : 0), payloadLen: 5 }));
const { series } = foldChart(connectionEvents(packets, { label: 'x', assumedNatTimeoutSec: 300, durationSec: 430, startedAt: new Date(0) }));

test('flow figures: a gap over the timeout and the FIN are two breaks; idle past the timeout is the gap less the timeout', () => {
  assert.deepEqual(flowFigures(series.flow, 430_000), { breaks: 2, overTimeoutSec: 70, withinRatio: 0.8372 });
});

test('flow figures are read at the cursor: mid-gap, the idle past the timeout so far; before it, nothing', () => {
  assert.deepEqual(flowFigures(series.flow, 360_000), { breaks: 1, overTimeoutSec: 30, withinRatio: 0.9167 });
  assert.deepEqual(flowFigures(series.flow, 100_000), { breaks: 0, overTimeoutSec: 0, withinRatio: 1 });
  assert.deepEqual(flowFigures([], 0), { breaks: 0, overTimeoutSec: 0, withinRatio: 1 });
});
