// Silent (background, content-available) pushes: low priority and throttled by the system.
// FACTS: Silent push budget — the model delivers at most model.silentPushesPerHour in any hour;
// one over budget is held until the budget allows, and a newer one replaces a held one (APNs
// keeps only the latest background notification), so the older is dropped.
import type { Clock, Timer } from '../clock/clock.ts';
import type { Recorder } from '../recorder.ts';
import type { DeviceApp } from './device-app.ts';
import type { Scenario } from '../../../shared/scenario/scenario.ts';

const HOUR_MS = 3600_000;
/** FACTS: Silent push budget — the app gets up to 30 s to handle a background notification. */
const SILENT_RUN_SEC = 30;

export class SilentPushes {
  /** Delivery times within the last hour, oldest first. */
  private deliveries: number[] = [];
  private held: number | null = null;
  private timer: Timer | null = null;

  constructor(
    private readonly s: Scenario,
    private readonly clock: Clock,
    private readonly app: DeviceApp,
    private readonly rec: Recorder,
  ) {}

  receive(id: number): void {
    if (this.held !== null) {
      this.rec.record({ kind: 'push.system', op: 'dropped', type: 'silent', id: this.held, reason: `replaced by push ${id}: only the latest is kept` });
      this.rec.record({ kind: 'push', op: 'lost', id: this.held, reason: 'silent push coalesced' });
    } else if (this.room()) {
      return this.deliver(id);
    } else {
      this.armRelease();
    }
    this.held = id;
    this.rec.record({ kind: 'push.system', op: 'delayed', type: 'silent', id, reason: `over budget (${this.s.model.silentPushesPerHour} an hour)` });
  }

  private room(): boolean {
    const now = this.clock.now();
    while (this.deliveries.length && this.deliveries[0]! <= now - HOUR_MS) this.deliveries.shift();
    return this.deliveries.length < this.s.model.silentPushesPerHour;
  }

  /** With a budget of 0 nothing is ever delivered: the held push waits for a replacement. */
  private armRelease(): void {
    const oldest = this.deliveries[0];
    if (oldest === undefined) return;
    this.timer = this.clock.after(oldest + HOUR_MS - this.clock.now(), () => {
      this.timer = null;
      const id = this.held;
      if (id === null) return;
      if (!this.room()) return this.armRelease();
      this.held = null;
      this.deliver(id);
    });
  }

  private deliver(id: number): void {
    // FACTS: Silent push budget — the system does not launch an app the user force-quit for a
    // silent push, until the user opens it again (one running again, e.g. for a call, gets it).
    if (this.app.userQuit && !this.app.running) {
      this.rec.record({ kind: 'push.system', op: 'dropped', type: 'silent', id, reason: 'the user force-quit the app: not launched for a silent push' });
      this.rec.record({ kind: 'push', op: 'lost', id, reason: 'app force-quit by the user' });
      return;
    }
    this.deliveries.push(this.clock.now());
    this.app.runInBackground('silent', SILENT_RUN_SEC);
    this.rec.record({ kind: 'push.system', op: 'received', type: 'silent', id });
    this.rec.record({ kind: 'push', op: 'delivered', id });
  }

  stop(): void {
    this.clock.cancel(this.timer);
    this.timer = null;
  }
}
