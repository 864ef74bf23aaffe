// A view hears its player once per animation frame; its `version` (what the chart, lanes and table
// redraw on) moves only when the folds may have: a big session's progress, reported some hundred
// times while it loads, must not redraw them every time (issue 16: each redraw of half a million
// events was a main-thread task of 50–100 ms).
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { createView, selectSummary } from '../../renderer/src/player/view-store.ts';
import { LoadingPlayer } from '../../renderer/src/player/loading-player.ts';
import { Folds } from '../../shared/player/folds.ts';
import { RecordedFolds } from '../../shared/player/recorded-folds.ts';
import { RecordedPlayer } from '../../shared/player/recorded-player.ts';
import { syntheticSession } from '../helpers/synthetic-session.ts';

/** Animation frames run by hand (the view publishes in one); Node's own, if any, are put back after each test. */
const own = { request: globalThis.requestAnimationFrame, cancel: globalThis.cancelAnimationFrame };
afterEach(() => {
  globalThis.requestAnimationFrame = own.request;
  globalThis.cancelAnimationFrame = own.cancel;
});

function manualFrames(): () => void {
  let queued = new Map<number, FrameRequestCallback>();
  let next = 0;
  globalThis.requestAnimationFrame = (cb) => {
    queued.set(++next, cb);
    return next;
  };
  globalThis.cancelAnimationFrame = (id) => void queued.delete(id);
  return () => {
    const run = queued;
    queued = new Map();
    for (const cb of run.values()) cb(0);
  };
}

test("a loading session's progress does not move its view's version; its growing folds do", () => {
  const frame = manualFrames();
  const events = syntheticSession(2_000);
  const folds = new Folds();
  const player = new LoadingPlayer('s', 'session', 's.jsonl', { label: 'opening', fraction: 0 }, null, folds);
  const view = createView(player);
  frame();
  folds.pushAll(events.slice(0, 1_000));
  player.grew(2_000);
  frame();
  const drawn = view.getState();
  const summary = selectSummary(drawn);
  assert.equal(drawn.playback?.index, 1_000);

  // Folded on, progress reported: the views keep what they drew (cards included), the bar moves.
  folds.pushAll(events.slice(1_000, 1_500));
  player.setProgress({ label: 'opening', fraction: 0.75 });
  frame();
  const progressed = view.getState();
  assert.equal(progressed.playback?.progress?.fraction, 0.75);
  assert.equal(progressed.version, drawn.version);
  assert.equal(selectSummary(progressed), summary);

  // The player says the folds grew: a new version, and the cards are those of the grown folds.
  player.grew(2_000);
  frame();
  const grown = view.getState();
  assert.equal(grown.version, drawn.version + 1);
  assert.deepEqual(selectSummary(grown), new Folds().pushAll(events.slice(0, 1_500)).summary.result(grown.playback!.nowMs));
});

test('a session that finished loading is handed over in its own view: the folds drawn are not drawn again', () => {
  const frame = manualFrames();
  const events = syntheticSession(2_000);
  const folded = new RecordedFolds();
  const loading = new LoadingPlayer('s', 'session', 's.jsonl', { label: 'opening', fraction: 0 }, null, folded.full);
  const view = createView(loading);
  frame();
  for (const e of events) folded.push(e);
  loading.grew(events.length);
  loading.setProgress({ label: 'opening', fraction: 0.5 });
  frame();
  view.getState().setWindow({ t0: 0, t1: 1_000 });
  const drawn = view.getState();

  const ticker = { now: () => 0, every: () => () => {} };
  const player = new RecordedPlayer({ sourceId: 's', name: 's.jsonl', scenario: null, events: folded.full.events, folded }, ticker);
  drawn.handOver(player);
  // Published at once, with the player: the same folds at the same index keep their version.
  const open = view.getState();
  assert.equal(open.player, player);
  assert.equal(open.playback, player.current.state);
  assert.equal(open.data, drawn.data);
  assert.equal(open.version, drawn.version);
  assert.equal(open.window, null);
  assert.equal(open.playback?.progress, null);

  // The loading player is closed: a late report of it reaches no one; the new player's do.
  loading.setProgress({ label: 'opening', fraction: 0.75 });
  frame();
  assert.equal(view.getState(), open);
  player.seek(events[10]!.t);
  frame();
  assert.equal(view.getState().version, open.version + 1);
});
