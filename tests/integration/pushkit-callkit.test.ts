// PushKit VoIP pushes through the push service (a real TCP hop) and the CallKit reporting rule,
// each rule run in fast mode over real loopback sockets and checked in the event log.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { all, firstAfter, runFast, scenario } from '../helpers/run.ts';
import type { SeriesFold } from '../../shared/folds/series.ts';
import type { LifelineEvent } from '../../shared/log/events.ts';
import { assertMarksMatchSummary, foldChart } from '../helpers/chart.ts';

function series(events: LifelineEvent[]): SeriesFold {
  assertMarksMatchSummary(events, 'pushkit');
  return foldChart(events).series;
}

/** An iOS 14 app with no legacy VoIP mode: its socket dies at suspension; pushes go through PushKit. */
const pushkit = (o: Parameters<typeof scenario>[0] = {}) =>
  scenario({
    ios: 14,
    ...o,
    app: { voipSocket: false, voipBackgroundMode: false, ...o.app },
    server: { heartbeatSec: null, pushEverySec: 600, pushVia: 'pushkit', ...o.server },
  });

test('PushKit VoIP pushes: the push service wakes a suspended app and launches a terminated one for every push', async () => {
  const s = pushkit({ timeline: [{ atSec: 60, action: 'background' }, { atSec: 1000, action: 'kill' }] });
  const r = await runFast(s);
  assert.deepEqual(r.summary.pushes, { sent: 6, delivered: 6, lost: 0, blocked: 0, delayed: 0 }, 'the app socket is gone, the push service still delivers');
  assert.equal(all(r.events, 'push.service', (e) => e.op === 'forward').length, 6);
  assert.ok(firstAfter(r.events, 'push.service', (e) => e.op === 'connected' && e.who === 'device'));
  const wakes = all(r.events, 'lifecycle', (e) => e.state === 'woken').map((e) => [e.t / 1000, e.reason]);
  assert.deepEqual(wakes, [[600, 'voip'], [1200, 'voip: launched in the background'], [1800, 'voip'], [2400, 'voip'], [3000, 'voip'], [3600, 'voip']]);
  assert.equal(all(r.events, 'push.system', (e) => e.op === 'reported').length, 6);
  assert.equal(r.summary.terminations, 1, 'only the user kill');
  // Over the app's own socket, the same pushes are lost once it is reclaimed.
  const viaSocket = await runFast(pushkit({ server: { pushVia: 'socket' }, timeline: [{ atSec: 60, action: 'background' }] }));
  assert.equal(viaSocket.summary.pushes.delivered, 0);
});

test('CallKit reporting rule: an unreported VoIP push kills the app, and after callKitBlockAfter kills the pushes are blocked', async () => {
  const r = await runFast(pushkit({ ios: 13, app: { reportsToCallKit: false }, server: { pushEverySec: 300 } }));
  const kills = all(r.events, 'lifecycle', (e) => e.state === 'terminated');
  assert.deepEqual(kills.map((e) => [e.t / 1000, e.reason]), [300, 600, 900, 1200].map((t) => [t, 'VoIP push not reported to CallKit (iOS 13 SDK rule)']));
  assert.equal(r.summary.terminations, 4);
  assert.deepEqual(r.summary.pushes, { sent: 12, delivered: 4, lost: 8, blocked: 8, delayed: 0 });
  const last = all(r.events, 'push.system', (e) => e.op === 'unreported').at(-1)!;
  assert.match(last.reason ?? '', /4 of 4.*stops delivering/);
  assert.equal(all(r.events, 'lifecycle', (e) => e.state === 'woken' && e.t > 1200_000).length, 0, 'a blocked app is never woken again');
  const two = await runFast(pushkit({ ios: 13, app: { reportsToCallKit: false }, server: { pushEverySec: 300 }, model: { callKitBlockAfter: 2 } }));
  assert.equal(two.summary.terminations, 2);
  assert.equal(two.summary.pushes.blocked, 10);
});

test('CallKit reporting rule: exceptions — an app in the foreground, an app built with an older SDK', async () => {
  const fg = await runFast(pushkit({ ios: 13, app: { reportsToCallKit: false }, timeline: [] }));
  assert.equal(fg.summary.terminations, 0);
  assert.equal(fg.summary.pushes.delivered, 6);
  assert.match(firstAfter(fg.events, 'push.system', (e) => e.op === 'unreported')?.reason ?? '', /foreground/);
  const old = await runFast(pushkit({ ios: 13, app: { sdk: 12, reportsToCallKit: false } }));
  assert.equal(old.summary.terminations, 0);
  assert.match(firstAfter(old.events, 'push.system', (e) => e.op === 'unreported')?.reason ?? '', /iOS 12 SDK/);
  const ios12 = await runFast(pushkit({ ios: 12, app: { reportsToCallKit: false } }));
  assert.equal(ios12.summary.terminations, 0);
});

test('CallKit reporting rule in the inspector: the push service lane turns blocked at the kill that starts the block; markers for pushes, reports and blocked pushes', async () => {
  const forgets = series((await runFast(pushkit({ ios: 13, app: { reportsToCallKit: false }, server: { pushEverySec: 300 } }))).events);
  assert.deepEqual(forgets.pushService.map((g) => [g.from / 1000, g.state]), [[0, 'down'], [0, 'up'], [1200, 'blocked']]);
  const kinds = (f: SeriesFold, k: string) => f.markers.filter((m) => m.kind === k).length;
  assert.equal(kinds(forgets, 'voip-push'), 4);
  assert.equal(kinds(forgets, 'push-blocked'), 8);
  assert.equal(kinds(forgets, 'callkit-report'), 0);
  const reports = series((await runFast(pushkit())).events);
  assert.equal(kinds(reports, 'callkit-report'), 6);
  assert.deepEqual(reports.pushService.map((g) => g.state), ['down', 'up']);
  assert.equal(reports.refresh.length, 0, 'no refresh lane without background refresh');
});

test('CallKit reporting rule: exception — an app that already has a call in progress is not killed; after the call it is', async () => {
  // Pushes every 300 s; the user is on a call from 250 s to 700 s, in the background from 60 s.
  const r = await runFast(
    pushkit({
      ios: 13,
      durationSec: 1000,
      app: { reportsToCallKit: false },
      server: { pushEverySec: 300 },
      timeline: [{ atSec: 60, action: 'background' }, { atSec: 250, action: 'call-start' }, { atSec: 700, action: 'call-end' }],
    }),
  );
  const unreported = all(r.events, 'push.system', (e) => e.op === 'unreported').map((e) => [e.t / 1000, e.reason]);
  assert.deepEqual(unreported.slice(0, 2), [
    [300, 'not killed: the app already has a call in progress'],
    [600, 'not killed: the app already has a call in progress'],
  ]);
  assert.match(String(unreported[2]?.[1]), /^killed: handler returned without reportNewIncomingCall \(1 of 4\)/);
  assert.equal(unreported[2]?.[0], 900);
  const kills = all(r.events, 'lifecycle', (e) => e.state === 'terminated').map((e) => e.t / 1000);
  assert.deepEqual(kills, [900]);
});

test('Calls: the app runs in the background while a call lasts, and is suspended suspendAfterSec after it ends', async () => {
  const r = await runFast(
    scenario({
      ios: 14,
      durationSec: 900,
      app: { voipSocket: false, voipBackgroundMode: false },
      server: { heartbeatSec: null, pushEverySec: null },
      timeline: [
        { atSec: 60, action: 'background' }, // suspended 5 s later
        { atSec: 200, action: 'call-start' }, // runs again for the call
        { atSec: 400, action: 'call-end' }, // suspended 5 s later
        { atSec: 500, action: 'kill' },
        { atSec: 600, action: 'call-start' }, // launched in the background for the call
      ],
    }),
  );
  const states = all(r.events, 'lifecycle').map((e) => [e.t / 1000, e.state, e.reason]);
  assert.deepEqual(states, [
    [0, 'active', 'launch'],
    [60, 'background', 'home'],
    [65, 'suspended', 'no background task'],
    [200, 'background', 'call in progress'],
    [405, 'suspended', 'call ended'],
    [500, 'terminated', 'killed by the user'],
    [600, 'background', 'call: launched in the background'],
  ]);
  // Running for the call, the app noticed its reclaimed socket and connected again.
  const opens = all(r.events, 'conn', (e) => e.op === 'open').map((e) => e.t / 1000);
  assert.ok(opens.some((t) => t >= 200 && t < 405), `a connection opened during the call: ${opens.join(', ')}`);
});

test('Calls: a call that ends while a suspension is pending restarts its count (one suspension, suspendAfterSec after the end)', async () => {
  const r = await runFast(
    scenario({
      ios: 14,
      durationSec: 40,
      app: { voipSocket: false, voipBackgroundMode: false },
      server: { heartbeatSec: null, pushEverySec: null },
      timeline: [
        { atSec: 5, action: 'call-start' },
        { atSec: 10, action: 'background' }, // on a call: not suspended
        { atSec: 12, action: 'call-end' }, // suspended 5 s later, at 17
        { atSec: 20, action: 'foreground' },
        { atSec: 20.5, action: 'background' }, // suspended at 25.5, not earlier
      ],
    }),
  );
  const states = all(r.events, 'lifecycle').map((e) => [e.t / 1000, e.state, e.reason]);
  assert.deepEqual(states, [
    [0, 'active', 'launch'],
    [10, 'background', 'home'],
    [17, 'suspended', 'call ended'],
    [20, 'active', 'foreground'],
    [20.5, 'background', 'home'],
    [25.5, 'suspended', 'no background task'],
  ]);
});
