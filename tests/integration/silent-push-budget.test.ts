// Silent (background) pushes through the push service, run in fast mode over real loopback
// sockets: at most model.silentPushesPerHour delivered in any hour; the rest held or dropped, visibly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { all, runFast, scenario } from '../helpers/run.ts';

const silent = (perHour?: number) =>
  scenario({
    ios: 14,
    durationSec: 3 * 3600,
    app: { voipSocket: false },
    server: { heartbeatSec: null, pushEverySec: 600, pushVia: 'silent' },
    ...(perHour === undefined ? {} : { model: { silentPushesPerHour: perHour } }),
  });

test('Silent push budget: no more than silentPushesPerHour delivered in any hour; over budget delayed, a newer one drops the held one', async () => {
  const r = await runFast(silent());
  const delivered = all(r.events, 'push.system', (e) => e.op === 'received').map((e) => e.t);
  for (const t of delivered) assert.ok(delivered.filter((u) => u > t - 3600_000 && u <= t).length <= 3, `more than 3 in the hour before ${t}`);
  assert.deepEqual(all(r.events, 'push.system', (e) => e.op === 'received').map((e) => e.id), [1, 2, 3, 6, 8, 9, 12, 14, 15]);
  // Push 6 was held at 3600 s and delivered when the first delivery left the hour.
  assert.deepEqual(all(r.events, 'push.system', (e) => e.id === 6).map((e) => [e.t / 1000, e.op]), [[3600, 'delayed'], [4200, 'received']]);
  const dropped = all(r.events, 'push.system', (e) => e.op === 'dropped').map((e) => e.id);
  assert.deepEqual(all(r.events, 'push', (e) => e.op === 'lost').map((e) => e.id).slice(0, dropped.length), dropped, 'each dropped push is lost');
  assert.deepEqual(r.summary.pushes, { sent: 18, delivered: 9, lost: 9, blocked: 0, delayed: 13 });
  assert.equal(all(r.events, 'lifecycle', (e) => e.state === 'woken' && e.reason === 'silent').length, 9, 'each delivered silent push wakes the app');
});

test('Silent push budget: a bigger budget delivers every push; none delivers nothing', async () => {
  assert.equal((await runFast(silent(6))).summary.pushes.delivered, 18);
  const none = await runFast(silent(0));
  assert.equal(none.summary.pushes.delivered, 0);
  assert.equal(none.summary.pushes.lost, 18);
});

test('Silent push budget: an app the user force-quit is not launched for a silent push until the user opens it again', async () => {
  // Pushes every 600 s (budget 6 an hour: never the limit here); killed at 1000 s, opened at 2500 s.
  const r = await runFast(
    scenario({
      ios: 14,
      durationSec: 4000,
      app: { voipSocket: false },
      server: { heartbeatSec: null, pushEverySec: 600, pushVia: 'silent' },
      model: { silentPushesPerHour: 6 },
      timeline: [{ atSec: 60, action: 'background' }, { atSec: 1000, action: 'kill' }, { atSec: 2500, action: 'foreground' }, { atSec: 2600, action: 'background' }, { atSec: 3500, action: 'memory-pressure' }],
    }),
  );
  const fate = all(r.events, 'push.system').map((e) => [e.t / 1000, e.op]);
  assert.deepEqual(fate, [[600, 'received'], [1200, 'dropped'], [1800, 'dropped'], [2400, 'dropped'], [3000, 'received'], [3600, 'received']]);
  assert.match(all(r.events, 'push.system', (e) => e.op === 'dropped')[0]!.reason ?? '', /force-quit/);
  // Jetsam is not the user: after memory pressure at 3500 s the push at 3600 s launches the app.
  assert.deepEqual(all(r.events, 'lifecycle', (e) => e.t === 3600_000).map((e) => [e.state, e.reason]), [['woken', 'silent: launched in the background']]);
  assert.deepEqual(r.summary.pushes, { sent: 6, delivered: 3, lost: 3, blocked: 0, delayed: 0 });
});

test('Silent push budget: a force-quit app the system launched (for a call) and the user then opened gets its silent pushes again', async () => {
  const r = await runFast(
    scenario({
      ios: 14,
      durationSec: 2500,
      app: { voipSocket: false },
      server: { heartbeatSec: null, pushEverySec: 600, pushVia: 'silent' },
      model: { silentPushesPerHour: 6 },
      timeline: [
        { atSec: 60, action: 'background' },
        { atSec: 500, action: 'kill' },
        { atSec: 550, action: 'call-start' }, // launched in the background for the call
        { atSec: 580, action: 'call-end' }, // running: the push at 600 s is delivered
        { atSec: 700, action: 'foreground' }, // the user opens it
        { atSec: 800, action: 'background' },
        { atSec: 1000, action: 'kill' },
      ],
    }),
  );
  const fate = all(r.events, 'push.system').map((e) => [e.t / 1000, e.op]);
  assert.deepEqual(fate, [[600, 'received'], [1200, 'dropped'], [1800, 'dropped'], [2400, 'dropped']]);
  const opened = await runFast(scenario({ ...r.scenario, timeline: r.scenario.timeline.filter((e) => e.atSec < 1000) }));
  assert.deepEqual(all(opened.events, 'push.system').map((e) => e.op), ['received', 'received', 'received', 'received'], 'opened by the user, no longer force-quit');
});
