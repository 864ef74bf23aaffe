// Timers that belong to the app's own code (NSTimer, a reconnect backoff): they run only while the
// app executes. FACTS: a suspended app cannot run a timer — the seed's whole reason for server
// heartbeats. Freezing keeps the remaining time, as a run loop that is not scheduled would.
import type { Clock, Timer } from '../clock/clock.ts';

interface Entry {
  fn: () => void;
  due: number;
  remaining: number;
  timer: Timer | null;
}

export class ExecTimers {
  private entries = new Map<string, Entry>();
  private frozen = false;

  constructor(private readonly clock: Clock) {}

  set(name: string, delayMs: number, fn: () => void): void {
    this.cancel(name);
    const e: Entry = { fn, due: this.clock.now() + delayMs, remaining: delayMs, timer: null };
    this.entries.set(name, e);
    if (!this.frozen) this.arm(name, e);
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  cancel(name: string): void {
    const e = this.entries.get(name);
    if (!e) return;
    this.clock.cancel(e.timer);
    this.entries.delete(name);
  }

  freeze(): void {
    if (this.frozen) return;
    this.frozen = true;
    const now = this.clock.now();
    for (const e of this.entries.values()) {
      e.remaining = Math.max(0, e.due - now);
      this.clock.cancel(e.timer);
      e.timer = null;
    }
  }

  thaw(): void {
    if (!this.frozen) return;
    this.frozen = false;
    for (const [name, e] of this.entries) {
      e.due = this.clock.now() + e.remaining;
      this.arm(name, e);
    }
  }

  clear(): void {
    for (const e of this.entries.values()) this.clock.cancel(e.timer);
    this.entries.clear();
  }

  private arm(name: string, e: Entry): void {
    e.timer = this.clock.after(e.remaining, () => {
      this.entries.delete(name);
      e.fn();
    });
  }
}
