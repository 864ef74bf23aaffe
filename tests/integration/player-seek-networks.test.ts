// The player's seeks over a real run that changes networks (and so radios): every seek equals a
// fresh fold, energy included, and the shared radio profiles are never touched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runFast, scenario } from '../helpers/run.ts';
import { RecordedPlayer } from '../../shared/player/recorded-player.ts';
import { Folds } from '../../shared/player/folds.ts';
import type { PlayerState, Ticker } from '../../shared/player/player.ts';
import { RADIO } from '../../shared/model/radio.ts';

const ticker: Ticker = { now: () => 0, every: () => () => {} };

for (const [from, to] of [['lte', 'wifi'], ['wifi', 'lte']] as const) {
  test(`seeks across a network change from ${from} to ${to}: each equals a fresh fold, and the radio profiles stay as they are`, async () => {
    const radios = JSON.stringify(RADIO);
    const r = await runFast(
      scenario({
        ios: 14,
        durationSec: 3600,
        networks: { a: { idleTimeoutSec: 300, radio: from }, b: { idleTimeoutSec: 300, radio: to } },
        network: 'a',
        app: { voipSocket: false, voipBackgroundMode: false, clientHeartbeatSec: 60 },
        server: { heartbeatSec: null, pushEverySec: null },
        timeline: [{ atSec: 1800, action: 'network-change', to: 'b' }],
      }),
    );
    const p = new RecordedPlayer({ sourceId: 's', name: 'networks', scenario: null, events: r.events }, ticker, { checkpointEvery: 64 });
    let last: { state: PlayerState; folds: Folds } | null = null;
    p.setListener((state, folds) => (last = { state, folds }));
    for (const at of [600_000, 3_000_000, 900_000, 1_200_000, 3_300_000, 300_000, 2_000_000]) {
      p.seek(at);
      const got: { state: PlayerState; folds: Folds } = last!;
      const fresh = new Folds().pushAll(r.events.slice(0, got.state.index));
      assert.deepEqual(got.folds.summary.result(), fresh.summary.result(), `seek ${at}`);
    }
    assert.equal(JSON.stringify(RADIO), radios);
  });
}
