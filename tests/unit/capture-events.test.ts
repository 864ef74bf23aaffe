// A captured connection becomes events the simulator's own folds understand: the sawtooth peaks
// are the capture's idle gaps, and the summary counts the expiries the gaps imply.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectionEvents, type EventPacket } from '../../shared/capture/capture-events.ts';
import { IdleGapFold } from '../../shared/capture/capture-analysis.ts';
import { foldChart } from '../helpers/chart.ts';
import { chartView, fullWindow } from '../../shared/view/chart-view.ts';
import { TCP_ACK, TCP_FIN, TCP_PSH, TCP_SYN } from '../../shared/capture/packet-decode.ts';

const packets: EventPacket[] = [
  { tSec: 0, dir: 'up', flags: TCP_SYN, payloadLen: 0 },
  { tSec: 0.01, dir: 'down', flags: TCP_SYN | TCP_ACK, payloadLen: 0 },
  { tSec: 30, dir: 'up', flags: TCP_ACK | TCP_PSH, payloadLen: 7, head: 'PING 1\n' },
  { tSec: 30.05, dir: 'down', flags: TCP_ACK, payloadLen: 0 }, // a pure ACK still refreshes the NAT
  { tSec: 400, dir: 'down', flags: TCP_ACK | TCP_PSH, payloadLen: 7, head: '\x16\x03\x01ab\r\n' },
  { tSec: 401, dir: 'up', flags: TCP_ACK | TCP_FIN, payloadLen: 0 },
];

test('capture events: sawtooth peaks are the idle gaps; a gap over the NAT timeout marks an expiry', () => {
  const events = connectionEvents(packets, { label: 'x.pcap #1', assumedNatTimeoutSec: 300, durationSec: 401, startedAt: new Date(0) });
  const { summary, series } = foldChart(events);
  assert.equal(summary.natExpiries, 1);
  // A peak is followed by the drop to 0, or (a gap the NAT forgot) by the break before a new mapping.
  const peaks = series.idleY.filter((y, i) => y !== null && y > 0 && (series.idleY[i + 1] === 0 || series.idleY[i + 1] === null)) as number[];
  const fold = new IdleGapFold();
  for (const p of packets) fold.add(p.tSec, p.dir, p.payloadLen);
  assert.deepEqual([...peaks].sort((a, b) => b - a).map((x) => Math.round(x * 1e6) / 1e6), fold.report(300).largestGapsSec.filter((g) => g > 0));
  assert.deepEqual(series.markers.filter((m) => m.kind === 'nat-expiry').map((m) => m.t), [30_050 + 300_000]);
  assert.equal(events.filter((e) => e.kind === 'frame').length, 2);
  // Only what the capture shows: no mapping re-created, no connection re-opened after the gap, no
  // server or app socket; the FIN is the one connection event.
  assert.deepEqual(events.filter((e) => e.kind === 'conn').map((e) => e.kind === 'conn' && e.op), ['closed']);
  assert.deepEqual(events.filter((e) => e.kind === 'nat' && e.op !== 'forward').map((e) => e.kind === 'nat' && [e.t, e.op]), [[0, 'created'], [330_050, 'expired']]);
  assert.deepEqual(events.filter((e) => !['run.start', 'run.end', 'nat', 'conn', 'frame', 'heartbeat'].includes(e.kind)), []);
  // Payload by the line protocol's verb, else its text (non-printable as '.') and hex.
  assert.deepEqual(events.flatMap((e) => (e.kind === 'frame' ? [[e.side, e.verb, e.line, e.hex]] : [])), [
    ['device', 'PING', 'PING 1', undefined],
    ['server', '?', '...ab..', '16030161620d0a'],
  ]);
  // Payload packets are the marks, one kind per direction; pure ACKs and handshakes are not.
  assert.deepEqual(series.markers.filter((m) => m.kind.endsWith('heartbeat')).map((m) => [m.t, m.kind]), [[30_000, 'client-heartbeat'], [400_000, 'server-heartbeat']]);
  // Nobody's belief is in a capture: nothing is shaded "dead, believed up".
  assert.deepEqual(series.connection.filter((s) => s.state === 'dead'), []);
  // The capture's lane: within the timeout, past it from the expiry to the next packet, then the FIN.
  assert.deepEqual(series.flow.map((s) => [s.from, s.state]), [[0, 'within-timeout'], [330_050, 'over-timeout'], [400_000, 'within-timeout'], [401_000, 'closed']]);
  // The chart shades the gap over the timeout, from the expiry to the next packet, nothing else.
  const view = chartView(series, fullWindow(series.durationMs, series.lastT), series.lastT, 800, { gapsAreReal: true });
  assert.deepEqual(view.dead.map((d) => [d.x1, d.x2]), [[330_050, 400_000]]);
});

test('capture events: intervals are whole microseconds, without float noise', () => {
  const ps: EventPacket[] = [1.234567, 2.345678, 3.000001].map((tSec) => ({ tSec, dir: 'up', flags: TCP_ACK | TCP_PSH, payloadLen: 1 }));
  const iv = connectionEvents(ps, { label: 'x', assumedNatTimeoutSec: 300, durationSec: 1, startedAt: new Date(0) }).flatMap((e) => (e.kind === 'heartbeat' && e.intervalSec !== undefined ? [e.intervalSec] : []));
  assert.deepEqual(iv, [1.111111, 0.654323]);
});

test('a capture\'s y axis reaches its largest gap (867 s under a 300 s timeout), a run\'s stays capped', () => {
  const ps: EventPacket[] = [0, 30, 897, 927].map((tSec) => ({ tSec, dir: 'up', flags: TCP_ACK | TCP_PSH, payloadLen: 7 }));
  const { series } = foldChart(connectionEvents(ps, { label: 'x', assumedNatTimeoutSec: 300, durationSec: 927, startedAt: new Date(0) }));
  const w = fullWindow(series.durationMs, series.lastT);
  const capture = chartView(series, w, series.lastT, 800, { gapsAreReal: true });
  assert.ok(capture.maxY >= 867, `maxY ${capture.maxY}`);
  // A simulation's line climbs for hours after an expiry: there the cap keeps the timeout line readable.
  assert.equal(chartView(series, w, series.lastT, 800).maxY, 800);
});
