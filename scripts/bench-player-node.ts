// The player's own figures on a ~1,000,000-event session, in a fresh process so peak memory is
// this work's alone (`npm run bench` spawns it): read + fold on open, seek latency, replay at 3600×.
// Prints one JSON object.
import { performance } from 'node:perf_hooks';
import { readSessionFile } from '../electron/capture/session-reader.ts';
import { RecordedPlayer } from '../shared/player/recorded-player.ts';
import { seededRandom } from '../shared/util/random.ts';
import type { Ticker } from '../shared/player/player.ts';

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

const file = process.argv[2]!;
const t0 = performance.now();
const session = readSessionFile(file);
const readMs = performance.now() - t0;
let wall = 0;
let tick: (() => void) | null = null;
const ticker: Ticker = { now: () => wall, every: (_ms, fn) => ((tick = fn), () => (tick = null)) };
const t1 = performance.now();
const player = new RecordedPlayer({ sourceId: 'bench', name: 'bench', scenario: session.header.scenario, events: session.events }, ticker);
const foldMs = performance.now() - t1;

const end = session.events.at(-1)!.t;
const rnd = seededRandom(7);
const seeks: number[] = [];
for (let i = 0; i < 200; i++) {
  const t = Math.floor(rnd() * end);
  const s = performance.now();
  player.seek(t);
  seeks.push(performance.now() - s);
}

// Replay at 3600×: 33 ms of (simulated) wall time per tick, the work of each tick measured.
player.seek(0);
player.setSpeed(3600);
player.play();
const ticks: number[] = [];
for (let i = 0; i < 100_000 && tick; i++) {
  wall += 33;
  const s = performance.now();
  (tick as () => void)();
  ticks.push(performance.now() - s);
}

console.log(
  JSON.stringify({
    events: session.events.length,
    readMs,
    foldMs,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    seekP50: pct(seeks, 0.5),
    seekP95: pct(seeks, 0.95),
    seekMax: Math.max(...seeks),
    replayTicks: ticks.length,
    replayTickP50: pct(ticks, 0.5),
    replayTickP95: pct(ticks, 0.95),
    replayVirtualSec: end / 1000,
  }),
);
