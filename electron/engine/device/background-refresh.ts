// Background app refresh (BGAppRefreshTask): the app asks to run "not before" a time, and the
// system picks when. FACTS: Background app refresh — about 30 s at a moment the system chooses,
// earliestBeginDate being only a lower bound; FACTS: Background execution limits — nothing lets
// an app run periodically, so each run is a short visit, and its socket is reclaimed again at the
// suspension that ends it (FACTS: Socket reclaim).
import type { Clock, Timer } from '../clock/clock.ts';
import type { Recorder } from '../recorder.ts';
import type { DeviceApp } from './device-app.ts';
import type { Scenario } from '../../../shared/scenario/scenario.ts';
import { seededRandom } from '../../../shared/util/random.ts';

/** A stream of its own, so that adding a refresh does not move the app's other seeded draws. */
const STREAM = 0x5eed;

export class BackgroundRefresh {
  private timer: Timer | null = null;
  private endTimer: Timer | null = null;
  private readonly random: () => number;

  constructor(
    private readonly s: Scenario,
    private readonly clock: Clock,
    private readonly app: DeviceApp,
    private readonly rec: Recorder,
  ) {
    this.random = seededRandom((s.seed ?? 1) ^ STREAM);
  }

  /** The app submits its request (at launch, and again in each run, as apps do). */
  schedule(): void {
    const earliestSec = this.s.app.backgroundRefresh?.earliestBeginSec;
    if (earliestSec === undefined) return;
    const lateSec = this.random() * this.s.model.refreshLateMaxSec;
    this.rec.record({ kind: 'refresh', op: 'scheduled', earliestSec });
    this.timer = this.clock.after(Math.round((earliestSec + lateSec) * 1000), () => this.begin());
  }

  private begin(): void {
    this.timer = null;
    if (this.app.state === 'active') {
      this.rec.record({ kind: 'refresh', op: 'skipped', reason: 'the app is in the foreground' });
    } else {
      const runSec = this.s.model.refreshRunSec;
      this.rec.record({ kind: 'refresh', op: 'begin' });
      this.app.runInBackground('refresh', runSec);
      this.endTimer = this.clock.after(runSec * 1000, () => {
        this.endTimer = null;
        this.rec.record({ kind: 'refresh', op: 'end' });
      });
    }
    this.schedule();
  }

  stop(): void {
    this.clock.cancel(this.timer);
    this.clock.cancel(this.endTimer);
    this.timer = this.endTimer = null;
  }
}
