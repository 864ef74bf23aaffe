// Local Push Connectivity, run in fast mode over real loopback sockets: the provider and the local
// push server are a real TCP hop of their own; the provider runs only on a listed Wi-Fi network.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { all, runFast, scenario } from '../helpers/run.ts';
import { validateScenario } from '../../shared/scenario/scenario.ts';
import { foldChart } from '../helpers/chart.ts';

const ward = (fallback?: 'pushkit') =>
  scenario({
    ios: 14,
    networks: { 'ward-wifi': { idleTimeoutSec: 300, radio: 'wifi' }, 'icu-wifi': { idleTimeoutSec: 300, radio: 'wifi' }, cellular: { idleTimeoutSec: 300, radio: 'lte' } },
    network: 'ward-wifi',
    app: { voipSocket: false, localPush: { ssids: ['ward-wifi', 'icu-wifi'] } },
    server: { heartbeatSec: null, pushEverySec: 600, pushVia: 'local-push', ...(fallback ? { fallback } : {}) },
    timeline: [
      { atSec: 60, action: 'background' },
      { atSec: 1500, action: 'network-change', to: 'cellular' },
      { atSec: 2500, action: 'network-change', to: 'icu-wifi' },
    ],
  });

test('Local Push Connectivity: the provider runs only on a listed network, stops with noNetworkAvailable on leaving, starts again on return; pushes meanwhile are lost', async () => {
  const r = await runFast(ward());
  const phases = all(r.events, 'local-push', (e) => e.op !== 'timer').map((e) => [e.t / 1000, e.op, e.network, e.reason]);
  assert.deepEqual(phases, [
    [0, 'start', 'ward-wifi', 'joined ward-wifi, a listed network'],
    [1500, 'stop', 'cellular', 'noNetworkAvailable'],
    [2500, 'start', 'icu-wifi', 'joined icu-wifi, a listed network'],
  ]);
  // The provider's own heartbeat runs on its timer, only while it runs.
  const timers = all(r.events, 'local-push', (e) => e.op === 'timer').map((e) => e.t / 1000);
  assert.ok(timers.length > 20);
  for (const t of timers) assert.ok(t < 1500 || t > 2500, `timer event at ${t} s while stopped`);
  assert.deepEqual(all(r.events, 'push.service', (e) => e.local === true && e.who === 'device').map((e) => [e.t / 1000, e.op]), [[0, 'connected'], [1500, 'closed'], [2500, 'connected']]);
  assert.deepEqual(all(r.events, 'push', (e) => e.op === 'lost').map((e) => [e.t / 1000, e.reason]), [[1800, 'local push server: device not connected'], [2400, 'local push server: device not connected']]);
  assert.deepEqual(r.summary.pushes, { sent: 6, delivered: 4, lost: 2, blocked: 0, delayed: 0 });
  assert.equal(all(r.events, 'lifecycle', (e) => e.reason === 'local-push').length, 4, 'each push wakes the app');
  const lane = foldChart(r.events).series;
  assert.deepEqual(lane.localPush.map((g) => [g.from / 1000, g.state]), [[0, 'running'], [1500, 'stopped'], [2500, 'running']]);
  assert.equal(lane.pushService.length, 0, 'the local push server is not APNs');
});

test('Local Push Connectivity: with server.fallback "pushkit", pushes sent off the listed networks go through PushKit', async () => {
  const r = await runFast(ward('pushkit'));
  assert.deepEqual(r.summary.pushes, { sent: 6, delivered: 6, lost: 0, blocked: 0, delayed: 0 });
  assert.deepEqual(all(r.events, 'push.system', (e) => e.op === 'received').map((e) => e.id), [3, 4], 'the two off-network pushes came as VoIP pushes');
  assert.deepEqual(all(r.events, 'push.service', (e) => e.op === 'forward' && e.local === true).map((e) => e.id), [1, 2, 5, 6]);
});

test('Local Push Connectivity: fields that belong together are checked together', () => {
  const base = ward();
  const bad = (o: object, msg: RegExp) => assert.throws(() => validateScenario({ ...base, ...o }, 'x.json'), msg);
  bad({ app: { ...base.app, localPush: undefined } }, /server.pushVia: "local-push" needs app.localPush/);
  bad({ server: { ...base.server, pushVia: 'pushkit', fallback: 'pushkit' } }, /server.fallback: only with server.pushVia "local-push"/);
  bad({ timeline: [{ atSec: 5, action: 'push', to: 'x' }] }, /timeline\[0\].to: only a network-change/);
  bad({ app: { ...base.app, localPush: { ssids: Array.from({ length: 11 }, (_, i) => `w${i}`) } } }, /at most 10 networks/);
  bad({ app: { ...base.app, localPush: { ssids: ['ward-wifi', 'car-park'] } } }, /x\.json: app\.localPush\.ssids\[1\]: no network "car-park" in networks$/);
  const { networks: _n, network: _s, timeline: _t, ...single } = base;
  assert.throws(() => validateScenario(single, 'x.json'), /app\.localPush\.ssids\[0\]: no network "ward-wifi" in networks/);
});

test('Local Push Connectivity: with model.lockedWifiOffEverySec, a locked phone turns Wi-Fi off for lockedWifiOffSec at those intervals; the provider stops and restarts; unlocking brings Wi-Fi back', async () => {
  const s = scenario({
    ios: 14,
    durationSec: 2850,
    networks: { 'ward-wifi': { idleTimeoutSec: 300, radio: 'wifi' } },
    network: 'ward-wifi',
    app: { voipSocket: false, localPush: { ssids: ['ward-wifi'] } },
    server: { heartbeatSec: null, pushEverySec: 300, pushVia: 'local-push' },
    model: { lockedWifiOffEverySec: 700, lockedWifiOffSec: 200 },
    timeline: [
      { atSec: 60, action: 'lock' },
      { atSec: 61, action: 'lock' }, // locked already: changes nothing
      { atSec: 1700, action: 'unlock' }, // Wi-Fi is off (since 1660 s): it comes back at once
      { atSec: 2000, action: 'lock' },
    ],
  });
  const r = await runFast(s);
  const phases = all(r.events, 'local-push', (e) => e.op !== 'timer').map((e) => [e.t / 1000, e.op, e.reason]);
  const off = 'noNetworkAvailable: Wi-Fi off while the phone is locked';
  const back = 'Wi-Fi back on ward-wifi, a listed network';
  assert.deepEqual(phases, [
    [0, 'start', 'joined ward-wifi, a listed network'],
    [760, 'stop', off],
    [960, 'start', back],
    [1660, 'stop', off],
    [1700, 'start', back],
    [2700, 'stop', off],
  ]);
  // Pushes every 300 s: the one at 900 s falls in the first Wi-Fi-off stretch, the one at 2700 s
  // in the last; the one at 1800 s came after the unlock.
  assert.deepEqual(all(r.events, 'push', (e) => e.op === 'lost').map((e) => e.t / 1000), [900, 2700]);
  // Without the setting (the default) a locked phone keeps Wi-Fi.
  const plain = await runFast({ ...s, model: { ...s.model, lockedWifiOffEverySec: null } });
  assert.deepEqual(all(plain.events, 'local-push', (e) => e.op !== 'timer').map((e) => e.op), ['start']);
});
