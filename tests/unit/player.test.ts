// The recorded-session player on synthetic event lists: seek, step, jump to the next of a kind,
// speed. After every move the folds must equal a fresh fold of exactly the events up to the cursor.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RecordedPlayer } from '../../shared/player/recorded-player.ts';
import { RecordedFolds } from '../../shared/player/recorded-folds.ts';
import { Folds } from '../../shared/player/folds.ts';
import { checkpoint, restore } from '../../shared/player/checkpoint.ts';
import { connectionEvents } from '../../shared/capture/capture-events.ts';
import { IntervalsBySide } from '../../shared/folds/series.ts';
import { JUMP_KINDS, type PlayerState, type Ticker } from '../../shared/player/player.ts';
import type { LifelineEvent } from '../../shared/log/events.ts';
import { syntheticSession } from '../helpers/synthetic-session.ts';
import { seededRandom } from '../../shared/util/random.ts';
import { visibleMarkers } from '../../shared/view/downsample-series.ts';
import type { Marker } from '../../shared/folds/series.ts';
import { legendMarks, walkLegendMarks } from '../helpers/legend-marks.ts';

/** A manual clock: `advance` moves wall time and runs the timer once per elapsed period. */
function manualTicker(): Ticker & { advance(ms: number): void; running: () => boolean } {
  let now = 0;
  let timer: { ms: number; fn: () => void; next: number } | null = null;
  return {
    now: () => now,
    every(ms, fn) {
      const t = { ms, fn, next: now + ms };
      timer = t;
      return () => {
        if (timer === t) timer = null;
      };
    },
    advance(ms) {
      const until = now + ms;
      for (let guard = 0; timer && timer.next <= until && guard < 100_000; guard++) {
        now = timer.next;
        timer.next += timer.ms;
        timer.fn();
      }
      now = until;
    },
    running: () => timer !== null,
  };
}

function open(events: LifelineEvent[], checkpointEvery = 64) {
  const ticker = manualTicker();
  const p = new RecordedPlayer({ sourceId: 's', name: 'synthetic', scenario: null, events }, ticker, { checkpointEvery });
  let last: { state: PlayerState; folds: Folds } | null = null;
  p.setListener((state, folds) => (last = { state, folds }));
  return { p, ticker, now: () => last! };
}

/** The folds at the cursor equal a fresh fold of the events up to it, series and summary alike. */
function assertFoldsAt(events: LifelineEvent[], got: { state: PlayerState; folds: Folds }, what: string) {
  const n = got.state.index;
  assert.ok(n === 0 || events[n - 1]!.t <= got.state.nowMs, `${what}: shown events are not after the cursor`);
  assert.ok(n === events.length || events[n]!.t > got.state.nowMs, `${what}: every event up to the cursor is shown`);
  const fresh = new Folds().pushAll(events.slice(0, n));
  assert.equal(got.folds.events.length, n, what);
  assert.deepEqual(got.folds.summary.result(), fresh.summary.result(), what);
  const { idleT, idleY, markers, byKind, lifecycle, connection, intervals } = got.folds.series;
  assert.deepEqual({ idleT, idleY, markers, byKind, lifecycle, connection, intervals }, { idleT: fresh.series.idleT, idleY: fresh.series.idleY, markers: fresh.series.markers, byKind: fresh.series.byKind, lifecycle: fresh.series.lifecycle, connection: fresh.series.connection, intervals: fresh.series.intervals }, what);
  assert.equal(got.folds.series.tail(got.state.nowMs)?.y, fresh.series.tail(got.state.nowMs)?.y, what);
}

const events = syntheticSession(1500);

test('opens at the end showing the whole session; the seek range is the session', () => {
  const { now } = open(events);
  assert.equal(now().state.status, 'done');
  assert.equal(now().state.index, events.length);
  assert.equal(now().state.endMs, events.at(-1)!.t);
  assertFoldsAt(events, now(), 'at open');
});

test('seek anywhere, backwards and forwards: the folds equal a fresh fold up to the cursor', () => {
  const { p, now } = open(events);
  const rnd = seededRandom(3);
  const end = events.at(-1)!.t;
  const times = [0, end, end / 2, 1, end - 1, ...Array.from({ length: 40 }, () => Math.floor(rnd() * end))];
  for (const t of times) {
    p.seek(t);
    assert.equal(now().state.nowMs, t);
    assertFoldsAt(events, now(), `seek ${t}`);
  }
  p.seek(-50);
  assert.equal(now().state.nowMs, 0, 'clamped to the start');
  p.seek(end * 9);
  assert.equal(now().state.nowMs, end, 'clamped to the end');
});

test('step moves one instant at a time, both ways', () => {
  const { p, now } = open(events);
  p.seek(0);
  const instants = [...new Set(events.map((e) => e.t))];
  for (let k = 1; k < 40; k++) {
    p.step(1);
    assert.equal(now().state.nowMs, instants[k], `step ${k}`);
    assertFoldsAt(events, now(), `step ${k}`);
  }
  for (let k = 38; k >= 30; k--) {
    p.step(-1);
    assert.equal(now().state.nowMs, instants[k]);
    assertFoldsAt(events, now(), `back ${k}`);
  }
  p.seek(0);
  p.step(-1);
  assert.equal(now().state.nowMs, 0, 'nothing before the start');
});

test('jump to the next / previous NAT expiry, disconnect, wake', () => {
  const { p, now } = open(events);
  for (const kind of Object.keys(JUMP_KINDS) as (keyof typeof JUMP_KINDS)[]) {
    // Read the long way: every mark of the kind, every wake in the log.
    const all = kind === 'wake' ? events.filter((e) => e.kind === 'lifecycle' && e.state === 'woken') : new Folds().pushAll(events).series.markers.filter((m) => m.kind === kind);
    const times = [...new Set(all.map((e) => e.t))];
    assert.ok(times.length >= 3, kind);
    p.seek(0);
    assert.equal(p.jumpTarget(kind, -1), null, `${kind}: none before the start`);
    for (const t of times) {
      assert.equal(p.jumpTarget(kind, 1), t, `${kind}: the target the control shows`);
      assert.equal(p.jump(kind, 1), true);
      assert.equal(now().state.nowMs, t, `${kind} forward`);
      assertFoldsAt(events, now(), kind);
    }
    assert.equal(p.jumpTarget(kind, 1), null, 'no target after the last');
    assert.equal(p.jump(kind, 1), false, 'none after the last');
    assert.equal(p.jumpTarget(kind, -1), times.at(-2));
    assert.equal(p.jump(kind, -1), true);
    assert.equal(now().state.nowMs, times.at(-2), `${kind} back`);
  }
});

test('play advances virtual time at the chosen speed, appending to the folds, and stops at the end', () => {
  const { p, ticker, now } = open(events);
  p.seek(60_000);
  p.setSpeed(600);
  p.play();
  assert.equal(now().state.status, 'running');
  const seekSeq = now().state.seekSeq;
  // The player ticks every 33 ms of wall time: 30 ticks are 990 ms, 594 s of virtual time at 600×.
  ticker.advance(990);
  assert.equal(now().state.nowMs, 60_000 + 600 * 990, 'wall time × speed');
  assert.equal(now().state.seekSeq, seekSeq, 'playing appends: no rebuild');
  assertFoldsAt(events, now(), 'playing');
  p.setSpeed(0.25);
  ticker.advance(33 * 120);
  assert.equal(now().state.nowMs, 60_000 + 594_000 + 990);
  p.pause();
  assert.equal(now().state.status, 'paused');
  ticker.advance(10_000);
  assert.equal(now().state.nowMs, 654_990, 'paused: time stands still');
  p.setSpeed(1e9);
  assert.equal(now().state.speed, 3600, 'speed is capped at 3600×');
  p.setSpeed(0);
  assert.equal(now().state.speed, 0.25);
  p.setSpeed(3600);
  p.play();
  ticker.advance(events.at(-1)!.t / 3600 + 1000);
  assert.equal(now().state.status, 'done');
  assert.equal(ticker.running(), false, 'the timer stops at the end');
  assertFoldsAt(events, now(), 'end');
  p.play();
  assert.equal(now().state.nowMs, 0, 'play at the end starts over');
  p.close();
});

test('after seeks, the player folds hold the full fold’s own segment objects up to the checkpoint (views remember them by identity)', () => {
  const events = syntheticSession(3000);
  const folded = new RecordedFolds(256);
  for (const e of events) folded.push(e);
  const p = new RecordedPlayer({ sourceId: 's', name: 's', scenario: null, events, folded }, manualTicker());
  const end = events.at(-1)!.t;
  const same = (name: string, mine: readonly unknown[], full: readonly unknown[], upTo: number) => {
    for (let i = 0; i < upTo; i++) assert.ok(mine[i] === full[i], `${name}[${i}] is a copy`);
  };
  for (const f of [0.001, 0.6, 0.2, 0.9, 0.9001, 0.3]) {
    p.seek(Math.floor(end * f));
    const { folds, state } = p.current;
    const cp = Math.floor(state.index / 256) * 256;
    // Up to the checkpoint the player restored from (less its last, which it may still close).
    const at = new Folds().pushAll(events.slice(0, cp));
    same('lifecycle', folds.series.lifecycle, folded.full.series.lifecycle, at.series.lifecycle.length - 1);
    same('markers', folds.series.markers, folded.full.series.markers, at.series.markers.length - 1);
    assert.deepEqual(folds.series.lifecycle, new Folds().pushAll(events.slice(0, state.index)).series.lifecycle);
  }
});

test('a jump to the next disconnect lands on every disconnect the summary counts, even one with no socket closed', () => {
  // A path that dies at a NAT expiry is a disconnect (the card counts it) though no conn event says so.
  const dies: LifelineEvent[] = [
    { t: 0, kind: 'run.start', scenario: 'x', mode: 'fast', seed: 1, natIdleTimeoutSec: 300, durationSec: 3600, wallClock: 'w' },
    { t: 0, kind: 'nat', op: 'created', mapping: 1 },
    { t: 1000, kind: 'conn', op: 'open', conn: 1 },
    { t: 1000, kind: 'server', op: 'hello', client: 1 },
    { t: 301_000, kind: 'nat', op: 'expired', mapping: 1, reason: 'idle' },
    { t: 3_600_000, kind: 'run.end', wallMs: 1 },
  ];
  const full = new Folds().pushAll(dies);
  assert.equal(full.summary.result().disconnects, 1);
  assert.equal(dies.some((e) => e.kind === 'conn' && e.op === 'closed'), false);
  const { p, now } = open(dies);
  p.seek(0);
  assert.equal(p.jump('disconnect', 1), true);
  assert.equal(now().state.nowMs, 301_000);
  assert.equal(p.jump('disconnect', 1), false);
  assert.equal(p.jump('nat-expiry', -1), false, 'the cursor is on the expiry: none before it');
});

test('a checkpoint keeps the length of the intervals per side, not a copy; a plain object of arrays (a radio profile) is a value, never overwritten by a restore', () => {
  const profile = { name: 'p', tail: [{ sec: 1 }, { sec: 2 }] };
  const full = { per: new IntervalsBySide(), n: 1, profile };
  full.per.client.push({ t: 1, sec: 30 }, { t: 2, sec: 30 });
  const cp = checkpoint(full);
  // Costs nothing per element: a fold that checkpoints every 8,192 events stays linear.
  assert.equal(JSON.stringify(cp).includes('"t":1,'), false, 'only the last element is copied');
  full.per.client.push({ t: 3, sec: 60 });
  full.per.server.push({ t: 3, sec: 90 });
  full.n = 2;
  const other = { name: 'q', tail: [{ sec: 9 }] };
  full.profile = other;
  const back = restore(cp, full);
  assert.deepEqual({ client: back.per.client, server: back.per.server, n: back.n, profile: back.profile }, { client: [{ t: 1, sec: 30 }, { t: 2, sec: 30 }], server: [], n: 1, profile });
  // Restored in place again (a later seek), neither profile object is touched.
  restore(cp, full, back, cp);
  assert.deepEqual(other, { name: 'q', tail: [{ sec: 9 }] });
  assert.deepEqual(profile, { name: 'p', tail: [{ sec: 1 }, { sec: 2 }] });
});

test('a capture connection seeks like a session: intervals per side, expiries and all equal a fresh fold', () => {
  let t = 0;
  const packets = Array.from({ length: 900 }, (_, i) => ({ tSec: (t += i % 100 === 99 ? 400 : 1), dir: i % 3 === 1 ? ('down' as const) : ('up' as const), flags: 0, payloadLen: i % 3 === 2 ? 0 : 8 }));
  const capture = connectionEvents(packets, { label: 'c', assumedNatTimeoutSec: 300, durationSec: t, startedAt: new Date(0) });
  const { p, now } = open(capture);
  assert.equal(now().folds.series.intervals.client.length, 299);
  const rnd = seededRandom(5);
  for (let k = 0; k < 30; k++) {
    const at = Math.floor(rnd() * t * 1000);
    p.seek(at);
    assertFoldsAt(capture, now(), `seek ${at}`);
  }
});

test("a player's state carries its kind, its load progress and its problems; a listener hears each change", () => {
  const events: LifelineEvent[] = [{ t: 0, kind: 'run.start', scenario: 's', mode: 'fast', seed: 1, natIdleTimeoutSec: 300, durationSec: 10, wallClock: '' }];
  const p = new RecordedPlayer({ sourceId: 'cap', name: 'x.pcapng', scenario: null, events }, manualTicker(), { kind: 'capture', problems: ['x.pcapng: byte 96: cut short'] });
  const heard: PlayerState[] = [];
  p.setListener((s) => heard.push(s));
  assert.deepEqual([heard[0]!.kind, heard[0]!.progress, heard[0]!.problems], ['capture', null, ['x.pcapng: byte 96: cut short']]);
  p.setProgress({ label: 'NAT timeout 120 s…', fraction: 0.25 });
  p.setProgress({ label: 'NAT timeout 120 s…', fraction: 0.25 });
  assert.equal(heard.length, 2, 'the same progress again is no change');
  assert.deepEqual(heard.at(-1)!.progress, { label: 'NAT timeout 120 s…', fraction: 0.25 });
  p.report('reading connection #3: gone');
  p.dismissProblems();
  assert.deepEqual(heard.slice(-2).map((s) => s.problems), [['x.pcapng: byte 96: cut short', 'reading connection #3: gone'], []]);
  assert.equal(new RecordedPlayer({ sourceId: 's', name: 's', scenario: null, events }, manualTicker()).current.state.kind, 'session', 'a session unless told');
});

test('the marks in a window, read through each kind\'s list, are those a walk over every mark keeps, in the fold\'s order, after seeks', () => {
  // The walk the lists replaced: count each kind in the window, then keep every k-th of each.
  const walk = (markers: readonly Marker[], t0: number, t1: number, perKind: number) => {
    const inWindow = markers.filter((m) => m.t >= t0 && m.t <= t1);
    const counts = new Map<string, number>();
    for (const m of inWindow) counts.set(m.kind, (counts.get(m.kind) ?? 0) + 1);
    const k = (kind: string) => (counts.get(kind)! <= perKind ? 1 : 2 ** Math.ceil(Math.log2(counts.get(kind)! / perKind)));
    return inWindow.filter((m) => m.n % k(m.kind) === 0);
  };
  const { p, now } = open(events);
  const rnd = seededRandom(5);
  const end = events.at(-1)!.t;
  let checked = 0;
  for (let i = 0; i < 30; i++) {
    // The player's folds after a seek are restored from a checkpoint: their lists must be too.
    p.seek(Math.floor(rnd() * end));
    const series = now().folds.series;
    assert.ok(series.markers.length > 0);
    const a = Math.floor(rnd() * end);
    const b = a + Math.floor(rnd() * (end - a));
    for (const perKind of [1, 3, 300]) {
      assert.deepEqual(visibleMarkers(series, a, b, perKind).markers, walk(series.markers, a, b, perKind), `window ${a}..${b}, ${perKind} a kind`);
      checked++;
    }
  }
  assert.equal(checked, 90);
});

test('the legend\'s counts kept by the fold (hollow marks, marks off the line) are what a walk over every mark finds, after seeks', () => {
  const { p, now } = open(events);
  const rnd = seededRandom(9);
  const end = events.at(-1)!.t;
  for (let i = 0; i < 20; i++) {
    p.seek(Math.floor(rnd() * end));
    const series = now().folds.series;
    assert.deepEqual(legendMarks(series), walkLegendMarks(series.markers), `at ${now().state.nowMs}`);
  }
});
