// The radio fold against energies computed by hand from the FACTS figures (FACTS: Radio energy of
// a heartbeat), for simple packet trains.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RadioFold } from '../../shared/folds/radio-fold.ts';
import type { RadioProfileName } from '../../shared/model/radio.ts';
import { summarize } from '../../shared/folds/summary.ts';
import type { LifelineEvent } from '../../shared/log/events.ts';

const DRX = 1.06 + (0.62 * 2) / 40; // ARO long-DRX baseline with its pings
const PAGING = (0.594 * 0.043) / 1.28;
const LTE_ONE = 0.26 * 1.21 + 0.1 * 1.2 + 10.02 * DRX; // promotion + continuous reception + DRX

const start = (radio: RadioProfileName): LifelineEvent => ({ t: 0, kind: 'run.start', scenario: 's', mode: 'fast', seed: 1, natIdleTimeoutSec: 300, durationSec: 0, wallClock: '', radio });
const fwd = (t: number, dir: 'up' | 'down' = 'down'): LifelineEvent => ({ t, kind: 'nat', op: 'forward', mapping: 1, dir, verb: 'PING', refreshed: true });
const end = (t: number): LifelineEvent => ({ t, kind: 'run.end', wallMs: 0 });

function energy(radio: RadioProfileName, packetsMs: number[], endMs: number) {
  const f = new RadioFold();
  for (const e of [start(radio), ...packetsMs.map((t) => fwd(t)), end(endMs)]) f.push(e);
  return { ...f.result(), fold: f };
}

const close = (a: number, b: number, tol = 0.01) => assert.ok(Math.abs(a - b) <= tol, `${a} ≈ ${b}`);

test('one packet on LTE (ARO): promotion, then a 10.12 s tail, then idle paging', () => {
  const e = energy('lte', [1000], 100_000);
  close(e.joules, LTE_ONE);
  close(e.radioOnSec, 10.38);
  close(e.idleJoules, (100 - 10.38) * PAGING);
  assert.equal(e.profile, 'lte');
  assert.deepEqual([...e.fold.segments, ...e.fold.projected(100_000)].map((s) => [s.state, s.from, s.to]), [
    ['idle', 0, 1000], ['promotion', 1000, 1260], ['active', 1260, 1360], ['short-drx', 1360, 1380], ['long-drx', 1380, 11_380], ['idle', 11_380, 100_000],
  ]);
});

test('one packet on each profile costs what FACTS derives', () => {
  close(energy('lte-huang', [0], 60_000).joules, 0.26 * 1.21 + 11.576 * 1.06); // ≈ 12.6 J
  close(energy('3g', [0], 60_000).joules, 2 * 0.65 + 4 * 1.3 + 10 * 0.3); // ≈ 9.5 J
  close(energy('wifi', [0], 60_000).joules, 0.25 * 0.403);
  close(energy('wifi', [0], 60_000).idleJoules, 59.75 * 0.02);
  close(energy('3g', [0], 60_000).radioOnSec, 16);
});

test('two packets within one tail: one promotion, the tail restarts at the second', () => {
  const e = energy('lte', [1000, 6000], 60_000);
  const first = 0.26 * 1.21 + 0.1 * 1.2 + (6 - 1.26 - 0.1) * DRX;
  close(e.joules, first + 0.1 * 1.2 + 10.02 * DRX);
  close(e.radioOnSec, 5 + 10.12);
});

test('a packet during the promotion waits for it: PING and PONG in the same instant cost one tail', () => {
  const f = new RadioFold();
  for (const ev of [start('lte'), fwd(0, 'down'), fwd(0, 'up'), fwd(100, 'up'), end(60_000)]) f.push(ev);
  close(f.result().joules, LTE_ONE);
});

test('a line from the server the NAT drops never reached the radio; one from the device, and an RST toward it, did', () => {
  const f = new RadioFold();
  f.push(start('lte'));
  f.push({ t: 1000, kind: 'nat', op: 'drop', mapping: 1, dir: 'down', verb: 'PING' });
  f.push(end(60_000));
  assert.equal(f.result().joules, 0);
  const up = new RadioFold();
  up.push(start('lte'));
  up.push({ t: 1000, kind: 'nat', op: 'drop', mapping: 1, dir: 'up', verb: 'PING' });
  up.push(end(60_000));
  close(up.result().joules, LTE_ONE);
  const g = new RadioFold();
  g.push(start('lte'));
  g.push({ t: 1000, kind: 'nat', op: 'rst', mapping: 1, side: 'device' });
  g.push(end(60_000));
  close(g.result().joules, LTE_ONE);
});

test('per day on LTE: a heartbeat every 30 s costs ≈ 9× one every 270 s (≈ 33 kJ vs ≈ 3.7 kJ)', () => {
  const train = (every: number) => Array.from({ length: Math.floor(86_400 / every) }, (_, i) => i * every * 1000);
  const a = energy('lte', train(30), 86_400_000);
  const b = energy('lte', train(270), 86_400_000);
  close(a.joulesPerDay / b.joulesPerDay, 9, 0.01);
  close(a.joulesPerDay, 2880 * LTE_ONE, 1);
  assert.ok(Math.abs(a.joulesPerDay - 33_000) / 33_000 < 0.03, `30 s: ${a.joulesPerDay}`);
  assert.ok(Math.abs(b.joulesPerDay - 3700) / 3700 < 0.03, `270 s: ${b.joulesPerDay}`);
});

test('below the radio-on time the radio never rests: energy saturates near the tail power', () => {
  const perDay = (radio: RadioProfileName, every: number) =>
    energy(radio, Array.from({ length: Math.floor(86_400 / every) }, (_, i) => i * every * 1000), 86_400_000);
  const five = perDay('lte', 5);
  const eight = perDay('lte', 8);
  close(five.idleJoules, 0, 0.5);
  assert.ok(five.joulesPerDay / eight.joulesPerDay < 1.02, `${five.joulesPerDay} vs ${eight.joulesPerDay}`);
  assert.ok(five.joulesPerDay <= 86_400 * 1.2 && five.joulesPerDay >= 86_400 * DRX, `${five.joulesPerDay}`);
  // 3G: DCH 4 s then FACH; every 12 s the radio never leaves FACH for idle, and each beat after the
  // first lands in FACH and pays the FACH→DCH promotion: 1.5 s promotion, 4 s DCH, 6.5 s FACH a beat.
  const g = perDay('3g', 12);
  assert.ok(g.radioOnSec > 86_000, `3G radio on ${g.radioOnSec} s`);
  close(g.joulesPerDay, 2 * 0.65 + 4 * 1.3 + 6 * 0.3 + 7199 * (1.5 * 0.8 + 4 * 1.3 + 6.5 * 0.3), 1);
});

test('summary.energy: the radio named by run.start, projected to the last event', () => {
  const s = summarize([start('lte'), fwd(0), end(86_400_000)]);
  close(s.energy.joules, LTE_ONE);
  close(s.energy.joulesPerDay, LTE_ONE);
  assert.equal(s.energy.profile, 'lte');
  // A session without a radio (older files) reads as ARO's LTE.
  const { radio: _radio, ...legacy } = start('lte') as Extract<LifelineEvent, { kind: 'run.start' }>;
  const old = summarize([legacy, fwd(0), end(1000)]);
  assert.equal(old.energy.profile, 'lte');
});

test('a network change switches the radio: the old tail ends there, profiles are listed in order', () => {
  const s = summarize([start('lte'), fwd(0), { t: 5000, kind: 'network', label: 'home', radio: 'wifi', natIdleTimeoutSec: 3600 }, fwd(6000), end(60_000)]);
  close(s.energy.joules, 0.26 * 1.21 + 0.1 * 1.2 + 4.64 * DRX + 0.25 * 0.403);
  assert.equal(s.energy.profile, 'lte+wifi');
});

test('FACTS 3G radio states: a packet in FACH first pays the FACH→DCH promotion (1.5 s at 0.8 W); one in DCH does not', () => {
  // From idle at 0 s: IDLE→DCH 0–2 s, then DCH. The packet at 4 s (in DCH) just restarts DCH: DCH
  // 2–8 s, FACH 8–18 s, idle. At 20 s from idle again (DCH 22–26 s, FACH 26–36 s); the packet at
  // 30 s lands in FACH and pays the FACH→DCH promotion before DCH starts again.
  const e = energy('3g', [0, 4000, 20_000, 30_000], 60_000);
  const segs = [...e.fold.segments, ...e.fold.projected(60_000)].map((s) => [s.state, s.from, s.to]);
  assert.deepEqual(segs, [
    ['promotion', 0, 2000], ['active', 2000, 8000], ['fach', 8000, 18_000], ['idle', 18_000, 20_000],
    ['promotion', 20_000, 22_000], ['active', 22_000, 26_000], ['fach', 26_000, 30_000],
    ['promotion', 30_000, 31_500], ['active', 31_500, 35_500], ['fach', 35_500, 45_500], ['idle', 45_500, 60_000],
  ]);
  close(e.joules, 2 * 0.65 + 6 * 1.3 + 10 * 0.3 + 2 * 0.65 + 4 * 1.3 + 4 * 0.3 + 1.5 * 0.8 + 4 * 1.3 + 10 * 0.3);
});

test('a promotion under way at the end counts only up to the end: the radio is never on longer than the run', () => {
  const e = energy('lte', [0, 60_000], 60_000); // the second packet comes from idle at the last instant
  close(e.joules, LTE_ONE);
  close(e.radioOnSec, 10.38);
  const g = energy('3g', [0, 12_000], 12_750); // FACH at 12 s: half of its 1.5 s promotion is in the run
  close(g.joules, 2 * 0.65 + 4 * 1.3 + 6 * 0.3 + 0.75 * 0.8);
  close(g.radioOnSec, 12.75);
});
