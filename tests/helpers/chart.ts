// The renderer's folds over a recorded event log, as the store runs them: summary first, then the
// chart series from the summary's view of each event.
import assert from 'node:assert/strict';
import type { LifelineEvent } from '../../shared/log/events.ts';
import { SummaryFold, type Summary } from '../../shared/folds/summary.ts';
import { SeriesFold, type MarkerKind } from '../../shared/folds/series.ts';
import type { LaneDrawing } from '../../shared/view/lane-rects.ts';

export function foldChart(events: readonly LifelineEvent[]): { summary: Summary; series: SeriesFold } {
  const summary = new SummaryFold();
  const series = new SeriesFold();
  for (const e of events) {
    summary.push(e);
    series.push(e, summary);
  }
  return { summary: summary.result(), series };
}

/** Every counted metric has exactly the marks (or lane intervals) that count it. */
export function assertMarksMatchSummary(events: readonly LifelineEvent[], label: string): void {
  const { summary: s, series } = foldChart(events);
  const marks = (kind: MarkerKind) => series.markers.filter((m) => m.kind === kind);
  const intervals = (state: string) => series.lifecycle.filter((g) => g.state === state).length;
  assert.equal(marks('disconnect').length, s.disconnects, `${label}: disconnect marks`);
  assert.equal(marks('nat-expiry').length, s.natExpiries, `${label}: NAT expiry marks`);
  assert.equal(marks('server-heartbeat').length, s.heartbeats.server, `${label}: server heartbeat marks`);
  assert.equal(marks('client-heartbeat').length, s.heartbeats.client, `${label}: client heartbeat marks`);
  assert.equal(marks('keepalive').length, s.heartbeats.keepaliveHandler, `${label}: keep-alive marks`);
  assert.equal(marks('push').length, s.pushes.sent, `${label}: push marks`);
  assert.equal(marks('push').filter((m) => !m.delivered).length, s.pushes.lost, `${label}: undelivered push marks`);
  assert.equal(marks('push-blocked').length, s.pushes.blocked, `${label}: blocked push marks`);
  assert.equal(intervals('woken'), s.wakeups, `${label}: woken intervals in the lifecycle lane`);
  assert.equal(intervals('terminated'), s.terminations, `${label}: terminated intervals in the lifecycle lane`);
  // The red shading and the connection lane's green are the dead time and the connected share.
  const lasting = (state: string) => series.connection.filter((g) => g.state === state).reduce((sum, g) => sum + ((g.to ?? series.lastT) - g.from), 0);
  assert.equal(lasting('dead') / 1000, s.deadSec, `${label}: dead stretches vs deadSec`);
  assert.equal(Math.round((lasting('connected') / 1000 / s.simulatedSec) * 10000) / 10000, s.connectedRatio, `${label}: connected stretches vs connectedRatio`);
  // A mark's height is the idle time of a mapping that exists; with no mapping there is nothing to
  // measure, and 0 would claim the path had just carried traffic.
  for (const m of series.markers) if (m.y !== null) assert.ok(m.y >= 0, `${label}: ${m.kind} at ${m.t} ms has idle ${m.y}`);
  const natDrops = events.filter((e) => e.kind === 'nat' && e.op === 'expired' && e.reason !== 'idle').map((e) => e.t);
  for (const t of natDrops) assert.ok(!marks('nat-expiry').some((m) => m.t === t), `${label}: no NAT-expiry mark at the network change at ${t} ms`);
}

/** The states a lane drawing shows at column `x` (base or flag): what a viewer sees there. */
export function statesDrawnAt<S>(d: LaneDrawing<S>, x: number): Set<S> {
  const out = new Set<S>();
  for (const r of [...d.rects, ...d.flags]) if (r.x <= x && x < r.x + r.w) out.add(r.state);
  return out;
}
