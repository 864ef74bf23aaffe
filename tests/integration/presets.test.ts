// Every preset, run in fast mode over real sockets: the outcome its lesson promises.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstAfter, runFast } from '../helpers/run.ts';
import type { LifelineEvent } from '../../shared/log/events.ts';
import { assertMarksMatchSummary } from '../helpers/chart.ts';
import { PRESETS, findPreset } from '../../shared/scenario/presets.ts';
import { COMPARE_PAIRS } from '../../shared/scenario/compare-pairs.ts';
import type { Summary } from '../../shared/folds/summary.ts';
import { RadioFold } from '../../shared/folds/radio-fold.ts';

type Expect = (s: Summary) => void;

const expectations: Record<string, Expect> = {
  'mqtt-keepalive-60-under-nat-300': (s) => {
    // Dropped at 150, 241, 333, 427 and 525 s (1.5 × 60 s after the last packet), each time woken by the close.
    assert.equal(s.disconnects, 5);
    assert.equal(s.wakeups, 5);
    assert.equal(s.natExpiries, 0);
    assert.equal(s.deadSec, 0);
  },
  'mqtt-keepalive-360-over-nat-300': (s) => {
    assert.equal(s.natExpiries, 1);
    assert.equal(s.deadSec, 300);
    assert.equal(s.wakeups, 0);
    assert.equal(s.disconnects, 1);
  },
  'server-heartbeat-under-nat': (s) => {
    assert.equal(s.connectedRatio, 1);
    assert.equal(s.disconnects, 0);
    assert.equal(s.natExpiries, 0);
    assert.equal(s.heartbeats.server, 13);
    assert.deepEqual(s.pushes, { sent: 4, delivered: 4, lost: 0, blocked: 0, delayed: 0 });
    assert.equal(s.wakeups, 13 + 3);
  },
  'server-heartbeat-over-nat': (s) => {
    assert.equal(s.natExpiries, 1);
    assert.equal(s.deadSec, 3300);
    assert.deepEqual(s.appSocket.learnSec, { count: 0, median: 0, max: 0, pending: 1 }, 'the app never learns');
    assert.equal(s.pushes.delivered, 0);
    assert.equal(s.wakeups, 0, 'the dropped heartbeat never reaches the app');
  },
  'no-voip-flag': (s) => {
    assert.equal(s.disconnects, 1);
    assert.equal(s.deadSec, 3600 - 65);
    assert.equal(s.wakeups, 0);
    assert.equal(s.pushes.lost, 4);
  },
  'flag-without-plist-mode': (s) => {
    assert.equal(s.deadSec, 3600 - 65);
    assert.equal(s.wakeups, 0);
  },
  'voip-no-heartbeat-short-nat': (s) => {
    assert.equal(s.natExpiries, 1);
    assert.equal(s.deadSec, 3600 - 120);
    assert.deepEqual(s.pushes, { sent: 4, delivered: 0, lost: 4, blocked: 0, delayed: 0 });
  },
  'client-timer-only': (s) => {
    assert.equal(s.heartbeats.client, 3, 'at 60, 120 and 180 s: the task ends at 240 s');
    assert.equal(s.natExpiries, 1);
    assert.equal(s.deadSec, 3600 - 480);
  },
  'seed-snippet': (s) => {
    assert.equal(s.terminations, 1);
    assert.equal(s.connectedRatio, 0.0667);
    assert.equal(s.pushes.delivered, 0);
  },
  'keepalive-600-vs-carrier-300': (s) => {
    assert.equal(s.heartbeats.keepaliveHandler, 6);
    assert.ok(s.natExpiries >= 3, `expiries ${s.natExpiries}`);
    assert.ok(s.connectedRatio > 0.4 && s.connectedRatio < 0.6, `connected ${s.connectedRatio}`);
    assert.ok(s.deadSec > 1500, `dead ${s.deadSec}`);
  },
  'ios10-ignores-legacy': (s) => {
    assert.equal(s.deadSec, 3600 - 65);
    assert.equal(s.wakeups, 0);
  },
  'network-change': (s) => {
    assert.equal(s.disconnects, 1);
    assert.equal(s.natExpiries, 0);
    assert.ok(s.connectedRatio > 0.999, `connected ${s.connectedRatio}`);
    assert.equal(s.pushes.lost, 0);
    assert.deepEqual(s.appSocket.learnSec, { count: 1, median: 0, max: 0, pending: 0 }, 'the reset tells the app at once');
  },
  'pushkit-with-callkit': (s) => {
    assert.deepEqual(s.pushes, { sent: 4, delivered: 4, lost: 0, blocked: 0, delayed: 0 });
    assert.equal(s.wakeups, 4);
    assert.equal(s.terminations, 0);
    // Pushes take the push service: a push sent at any moment would have arrived.
    assert.equal(s.pushVia, 'pushkit');
    assert.deepEqual([s.connectedRatio, s.deadSec, s.disconnects], [1, 0, 0]);
    // The app's own socket is reclaimed at each suspension; each wake reconnects it for a few
    // seconds, and the app learns of the reclaim only at the next wake, 890 s later.
    assert.deepEqual([s.appSocket.connectedRatio, s.appSocket.deadSec, s.appSocket.disconnects], [0.0225, 3505, 4]);
    assert.deepEqual(s.appSocket.learnSec, { count: 4, median: 890, max: 890, pending: 0 });
  },
  'ios13-forgets-callkit': (s) => {
    assert.equal(s.terminations, 4);
    assert.deepEqual(s.pushes, { sent: 12, delivered: 4, lost: 8, blocked: 8, delayed: 0 });
    // Up until the block at 1200 s; from then on the push service accepts calls that never arrive.
    assert.deepEqual([s.connectedRatio, s.deadSec, s.disconnects], [0.3333, 2400, 1]);
  },
  'refresh-cannot-keep-socket': (s) => {
    assert.equal(s.wakeups, 4, 'four refresh runs in four hours, at times the system picked');
    assert.equal(s.disconnects, 5, 'the launch connection and one per run, each reclaimed at suspension');
    assert.ok(s.connectedRatio < 0.02, `connected ${s.connectedRatio}`);
    assert.deepEqual(s.pushes, { sent: 24, delivered: 0, lost: 24, blocked: 0, delayed: 0 });
  },
  'local-push-hospital-wifi': (s) => {
    assert.deepEqual(s.pushes, { sent: 6, delivered: 4, lost: 2, blocked: 0, delayed: 0 }, 'the two calls sent while off the hospital Wi-Fi are lost');
    assert.equal(s.wakeups, 4);
    // Down from 1500 s to 2500 s, off the listed Wi-Fi; the Local Push server knows: no dead time.
    assert.deepEqual([s.pushVia, s.connectedRatio, s.deadSec, s.disconnects], ['local-push', 0.7222, 0, 1]);
    assert.ok(s.appSocket.deadSec > 3400, `the app's own socket, reclaimed at suspension: dead ${s.appSocket.deadSec}`);
  },
  'legacy-voip-ios10-sdk': (s) => {
    assert.equal(s.deadSec, 3600 - 65);
    assert.deepEqual(s.pushes, { sent: 4, delivered: 0, lost: 4, blocked: 0, delayed: 0 });
  },
  'mars-carrier-nat-300': (s) => {
    assert.equal(s.disconnects, 2, 'exactly 2 NAT-caused disconnects');
    assert.equal(s.natExpiries, 2);
    assert.deepEqual(s.heartbeat.intervalSec, { first: 210, final: 250, min: 210, max: 330 });
    assert.equal(s.heartbeat.stable, true);
  },
  'mars-nat-under-floor': (s) => {
    assert.equal(s.heartbeat.stable, false);
    assert.equal(s.heartbeat.intervalSec?.max, 210);
    assert.ok(s.disconnects >= 10, `disconnects ${s.disconnects}`);
    assert.ok(s.connectedRatio < 0.5, `connected ${s.connectedRatio}`);
  },
  'lte-heartbeat-30s': (s) => {
    assert.equal(s.deadSec, 0);
    assert.ok(Math.abs(s.energy.joulesPerDay - 33_000) / 33_000 < 0.03, `${s.energy.joulesPerDay} J/day`);
  },
  'lte-heartbeat-270s': (s) => {
    assert.equal(s.deadSec, 0);
    assert.ok(Math.abs(s.energy.joulesPerDay - 3700) / 3700 < 0.05, `${s.energy.joulesPerDay} J/day`);
  },
  '3g-heartbeat-12s': (s) => {
    assert.equal(s.energy.profile, '3g');
    assert.equal(s.energy.radioOnSec, s.simulatedSec, 'the radio never reaches idle');
    assert.equal(s.energy.idleJoules, 0);
  },
  'carrier-and-home-wifi': (s) => {
    assert.equal(s.energy.profile, 'lte+wifi+lte');
    assert.equal(s.heartbeat.intervalSec?.final, 250, 'back on the carrier, its learned value');
    assert.equal(s.pushes.lost, 0);
  },
};

/** What a lesson says happens, checked in the log (beyond the summary's numbers). */
const storyChecks: Record<string, (events: LifelineEvent[]) => void> = {
  'network-change': (events) => {
    const reset = firstAfter(events, 'conn', (e) => e.op === 'closed');
    assert.deepEqual([reset?.t, reset?.cause], [900_000, 'reset'], 'the app hears of the change at once');
    const woken = events.filter((e) => e.kind === 'lifecycle' && e.t <= 900_000).at(-1);
    assert.equal(woken?.kind === 'lifecycle' && woken.state, 'woken', 'the app runs when the reset comes');
    assert.equal(firstAfter(events, 'conn', (e) => e.op === 'open', 900_000)?.t, 902_000, 'reconnected 2 s later');
    assert.equal(firstAfter(events, 'lifecycle', (e) => e.state === 'suspended', 900_000)?.t, 910_000, 'within the same wake');
    const dead = firstAfter(events, 'server', (e) => e.op === 'dead');
    assert.deepEqual([dead?.t, dead?.client], [1_200_000, 1], 'the server gives up on the old connection at 1200 s');
  },
  'mqtt-keepalive-60-under-nat-300': (events) => {
    const dead = events.filter((e) => e.kind === 'server' && e.op === 'dead');
    assert.deepEqual(dead.map((e) => e.t), // Each CONNACK resets the backoff (FACTS: MQTT reconnect backoff), so every cycle is 90 s + 1 s.
    [150_000, 241_000, 332_000, 423_000, 514_000]);
    for (const d of dead) assert.equal(firstAfter(events, 'lifecycle', () => true, d.t - 1)?.reason, 'voip-close', `the close at ${d.t} wakes the app`);
  },
  'mqtt-keepalive-360-over-nat-300': (events) => {
    assert.equal(firstAfter(events, 'nat', (e) => e.op === 'expired')?.t, 300_000, 'the NAT first, at 5 min');
    assert.equal(firstAfter(events, 'server', (e) => e.op === 'dead')?.t, 540_000, 'the broker at 1.5 × 360 s');
    assert.equal(firstAfter(events, 'lifecycle', () => true, 65_000), undefined, 'and the app never hears of either');
  },
  'ios10-ignores-legacy': (events) => {
    assert.match(firstAfter(events, 'socket.policy')?.reason ?? '', /built with the iOS 13 SDK/);
  },
  'keepalive-600-vs-carrier-300': (events) => {
    // FACTS: What an expired mapping does — the handler's PING at 600 s is dropped; the app learns
    // when its TCP gives up (the error wakes it) and reconnects within that wake.
    assert.deepEqual(firstAfter(events, 'nat', (e) => e.op === 'drop' && e.dir === 'up')?.t, 600_000);
    const closed = firstAfter(events, 'conn', (e) => e.op === 'closed');
    assert.deepEqual([closed?.t, closed?.errno], [1_111_000, 'ETIMEDOUT']);
    assert.equal(firstAfter(events, 'conn', (e) => e.op === 'open', 1_111_000)?.t, 1_113_000);
  },
  '3g-heartbeat-12s': (events) => {
    // FACTS: 3G radio states — the first packet promotes from idle (2 s); every heartbeat after it
    // arrives in FACH and pays the FACH→DCH promotion (1.5 s) before DCH starts again.
    const radio = new RadioFold();
    for (const e of events) radio.push(e);
    const promotions = radio.segments.filter((g) => g.state === 'promotion').map((g) => g.to - g.from);
    const beats = events.filter((e) => e.kind === 'heartbeat' && e.source === 'server').length;
    assert.deepEqual(promotions, [2000, ...Array<number>(beats).fill(1500)]);
  },
};

test('every compare pair names two presets that differ', () => {
  for (const pair of COMPARE_PAIRS) {
    const [l, r] = [findPreset(pair.left), findPreset(pair.right)];
    assert.ok(l && r, `${pair.name}: ${pair.left} and ${pair.right} are presets`);
    assert.notDeepEqual({ ...l, name: '', lesson: '' }, { ...r, name: '', lesson: '' });
    assert.ok(pair.lesson.length > 20);
  }
});

test('every preset has an expectation', () => {
  assert.deepEqual(PRESETS.map((p) => p.name).sort(), Object.keys(expectations).sort());
  for (const p of PRESETS) assert.ok((p.lesson ?? '').length > 20, `${p.name} says what it teaches`);
});

for (const p of PRESETS) {
  test(`preset ${p.name}: ${p.lesson}`, async () => {
    const { summary, events } = await runFast(p);
    assert.equal(summary.simulatedSec, p.durationSec);
    expectations[p.name]!(summary);
    // On the app's socket the headline figures are the app socket's own.
    if (p.server.pushVia === 'socket') assert.deepEqual([summary.connectedRatio, summary.deadSec, summary.disconnects], [summary.appSocket.connectedRatio, summary.appSocket.deadSec, summary.appSocket.disconnects]);
    assertMarksMatchSummary(events, p.name);
    storyChecks[p.name]?.(events);
  });
}

test('30 s vs 270 s on LTE: the same connection, about 9× the radio energy', async () => {
  const [a, b] = await Promise.all(['lte-heartbeat-30s', 'lte-heartbeat-270s'].map((n) => runFast(PRESETS.find((p) => p.name === n)!)));
  const ratio = a!.summary.energy.joulesPerDay / b!.summary.energy.joulesPerDay;
  assert.ok(ratio > 8 && ratio < 9.5, `ratio ${ratio}`);
});
