// A clock timer whose cancel lets go of its callback at once. The clock's queue keeps a cancelled
// timer until its due time; holding the callback (and through it a closed flow's sockets and
// buffers) until then made memory follow connection rate × timeout instead of live flows.
import type { Clock } from '../clock/clock.ts';

export interface Deadline {
  cancel(): void;
}

export function deadline(clock: Clock, delayMs: number, fn: () => void): Deadline {
  let pending: (() => void) | null = fn;
  const t = clock.after(delayMs, () => {
    const f = pending;
    pending = null;
    f?.();
  });
  return {
    cancel: () => {
      pending = null;
      clock.cancel(t);
    },
  };
}
